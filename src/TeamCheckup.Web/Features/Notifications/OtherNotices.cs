using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>
/// Open agreements due within <see cref="EscalationOptions.AgreementDueSoonDays"/> remind their team's lead(s), and
/// again once overdue (the text names the team and the date, never what was agreed); a quarterly report made by the
/// scheduled batch tells each of its readers (ReportAccess's rules) once per report and quarter.
/// </summary>
public sealed class AgreementAndReportNotices(Notifier notifier, Clock clock, IOptions<NotificationOptions> options)
{
    /// <summary>Only batches this recent announce their reports (a first start does not announce every past quarter).</summary>
    public static readonly TimeSpan ReportAnnouncementWindow = TimeSpan.FromDays(92);

    public async Task<int> AgreementsAsync(DbConnection connection, DbTransaction transaction)
    {
        var today = clock.Today;
        var agreements = await connection.QueryAsync<(int Id, int TeamId, string TeamName, DateOnly DueDate, int RoundId)>(
            "SELECT a.id, a.team_id, t.name, a.due_date, a.last_round_id FROM agreements a JOIN teams t ON t.id = a.team_id AND t.is_active = 1 " +
            "WHERE a.status IN @open AND a.due_date <= @soon",
            new { open = Checkups.ReviewVocabulary.OpenAgreementStatuses, soon = today.AddDays(options.Value.Escalation.AgreementDueSoonDays) }, transaction);
        var leads = (await Recipients.TeamLeadsAsync(connection, transaction)).ToLookup(l => l.TeamId, l => l.UserId);
        var created = 0;
        foreach (var a in agreements)
        {
            var due = NotificationText.Date(a.DueDate);
            var (kind, key) = a.DueDate < today ? (NotificationKinds.AgreementOverdue, "agreement-overdue") : (NotificationKinds.AgreementDue, "agreement-due");
            foreach (var lead in leads[a.TeamId])
                if (await notifier.QueueAsync(connection, transaction, new NotificationEvent(lead, kind, $"{key}:{a.Id}:{due}", a.TeamId, $"/rounds/{a.RoundId}", [a.TeamName, due], a.Id)))
                    created++;
        }
        return created;
    }

    /// <summary>Where a ready report is found: the authorities' page, the annual integrity reports, or the reports page.</summary>
    private static string ReportLink(string type) => type switch
    {
        ReportTypes.Authority or ReportTypes.AuthorityTeam => "/authority",
        ReportTypes.Integrity => "/reports/integrity",
        _ => "/reports",
    };

    public async Task<int> ReportsAsync(DbConnection connection, DbTransaction transaction)
    {
        var reports = (await connection.QueryAsync<(string Type, int ScopeId, string Quarter)>(
            "SELECT DISTINCT i.report_type, i.scope_id, b.quarter FROM report_batch_items i JOIN report_batches b ON b.id = i.batch_id " +
            "WHERE b.kind = @scheduled AND i.status = 'Done' AND b.created_at >= @since",
            new { scheduled = ReportBatches.Scheduled, since = clock.UtcNow - ReportAnnouncementWindow }, transaction)).ToList();
        if (reports.Count == 0) return 0;
        var readers = (await connection.QueryAsync<ReportReader>(
            "SELECT ur.role AS Role, s.scope_type AS ScopeType, s.scope_id AS ScopeId, u.id AS UserId FROM users u JOIN user_roles ur ON ur.user_id = u.id " +
            "JOIN user_scopes s ON s.user_id = u.id WHERE u.is_active = 1 AND ur.role IN @roles AND s.scope_type IN ('Team', 'Unit', 'Organisation')",
            new { roles = new[] { Roles.TeamLead, Roles.HrmAdvisor, Roles.VikAdvisor, Roles.Chief, Roles.Authority } }, transaction)).ToList();
        var names = (await connection.QueryAsync<(string Kind, int Id, string Name)>(
            "SELECT 'Team', id, name FROM teams UNION ALL SELECT 'Unit', id, name FROM units", transaction: transaction))
            .ToDictionary(n => (n.Kind, n.Id), n => n.Name);
        var created = 0;
        foreach (var report in reports)
        {
            var national = report.ScopeId == ReportTypes.National;
            var teamReport = report.Type is ReportTypes.Team or ReportTypes.AuthorityTeam;
            var place = national ? "@Notify.National" : names.GetValueOrDefault((teamReport ? "Team" : "Unit", report.ScopeId), "");
            foreach (var user in readers.Where(r => r.Reads(report.Type, report.ScopeId)).Select(r => r.UserId).Distinct())
                if (await notifier.QueueAsync(connection, transaction, new NotificationEvent(user, NotificationKinds.ReportReady,
                        $"report-ready:{report.Type}:{report.ScopeId}:{report.Quarter}", report.Type == ReportTypes.Team ? report.ScopeId : null,
                        ReportLink(report.Type), [place, report.Quarter, "@Notify.ReportType." + report.Type])))
                    created++;
        }
        return created;
    }
}

/// <summary>
/// The escalation ladder's job (every 5 minutes and at start-up) over cases, agreements, quarterly reports and the networks' signals;
/// the rounds' steps are <see cref="Checkups.RoundReminderJob"/>. Safe to run twice: every event has its key.
/// </summary>
public sealed class NotificationLadderJob(Infrastructure.Database.DbConnectionFactory connections, CaseDeadlineNotices cases, AgreementAndReportNotices others,
    Networks.NetworkSignalNotices networkSignals)
{
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task<int> RunAsync()
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var created = await cases.RunAsync(connection, transaction)
                      + await others.AgreementsAsync(connection, transaction)
                      + await others.ReportsAsync(connection, transaction)
                      + await networkSignals.DeadlinesAsync(connection, transaction);
        await transaction.CommitAsync();
        return created;
    }
}

/// <summary>
/// One role and scope row of an active user, and which reports of a batch it is told about: the ones <see cref="ReportAccess"/>
/// lets it download (Features/Reports/ReportAccess.cs; a test sweeps every type against the download itself).
/// </summary>
internal sealed class ReportReader
{
    public string Role { get; set; } = "";
    public string ScopeType { get; set; } = "";
    public int ScopeId { get; set; }
    public int UserId { get; set; }

    private bool Holds(string scopeType, int scopeId) => ScopeType == scopeType && ScopeId == scopeId;

    public bool Reads(string type, int scopeId) => type switch
    {
        ReportTypes.Team => Role == Roles.TeamLead && Holds("Team", scopeId),
        ReportTypes.Hrm => Role == Roles.HrmAdvisor && (scopeId == ReportTypes.National || Holds("Unit", scopeId)),
        ReportTypes.Vik => Role == Roles.VikAdvisor && (scopeId == ReportTypes.National || Holds("Unit", scopeId)),
        ReportTypes.Chief => Role == Roles.Chief && Holds("Unit", scopeId),
        ReportTypes.Integrity => scopeId == ReportTypes.National ? Role == Roles.VikAdvisor
            : Role is Roles.VikAdvisor or Roles.Chief && Holds("Unit", scopeId),
        ReportTypes.Authority => Role == Roles.Authority && Holds("Unit", scopeId),
        ReportTypes.AuthorityTeam => Role == Roles.Authority && Holds("Team", scopeId),
        ReportTypes.NetworkSignals => scopeId == ReportTypes.National && Role == Roles.Chief && ScopeType == "Organisation",
        _ => false,
    };
}
