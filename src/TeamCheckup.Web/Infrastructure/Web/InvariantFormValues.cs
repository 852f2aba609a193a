using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// Browsers post number and date inputs culture-invariantly ("72.5", "2026-12-15") whatever the page's
/// language; MVC would parse form values with the request culture, so in Dutch "72.5" became 725.
/// Form values are therefore read with the invariant culture. (Numbers and dates themselves are parsed by
/// <see cref="StrictValueBinder"/>, which also understands "2,5" and "1-12-2026"; the form itself was read by
/// <see cref="InputGuardMiddleware"/>, so reading it here never fails.)
/// </summary>
public sealed class InvariantFormValueProviderFactory : IValueProviderFactory
{
    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var request = context.ActionContext.HttpContext.Request;
        if (!request.HasFormContentType) return;
        var form = await request.ReadFormAsync();
        context.ValueProviders.Add(new FormValueProvider(BindingSource.Form, form, CultureInfo.InvariantCulture));
    }

    public static void Use(MvcOptions options)
    {
        var index = options.ValueProviderFactories.IndexOf(options.ValueProviderFactories.OfType<FormValueProviderFactory>().Single());
        options.ValueProviderFactories[index] = new InvariantFormValueProviderFactory();
    }
}
