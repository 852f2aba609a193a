using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>A POST that may be sent again and again without harm (sign-in, language, a read-only look-up):
/// it needs no form token and a repeat is handled like the first.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RepeatablePostAttribute : Attribute;

/// <summary>An action that takes a file (<c>multipart/form-data</c>). Every other POST must be a urlencoded form;
/// this one's text fields are still held to the input rules, and its own size limits apply to the file.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AcceptsFileUploadAttribute : Attribute;

/// <summary>
/// What the form rules need to know about an action, read once from its descriptor:
/// <list type="bullet">
/// <item><see cref="ReshowsForm"/>: it takes a form that has a FluentValidation validator, so it re-shows the
/// form with the errors (HTTP 400) when ModelState is invalid; other actions get the plain 400 page instead;</item>
/// <item><see cref="Fields"/>: the top-level field names it reads from a form (the form model's properties, or
/// else its simple parameters that are not in the route);</item>
/// <item><see cref="NeedsFormToken"/>: a POST that is not <see cref="RepeatablePostAttribute"/>.</item>
/// </list>
/// </summary>
public sealed partial class ActionFacts
{
    private static readonly ConcurrentDictionary<string, ActionFacts> Cache = new();

    private readonly List<(string Name, Type Type, bool Complex)> roots;

    private ActionFacts(bool reshowsForm, bool needsFormToken, IReadOnlySet<string> fields, List<(string, Type, bool)> roots)
    {
        ReshowsForm = reshowsForm;
        NeedsFormToken = needsFormToken;
        Fields = fields;
        this.roots = roots;
    }

    public bool ReshowsForm { get; }
    public bool NeedsFormToken { get; }
    public IReadOnlySet<string> Fields { get; }

    public static ActionFacts Of(ActionDescriptor action, IServiceProvider services, IModelMetadataProvider metadata) =>
        Cache.GetOrAdd(action.Id, _ => Read(action, services, metadata));

    /// <summary>True when the form carries at least one of the action's fields (or the action reads none).</summary>
    public bool IsCarriedBy(IReadOnlySet<string> carried) => Fields.Count == 0 || Fields.Any(carried.Contains);

    /// <summary>True when the field named <paramref name="key"/> ("NewAgreements[0].What") is a text area
    /// (<c>[DataType(DataType.MultilineText)]</c>), where line breaks and tabs belong.</summary>
    public bool AllowsLineBreaks(string key)
    {
        var segments = key.Split('.').Select(s => IndexPattern().Replace(s, "")).ToList();
        foreach (var (name, type, complex) in roots)
        {
            if (!complex) continue;
            var path = segments.Count > 1 && string.Equals(segments[0], name, StringComparison.OrdinalIgnoreCase) ? segments.Skip(1) : segments;
            if (Resolve(type, path) is { } property)
                return property.GetCustomAttribute<DataTypeAttribute>()?.DataType == DataType.MultilineText;
        }
        return false;
    }

    private static ActionFacts Read(ActionDescriptor action, IServiceProvider services, IModelMetadataProvider metadata)
    {
        var routeNames = RouteParameter().Matches(action.AttributeRouteInfo?.Template ?? "").Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var roots = new List<(string, Type, bool)>();
        var complexFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var simpleFields = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var reshows = false;
        foreach (var parameter in action.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source is not null && (source == BindingSource.Services || source == BindingSource.Special || source == BindingSource.Body
                                       || source == BindingSource.Header || source == BindingSource.Path)) continue;
            if (routeNames.Contains(parameter.Name)) continue;
            var model = metadata.GetMetadataForType(parameter.ParameterType);
            // A file is one field of the form, not an object whose properties are posted.
            var file = source == BindingSource.FormFile || typeof(IFormFile).IsAssignableFrom(parameter.ParameterType);
            var complex = model.IsComplexType && !model.IsCollectionType && !file;
            roots.Add((parameter.BindingInfo?.BinderModelName ?? parameter.Name, parameter.ParameterType, complex));
            if (complex)
            {
                foreach (var property in model.Properties.Where(p => p.IsBindingAllowed)) complexFields.Add(property.PropertyName!);
                reshows |= services.GetService(typeof(IValidator<>).MakeGenericType(parameter.ParameterType)) is not null;
            }
            else simpleFields.Add(parameter.BindingInfo?.BinderModelName ?? parameter.Name);
        }
        var post = action.ActionConstraints?.OfType<Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint>()
            .Any(c => c.HttpMethods.Contains(HttpMethods.Post)) == true;
        var repeatable = action.EndpointMetadata.OfType<RepeatablePostAttribute>().Any();
        return new ActionFacts(reshows, post && !repeatable, complexFields.Count > 0 ? complexFields : simpleFields, roots);
    }

    private static PropertyInfo? Resolve(Type type, IEnumerable<string> path)
    {
        PropertyInfo? property = null;
        foreach (var segment in path)
        {
            property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            type = ElementType(property.PropertyType);
        }
        return property;
    }

    private static Type ElementType(Type type) =>
        type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            is { } enumerable ? enumerable.GetGenericArguments()[0] : type;

    [GeneratedRegex(@"\{\**([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex IndexPattern();
}

public static class ErrorPages
{
    /// <summary>True while the exception handler or the status-code pages run the pipeline again for /error:
    /// the request's input was judged already, and the error page must not be refused for it.</summary>
    public static bool IsReExecution(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
        || context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;

    /// <summary>The controller action the request is routed to, if any (not Hangfire, health checks, static files).</summary>
    public static bool IsControllerAction(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ControllerActionDescriptor>() is not null;
}
