using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>Model-binding errors ("abc" typed into a number field) in the user's language, not MVC's English defaults.</summary>
public sealed class LocalizedModelBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var t = factory.Create(typeof(SharedResource));
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => t["Binding.ValueInvalid", value, field]);
        messages.SetValueIsInvalidAccessor(value => t["Binding.ValueInvalid", value, ""]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["Binding.ValueInvalid", value, ""]);
        messages.SetUnknownValueIsInvalidAccessor(field => t["Binding.Invalid", field]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Binding.Invalid", ""]);
        messages.SetValueMustNotBeNullAccessor(field => t["Binding.Required", field]);
        messages.SetMissingBindRequiredValueAccessor(field => t["Binding.Required", field]);
        messages.SetMissingKeyOrValueAccessor(() => t["Binding.Required", ""]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => t["Binding.Required", ""]);
        messages.SetValueMustBeANumberAccessor(field => t["Binding.Number", field]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => t["Binding.Number", ""]);
    }
}
