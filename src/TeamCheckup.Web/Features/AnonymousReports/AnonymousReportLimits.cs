namespace TeamCheckup.Web.Features.AnonymousReports;

/// <summary>
/// The <c>AnonymousReports</c> configuration section: how much one anonymous source can add, so that a
/// case does not grow without bound. Beyond a limit the sender is told so, with the typed text shown back
/// (HTTP 429, until the organisation's next day); nothing is stored and nothing is dropped silently.
/// </summary>
public sealed class AnonymousReportLimits
{
    public const string Section = "AnonymousReports";

    /// <summary>New reports about one unit per day (all reporters together: a report has no identity).</summary>
    public int MaxReportsPerUnitPerDay { get; set; } = 50;

    /// <summary>Additions the reporter sends to one report per day.</summary>
    public int MaxReporterRepliesPerDay { get; set; } = 10;

    /// <summary>Messages from the reporter in one report's thread in all, the report itself included.</summary>
    public int MaxReporterMessagesPerReport { get; set; } = 100;
}

public enum ReplyOutcome { Sent, DailyLimit, ThreadLimit }
