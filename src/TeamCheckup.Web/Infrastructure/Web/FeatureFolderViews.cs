using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Vertical slices: a controller's views sit in the Views folder of the feature its namespace names
/// (<c>TeamCheckup.Web.Features.Cases</c> → <c>/Features/Cases/Views</c>), so a feature may hold several controllers.
/// </summary>
public sealed class FeatureFolderViews : IViewLocationExpander
{
    private const string Key = "feature";
    private const string Prefix = "TeamCheckup.Web.Features.";

    public static readonly string Format = "/Features/{" + Key + "}/Views/{0}" + RazorViewEngine.ViewExtension;

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action
            && action.ControllerTypeInfo.Namespace is { } ns && ns.StartsWith(Prefix, StringComparison.Ordinal))
            context.Values[Key] = ns[Prefix.Length..].Split('.')[0];
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        context.Values.TryGetValue(Key, out var feature) && feature is not null
            ? viewLocations.Select(location => location.Replace("{" + Key + "}", feature))
            : viewLocations.Where(location => !location.Contains("{" + Key + "}"));
}
