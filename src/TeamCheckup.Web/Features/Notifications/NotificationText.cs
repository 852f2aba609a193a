using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>
/// The words of a notification in a given language, from its kind and stored arguments: an argument that is an
/// ISO date is shown as a date of that language, one starting with '@' is a resource key (a report type).
/// </summary>
public sealed class NotificationText(IStringLocalizer<SharedResource> t)
{
    public static readonly IReadOnlyDictionary<string, CultureInfo> Cultures = new Dictionary<string, CultureInfo>
    {
        ["nl"] = new("nl-NL"),
        ["en"] = new("en-GB"),
    };

    public static CultureInfo CultureFor(string? language) => Cultures.GetValueOrDefault(language ?? "nl") ?? Cultures["nl"];

    /// <summary>The line of the inbox, which is also the e-mail's subject; a kind that counts days has a text of its
    /// own for one day (<c>Notify.Kind.{kind}.One</c>), so no line reads "dag(en)".</summary>
    public string Line(string kind, string argumentsJson, CultureInfo? culture = null) =>
        In(culture, () =>
        {
            var arguments = Arguments(argumentsJson, culture ?? CultureInfo.CurrentUICulture);
            var one = NotificationKinds.CountArgument(kind) is int index && index < arguments.Length && arguments[index] as string == "1";
            return t["Notify.Kind." + kind + (one ? ".One" : ""), arguments].Value;
        });

    public string this[string key] => t[key].Value;

    public string Get(string key, CultureInfo culture, params object[] arguments) => In(culture, () => t[key, arguments].Value);

    private object[] Arguments(string json, CultureInfo culture)
    {
        string[] values;
        try { values = JsonSerializer.Deserialize<string[]>(json) ?? []; }
        catch (JsonException) { values = []; }
        return values.Select(v => (object)(
            DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day.ToString("d MMMM yyyy", culture)
            : v.StartsWith('@') ? t[v[1..]].Value
            : v)).ToArray();
    }

    private static string In(CultureInfo? culture, Func<string> render)
    {
        if (culture is null) return render();
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = culture;
            return render();
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
            CultureInfo.CurrentCulture = current;
        }
    }

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
