using System.Data.Common;
using System.Globalization;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>
/// The cases' steps of the ladder: a new case tells its lead discipline's advisors; its triage deadline at 50, 75
/// and 90 % of its working days warns them, a breach warns them and the unit's (and team's district's) chiefs;
/// the same for an anonymous report's acknowledgement (7 days) and feedback (3 months). Each text names only the
/// case number, its team (or unit) and dates or days late. Events about an anonymous report carry the day only.
/// </summary>
public sealed class CaseDeadlineNotices(Notifier notifier, Clock clock)
{
    public async Task<int> RunAsync(DbConnection connection, DbTransaction transaction)
    {
        var today = clock.Today;
        var cases = (await connection.QueryAsync<OpenCase>(
            "SELECT c.id AS Id, c.unit_id AS UnitId, c.team_id AS TeamId, COALESCE(t.name, un.name) AS Place, c.lead_discipline AS LeadDiscipline, " +
            "c.opened_at AS OpenedAt, c.triage_due_on AS TriageDueOn, c.analysis_at AS AnalysisAt, " +
            "CASE WHEN EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id AND s.source = @anonymous) THEN 1 ELSE 0 END AS FromReport " +
            "FROM cases c JOIN units un ON un.id = c.unit_id LEFT JOIN teams t ON t.id = c.team_id WHERE c.closed_at IS NULL",
            new { anonymous = SignalSources.AnonymousReport }, transaction)).ToList();
        var reports = (await connection.QueryAsync<CaseReport>(
            "SELECT s.case_id AS CaseId, r.id AS ReportId, r.received_on AS ReceivedOn, " +
            "CASE WHEN r.acknowledged_at IS NULL THEN 0 ELSE 1 END AS Acknowledged, CASE WHEN r.feedback_at IS NULL THEN 0 ELSE 1 END AS Answered " +
            "FROM anonymous_reports r JOIN signals s ON s.report_id = r.id JOIN cases c ON c.id = s.case_id WHERE c.closed_at IS NULL",
            transaction: transaction)).ToLookup(r => r.CaseId);
        var created = 0;
        foreach (var c in cases)
        {
            var advisors = await Recipients.LeadAdvisorsAsync(connection, transaction, c.Id, c.UnitId, c.LeadDiscipline);
            var link = $"/cases/{c.Id}";
            var number = c.Id.ToString(CultureInfo.InvariantCulture);
            // A case an anonymous report opened is announced from the next day on, never minutes after the filing (SPEC §9 P7).
            if (!c.FromReport || clock.DayOf(c.OpenedAt) < today)
                created += await ToAllAsync(advisors, u => new(u, NotificationKinds.CaseOpened, $"case-opened:{c.Id}", c.TeamId, link, [c.Place, number], c.Id, c.FromReport));

            var triage = TriageDeadlines.WorkingDayState(clock.DayOf(c.OpenedAt), c.TriageDueOn, today, c.AnalysisAt is not null);
            var due = NotificationText.Date(c.TriageDueOn);
            if (TriageDeadlines.Percent(triage) is var percent and > 0)
                created += await ToAllAsync(advisors, u => new(u, NotificationKinds.TriageDeadlineWarning, $"case-triage:{c.Id}:{due}:{percent}", c.TeamId, link,
                    [c.Place, number, percent.ToString(CultureInfo.InvariantCulture), due], c.Id, c.FromReport));
            if (triage == DeadlineState.Breached)
            {
                var late = Math.Max(1, WorkingDays.Between(c.TriageDueOn, today)).ToString(CultureInfo.InvariantCulture);
                var breach = advisors.Concat(await Recipients.ChiefsForAsync(connection, transaction, c.UnitId, c.TeamId)).Distinct().ToList();
                created += await ToAllAsync(breach, u => new(u, NotificationKinds.TriageDeadlineBreached, $"case-triage-breach:{c.Id}:{due}", c.TeamId, link, [c.Place, number, late], c.Id, c.FromReport));
            }
            foreach (var report in reports[c.Id])
            {
                created += await ReportDeadlineAsync(connection, transaction, c, advisors, report, "ack", TriageDeadlines.AcknowledgeBy(report.ReceivedOn), report.Acknowledged,
                    NotificationKinds.AcknowledgeWarning, NotificationKinds.AcknowledgeBreached);
                created += await ReportDeadlineAsync(connection, transaction, c, advisors, report, "feedback", TriageDeadlines.FeedbackBy(report.ReceivedOn), report.Answered,
                    NotificationKinds.FeedbackWarning, NotificationKinds.FeedbackBreached);
            }
        }
        return created;

        async Task<int> ToAllAsync(IEnumerable<int> users, Func<int, NotificationEvent> make)
        {
            var added = 0;
            foreach (var user in users)
                if (await notifier.QueueAsync(connection, transaction, make(user))) added++;
            return added;
        }
    }

    private async Task<int> ReportDeadlineAsync(DbConnection connection, DbTransaction transaction, OpenCase c, IReadOnlyList<int> advisors, CaseReport report,
        string step, DateOnly due, bool met, string warningKind, string breachKind)
    {
        var today = clock.Today;
        var state = TriageDeadlines.State(report.ReceivedOn, due, today, met);
        var number = c.Id.ToString(CultureInfo.InvariantCulture);
        var link = $"/cases/{c.Id}";
        List<NotificationEvent> events = [];
        if (TriageDeadlines.Percent(state) is var percent and > 0)
            events.AddRange(advisors.Select(u => new NotificationEvent(u, warningKind, $"report-{step}:{report.ReportId}:{percent}", c.TeamId, link,
                [c.Place, number, percent.ToString(CultureInfo.InvariantCulture), NotificationText.Date(due)], c.Id, DayOnly: true)));
        if (state == DeadlineState.Breached)
        {
            var late = (today.DayNumber - due.DayNumber).ToString(CultureInfo.InvariantCulture);
            var chiefs = await Recipients.ChiefsForAsync(connection, transaction, c.UnitId, c.TeamId);
            events.AddRange(advisors.Concat(chiefs).Distinct().Select(u => new NotificationEvent(u, breachKind, $"report-{step}-breach:{report.ReportId}", c.TeamId, link,
                [c.Place, number, late], c.Id, DayOnly: true)));
        }
        var added = 0;
        foreach (var e in events)
            if (await notifier.QueueAsync(connection, transaction, e)) added++;
        return added;
    }

    private sealed class OpenCase
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public int? TeamId { get; set; }
        public string Place { get; set; } = "";
        public string LeadDiscipline { get; set; } = "";
        public DateTime OpenedAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
        public DateTime? AnalysisAt { get; set; }
        public bool FromReport { get; set; }
    }

    private sealed class CaseReport
    {
        public int CaseId { get; set; }
        public int ReportId { get; set; }
        public DateOnly ReceivedOn { get; set; }
        public bool Acknowledged { get; set; }
        public bool Answered { get; set; }
    }
}
