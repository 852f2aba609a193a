using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// The text of a case entry as the reader sees it. Entries the app writes itself keep codes, not words: a status
/// change is stored as "Triage → Action" and a closing as "Resolved: rationale", and are shown here with the
/// statuses, outcome and communications decision in the reader's language. What a person typed is shown as typed.
/// </summary>
public static class CaseEntryText
{
    public const string Arrow = " → ";

    public static string Render(string kind, string body, IStringLocalizer t)
    {
        if (kind == "StatusChange" && body.Split(Arrow) is [var from, var to])
            return t["Case.Entry.StatusChange", t["CaseStatus." + from].Value, t["CaseStatus." + to].Value];
        if (kind is "LeadChange" or "HandoverRequest" && body.Split(Arrow) is [var fromLead, var toLead])
            return t["Case.Entry." + kind, t["Discipline." + fromLead].Value, t["Discipline." + toLead].Value];
        if (kind is "LinkedTo" or "LinkedFrom" or "Unlinked" or "SplitInto" or "SplitFrom" && int.TryParse(body, out var other))
            return t["Case.Entry." + kind, other];
        if (kind == "Communication" && CommunicationDecisions.All.Contains(body))
            return t["Case.Communication.Decision." + body];
        if (kind == "Outcome" && body.IndexOf(':') is > 0 and var colon && IsCode(body[..colon]))
            return $"{t["Outcome." + body[..colon]].Value}:{body[(colon + 1)..]}";
        if (kind == "IntegrityOutcome" && IntegrityOutcomes.Render(body, t) is { } integrity) return integrity;
        if (kind == "IntegrityReview" && IntegrityOutcomes.RenderReview(body, t) is { } review) return review;
        return body;
    }

    private static bool IsCode(string text) => text.All(char.IsAsciiLetter);
}
