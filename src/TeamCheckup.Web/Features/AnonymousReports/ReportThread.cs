using Dapper;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.AnonymousReports;

public sealed class ThreadMessage
{
    public bool FromReporter { get; set; }
    public bool IsFeedback { get; set; }
    public string Body { get; set; } = "";
    public DateOnly CreatedOn { get; set; }
}

/// <summary>Where a report stands, in the reporter's words: received, being handled, or done.</summary>
public enum ReportStage { Received, InProgress, Closed }

/// <summary>
/// What the reporter may know of the handling (EU directive 2019/1937, art. 9): the stage and the two promised
/// deadlines — acknowledgement within 7 days, feedback within 3 months — with the day each was met. Days only,
/// never who handles it or any internal note.
/// </summary>
public sealed class ReportProgress
{
    public required ReportStage Stage { get; init; }
    public required DateOnly AcknowledgeBy { get; init; }
    public DateOnly? AcknowledgedOn { get; init; }
    public required DateOnly FeedbackBy { get; init; }
    public DateOnly? FeedbackOn { get; init; }
    public required DateOnly Today { get; init; }
}

public sealed class ReporterView
{
    public required string Category { get; init; }
    public required DateOnly ReceivedOn { get; init; }
    public required IReadOnlyList<ThreadMessage> Messages { get; init; }
    public required ReportProgress Progress { get; init; }
}

/// <summary>
/// The reporter's side: open the report with the key, read the replies (never internal notes) and
/// answer — still anonymous. A wrong key, a malformed key and a missing report all say "not found".
/// </summary>
public sealed class ReportThreadHandler(DbConnectionFactory connections, Clock clock, IOptions<AnonymousReportLimits> limits)
{
    public async Task<int?> FindAsync(string? key)
    {
        if (CaseKeys.Parse(key) is not { } parsed) return null;
        await using var connection = await connections.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<KeyRow>(
            "SELECT id AS Id, key_hash AS KeyHash, key_salt AS KeySalt FROM anonymous_reports WHERE lookup_id = @LookupId", new { parsed.LookupId });
        return row is not null && CaseKeys.Verify(parsed.Secret, row.KeyHash.Trim(), row.KeySalt.Trim()) ? row.Id : null;
    }

    public async Task<ReporterView> ViewAsync(int reportId)
    {
        await using var connection = await connections.OpenAsync();
        var report = await connection.QuerySingleAsync<ReportRow>(
            "SELECT r.category AS Category, r.received_on AS ReceivedOn, r.acknowledged_at AS AcknowledgedAt, r.feedback_at AS FeedbackAt, " +
            "CASE WHEN EXISTS (SELECT 1 FROM signals s JOIN cases c ON c.id = s.case_id WHERE s.report_id = r.id AND c.closed_at IS NOT NULL) " +
            "THEN 1 ELSE 0 END AS CaseClosed FROM anonymous_reports r WHERE r.id = @reportId", new { reportId });
        var messages = (await connection.QueryAsync<ThreadMessage>(
            "SELECT from_reporter AS FromReporter, is_feedback AS IsFeedback, body AS Body, created_on AS CreatedOn FROM report_messages " +
            "WHERE report_id = @reportId AND is_internal = 0 ORDER BY id", new { reportId })).ToList();
        return new ReporterView { Category = report.Category, ReceivedOn = report.ReceivedOn, Messages = messages, Progress = ProgressOf(report) };
    }

    private ReportProgress ProgressOf(ReportRow report) => new()
    {
        Stage = report.CaseClosed ? ReportStage.Closed : report.AcknowledgedAt is null ? ReportStage.Received : ReportStage.InProgress,
        AcknowledgeBy = TriageDeadlines.AcknowledgeBy(report.ReceivedOn),
        AcknowledgedOn = report.AcknowledgedAt is { } acknowledged ? clock.DayOf(acknowledged) : null,
        FeedbackBy = TriageDeadlines.FeedbackBy(report.ReceivedOn),
        FeedbackOn = report.FeedbackAt is { } feedback ? clock.DayOf(feedback) : null,
        Today = clock.Today,
    };

    /// <summary>Adds the reporter's message, unless the report is at its daily or overall limit (<see cref="AnonymousReportLimits"/>).</summary>
    public async Task<ReplyOutcome> ReplyAsync(int reportId, string body)
    {
        var today = clock.Today;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // The report itself is the thread's first message: it counts towards the thread, not towards the day's additions.
        var first = await connection.ExecuteScalarAsync<long>("SELECT MIN(id) FROM report_messages WHERE report_id = @reportId", new { reportId }, transaction);
        var (total, onDay) = await connection.QuerySingleAsync<(long, long)>(
            $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_on = @today AND id > @first THEN 1 ELSE 0 END), 0) FROM report_messages {connections.Dialect.LockForUpdate} " +
            "WHERE report_id = @reportId AND from_reporter = 1", new { reportId, today, first }, transaction);
        if (total >= limits.Value.MaxReporterMessagesPerReport) return ReplyOutcome.ThreadLimit;
        if (onDay >= limits.Value.MaxReporterRepliesPerDay) return ReplyOutcome.DailyLimit;
        await connection.ExecuteAsync(
            "INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, created_on) VALUES (@reportId, 1, 0, 0, @body, @today)",
            new { reportId, body = body.Trim(), today }, transaction);
        await Cases.CaseUnread.MarkForReportAsync(connection, transaction, reportId);
        await transaction.CommitAsync();
        return ReplyOutcome.Sent;
    }

    private sealed class ReportRow
    {
        public string Category { get; set; } = "";
        public DateOnly ReceivedOn { get; set; }
        public DateTime? AcknowledgedAt { get; set; }
        public DateTime? FeedbackAt { get; set; }
        public bool CaseClosed { get; set; }
    }

    private sealed class KeyRow { public int Id { get; set; } public string KeyHash { get; set; } = ""; public string KeySalt { get; set; } = ""; }
}
