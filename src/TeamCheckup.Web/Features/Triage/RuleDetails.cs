using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>
/// Why a signal opened or joined a case, in the reader's language: the rules stored in a signal's outcome carry a
/// resource key and their figures (<see cref="FiredRule.DetailKey"/>, <see cref="FiredRule.Args"/>), formatted here
/// with the reader's number format (52,4 in Dutch, 52.4 in English). Outcomes stored before the key existed show
/// their rule's name only: their detail text is English.
/// </summary>
public static class RuleDetails
{
    /// <summary>"Lage tevredenheid (psychologische veiligheid 52,4 &lt; 60 (n=7))" for each rule of the outcome JSON.</summary>
    public static IReadOnlyList<string> Describe(string outcome, IStringLocalizer t)
    {
        using var doc = JsonDocument.Parse(outcome);
        return doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => Describe(r, t)).ToList();
    }

    private static string Describe(JsonElement rule, IStringLocalizer t)
    {
        var name = t["Rule." + rule.GetProperty("rule").GetString()].Value;
        if (rule.GetProperty("rule").GetString() == "incident") return name; // described by its category beside it
        if (!rule.TryGetProperty("detailKey", out var key) || key.ValueKind != JsonValueKind.String) return name;
        var args = rule.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => (object)x.GetDouble()).ToArray() : [];
        return $"{name} ({t[key.GetString()!, args].Value})";
    }
}
