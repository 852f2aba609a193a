using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// "A save may only change what the form carried": a field of a form model (a class under
/// <c>Features</c>) or an action parameter that cannot be empty — a non-nullable number, date or string —
/// must be in the request, or binding fails with "enter …" instead of silently taking the C# default
/// (a team's cadence quietly reset to 3 months). Check boxes (<c>bool</c>) send nothing when unticked and
/// stay optional; values the controller sets itself are marked <c>[BindNever]</c>; a parameter with a
/// default value is optional.
/// </summary>
public sealed class RequiredFieldsConvention : IBindingMetadataProvider
{
    private readonly NullabilityInfoContext nullability = new();

    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        var key = context.Key;
        if (context.BindingMetadata.IsBindingAllowed == false || context.Attributes.OfType<BindingBehaviorAttribute>().Any()) return;
        if (context.BindingMetadata.BindingSource is { } source && (source == BindingSource.Services || source == BindingSource.Special)) return;
        var declaring = key.MetadataKind switch
        {
            ModelMetadataKind.Property => key.ContainerType,
            ModelMetadataKind.Parameter => key.ParameterInfo?.Member.DeclaringType,
            _ => null,
        };
        if (declaring?.Namespace?.StartsWith("TeamCheckup.Web.Features", StringComparison.Ordinal) != true) return;
        if (key.MetadataKind == ModelMetadataKind.Parameter && key.ParameterInfo!.HasDefaultValue) return;
        if (CannotBeEmpty(key)) context.BindingMetadata.IsBindingRequired = true;
    }

    private bool CannotBeEmpty(ModelMetadataIdentity key)
    {
        var type = key.ModelType;
        if (type == typeof(bool)) return false;
        if (type.IsValueType) return Nullable.GetUnderlyingType(type) is null && (type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(DateOnly) || type == typeof(DateTime));
        if (type != typeof(string)) return false;
        var state = key.MetadataKind == ModelMetadataKind.Property && key.PropertyInfo is { } property ? nullability.Create(property).WriteState
            : key.ParameterInfo is { } parameter ? nullability.Create(parameter).WriteState : NullabilityState.Unknown;
        return state == NullabilityState.NotNull;
    }
}

/// <summary>
/// Numbers and dates read strictly, whichever way the user typed them, so nothing is silently stored as
/// something else (before this, "2,5" % parsed invariantly became 25 %):
/// <list type="bullet">
/// <item>whole numbers: digits with an optional sign only (no "1.000", no "0x1F");</item>
/// <item>decimals: one decimal separator, a comma or a point ("2,5" and "2.5" are both 2.5), no thousands
/// separators; "1.000" in Dutch or "1,000" in English could mean a thousand and is refused with a message;</item>
/// <item>dates: ISO "2026-12-01" (what a date picker sends) or day-month-year "1-12-2026", "1/12/2026",
/// "1.12.2026" (both UI languages put the day first); two-digit years are refused.</item>
/// </list>
/// </summary>
public sealed class StrictValueBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        return type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(decimal) || type == typeof(double)
               || type == typeof(float) || type == typeof(DateOnly) ? new StrictValueBinder(type) : null;
    }
}

public sealed partial class StrictValueBinder(Type type) : IModelBinder
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "d-M-yyyy", "d/M/yyyy", "d.M.yyyy"];

    public Task BindModelAsync(ModelBindingContext context)
    {
        var result = context.ValueProvider.GetValue(context.ModelName);
        if (result == ValueProviderResult.None) return Task.CompletedTask;
        context.ModelState.SetModelValue(context.ModelName, result);
        var text = result.FirstValue?.Trim();
        var t = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        // A list element ("Counts[0]") has no property name of its own: name it by its place in the form.
        var field = context.ModelMetadata.MetadataKind == ModelMetadataKind.Type ? context.ModelName : context.ModelMetadata.GetDisplayName();
        if (string.IsNullOrEmpty(text))
        {
            if (context.ModelMetadata.IsReferenceOrNullableType) context.Result = ModelBindingResult.Success(null);
            else context.ModelState.TryAddModelError(context.ModelName, t["Binding.Required", field]);
            return Task.CompletedTask;
        }
        var (value, error) = Parse(text, t, field);
        if (error is null) context.Result = ModelBindingResult.Success(value);
        else context.ModelState.TryAddModelError(context.ModelName, error);
        return Task.CompletedTask;
    }

    private (object? Value, string? Error) Parse(string text, IStringLocalizer t, string field)
    {
        if (type == typeof(DateOnly))
            return DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? (date, null) : (null, t["Input.Binding.Date", text, field]);
        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            if (!WholeNumber().IsMatch(text) || !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                return (null, t["Input.Binding.WholeNumber", text, field]);
            if (type == typeof(int) && whole is < int.MinValue or > int.MaxValue || type == typeof(short) && whole is < short.MinValue or > short.MaxValue)
                return (null, t["Input.Binding.OutOfRange", text, field]);
            return (Convert.ChangeType(whole, type, CultureInfo.InvariantCulture), null);
        }
        var match = DecimalNumber().Match(text);
        if (!match.Success) return (null, t["Input.Binding.Decimal", text, field]);
        var separator = match.Groups["sep"].Value;
        var fraction = match.Groups["frac"].Value;
        var integer = match.Groups["int"].Value;
        // The current language's thousands separator followed by exactly three digits: "1.000" (Dutch) or "1,000" (English).
        if (separator == CultureInfo.CurrentCulture.NumberFormat.NumberGroupSeparator && fraction.Length == 3 && integer.Length is >= 1 and <= 3 && integer[0] != '0')
            return (null, t["Input.Binding.AmbiguousNumber", text, field]);
        if (!decimal.TryParse($"{match.Groups["sign"].Value}{(integer.Length == 0 ? "0" : integer)}.{(fraction.Length == 0 ? "0" : fraction)}",
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return (null, t["Input.Binding.OutOfRange", text, field]);
        return (type == typeof(decimal) ? number : Convert.ChangeType((double)number, type, CultureInfo.InvariantCulture), null);
    }

    [GeneratedRegex(@"^[+-]?[0-9]{1,18}$")]
    private static partial Regex WholeNumber();

    [GeneratedRegex(@"^(?=[^0-9]*[0-9])(?<sign>[+-]?)(?<int>[0-9]{0,20})(?:(?<sep>[.,])(?<frac>[0-9]{1,20}))?$")]
    private static partial Regex DecimalNumber();
}
