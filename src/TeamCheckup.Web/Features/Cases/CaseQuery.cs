using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public class CaseHeader
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public string UnitName { get; set; } = "";
    public int? TeamId { get; set; }
    public string? TeamName { get; set; }
    public string Status { get; set; } = "";
    public string Priority { get; set; } = "";
    public string LeadDiscipline { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public DateOnly TriageDueOn { get; set; }
    public string? Analysis { get; set; }
    public DateTime? AnalysisAt { get; set; }
    public string? Outcome { get; set; }
    public string? OutcomeRationale { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>The integrity outcome of a closed case VIK led (<see cref="IntegrityOutcomes"/>); null for other cases and old ones.</summary>
    public string? IntegrityOutcome { get; set; }
    public string? IntegrityMeasure { get; set; }
    public DateOnly? IntegrityDecidedOn { get; set; }
    public DateOnly? ReviewAskedOn { get; set; }
    public string? ReviewResult { get; set; }
    public DateOnly? ReviewResultOn { get; set; }

    public const string Columns =
        "c.id AS Id, c.unit_id AS UnitId, u.name AS UnitName, c.team_id AS TeamId, t.name AS TeamName, c.status AS Status, c.priority AS Priority, " +
        "c.lead_discipline AS LeadDiscipline, c.opened_at AS OpenedAt, c.triage_due_on AS TriageDueOn, c.analysis AS Analysis, c.analysis_at AS AnalysisAt, " +
        "c.outcome AS Outcome, c.outcome_rationale AS OutcomeRationale, c.closed_at AS ClosedAt, " +
        "c.integrity_outcome AS IntegrityOutcome, c.integrity_measure AS IntegrityMeasure, c.integrity_decided_on AS IntegrityDecidedOn, " +
        "c.review_asked_on AS ReviewAskedOn, c.review_result AS ReviewResult, c.review_result_on AS ReviewResultOn";
    public const string From = "FROM cases c JOIN units u ON u.id = c.unit_id LEFT JOIN teams t ON t.id = c.team_id";

    public DeadlineState TriageState(Clock clock) =>
        TriageDeadlines.State(clock.DayOf(OpenedAt), TriageDueOn, clock.Today, met: AnalysisAt is not null);
}

public sealed class CaseMember
{
    public int UserId { get; set; }
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>The person's title (bedrijfsarts …), from the user's account.</summary>
    public string? Title { get; set; }
}

public sealed class CaseSignal
{
    public int Id { get; set; }
    public string Source { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? Outcome { get; set; }
    public int? IncidentId { get; set; }
    public int? ReportId { get; set; }
    public int? RoundId { get; set; }
    // incident details (detail page only)
    public DateOnly? IncidentDate { get; set; }
    public string? IncidentCategory { get; set; }
    public string? IncidentSeverity { get; set; }
    public string? IncidentDescription { get; set; }
}

public sealed class CaseEntry
{
    public int Id { get; set; }
    /// <summary>Shared by the lead discipline with the case's Experts: only these entries are on their page.</summary>
    public bool SharedWithExperts { get; set; }
    public string Kind { get; set; } = "";
    public string Body { get; set; } = "";
    public bool InvolvesTeamLead { get; set; }
    public string? Author { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class StaffReportMessage
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public bool FromReporter { get; set; }
    public bool IsInternal { get; set; }
    public bool IsFeedback { get; set; }
    public string Body { get; set; } = "";
    public string? Author { get; set; }
    public DateOnly CreatedOn { get; set; }
}

public sealed class CaseReport
{
    public int Id { get; set; }
    public string Category { get; set; } = "";
    public DateOnly ReceivedOn { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public DateTime? FeedbackAt { get; set; }
    public List<StaffReportMessage> Messages { get; } = [];

    public DeadlineState AcknowledgeState(DateOnly today) =>
        TriageDeadlines.State(ReceivedOn, TriageDeadlines.AcknowledgeBy(ReceivedOn), today, AcknowledgedAt is not null);
    public DeadlineState FeedbackState(DateOnly today) =>
        TriageDeadlines.State(ReceivedOn, TriageDeadlines.FeedbackBy(ReceivedOn), today, FeedbackAt is not null);
}

public sealed class CaseDetail
{
    public required CaseHeader Header { get; init; }
    public required IReadOnlyList<CaseMember> Members { get; init; }
    public required IReadOnlyList<CaseSignal> Signals { get; init; }
    public required IReadOnlyList<CaseEntry> Entries { get; init; }
    public required IReadOnlyList<CaseReport> Reports { get; init; }
    /// <summary>The (person, role) seats the lead discipline may add: exactly what the server accepts.</summary>
    public IReadOnlyList<MemberCandidate> Candidates { get; init; } = [];
    /// <summary>The communications decision and plan, once recorded.</summary>
    public CaseCommunicationRow? Communication { get; init; }
    /// <summary>When the analysis was held, with whom, and why without the team lead (RecordAnalysis).</summary>
    public AnalysisRecord Analysis { get; init; } = new();
    /// <summary>Who may be recorded at the analysis table.</summary>
    public IReadOnlyList<AnalysisSeat> AnalysisSeats { get; init; } = [];
    /// <summary>The viewer is one of the case's VIK members, the designated handlers of its anonymous reports (EU directive
    /// 2019/1937): only then are the reports' threads loaded at all, and only then may they reply or write the shared summary.</summary>
    public bool ViewerHandlesReports { get; init; }
    public CaseLinks Links { get; init; } = new();
    /// <summary>A handover the current lead discipline has been asked for (<see cref="CaseLeadHandler"/>).</summary>
    public PendingHandover? Handover { get; init; }
}

/// <summary>Who reads an anonymous report's text: the case's active VIK members, and nobody else (not HRM, Communications
/// or an Expert on the case, not the lead discipline's other advisors). They share what others need as a summary entry.</summary>
public static class ReportReaders
{
    public static async Task<bool> IsHandlerAsync(DbConnection connection, DbTransaction? transaction, int caseId, CurrentUser user) =>
        user.IsInRole(Roles.VikAdvisor) && await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_members WHERE case_id = @caseId AND user_id = @userId AND role = @vik AND removed_at IS NULL",
            new { caseId, userId = user.Id, vik = Disciplines.Vik }, transaction) > 0;
}

/// <summary>Everything on the case page. Callers check <see cref="CaseAccess"/> first.</summary>
public sealed class CaseQuery(DbConnectionFactory connections, CurrentUser user)
{
    public async Task<CaseDetail?> RunAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        var header = await connection.QuerySingleOrDefaultAsync<CaseHeader>($"SELECT {CaseHeader.Columns} {CaseHeader.From} WHERE c.id = @caseId", new { caseId });
        if (header is null) return null;
        var members = (await connection.QueryAsync<CaseMember>(
            "SELECT m.user_id AS UserId, u.display_name AS DisplayName, m.role AS Role, u.title AS Title FROM case_members m JOIN users u ON u.id = m.user_id " +
            "WHERE m.case_id = @caseId AND m.removed_at IS NULL ORDER BY m.added_at", new { caseId })).ToList();
        var signals = (await connection.QueryAsync<CaseSignal>(
            "SELECT s.id AS Id, s.source AS Source, s.created_at AS CreatedAt, s.outcome AS Outcome, s.incident_id AS IncidentId, s.report_id AS ReportId, " +
            "s.round_id AS RoundId, i.incident_date AS IncidentDate, i.category AS IncidentCategory, i.severity AS IncidentSeverity, i.description AS IncidentDescription " +
            "FROM signals s LEFT JOIN incidents i ON i.id = s.incident_id WHERE s.case_id = @caseId ORDER BY s.id", new { caseId })).ToList();
        var entries = (await connection.QueryAsync<CaseEntry>(
            "SELECT e.id AS Id, e.shared_with_experts AS SharedWithExperts, e.kind AS Kind, e.body AS Body, e.involves_team_lead AS InvolvesTeamLead, u.display_name AS Author, e.created_at AS CreatedAt " +
            "FROM case_entries e LEFT JOIN users u ON u.id = e.author_user_id WHERE e.case_id = @caseId ORDER BY e.id", new { caseId })).ToList();

        var reportIds = signals.Where(s => s.ReportId.HasValue).Select(s => s.ReportId!.Value).Distinct().ToArray();
        var reports = (await connection.QueryAsync<CaseReport>(
            "SELECT id AS Id, category AS Category, received_on AS ReceivedOn, acknowledged_at AS AcknowledgedAt, feedback_at AS FeedbackAt " +
            "FROM anonymous_reports WHERE id IN @reportIds ORDER BY id", new { reportIds })).ToList();
        var handlesReports = await ReportReaders.IsHandlerAsync(connection, null, caseId, user);
        IEnumerable<StaffReportMessage> messages = !handlesReports ? [] : await connection.QueryAsync<StaffReportMessage>(
            "SELECT m.report_id AS ReportId, m.id AS Id, m.from_reporter AS FromReporter, m.is_internal AS IsInternal, m.is_feedback AS IsFeedback, " +
            "m.body AS Body, u.display_name AS Author, m.created_on AS CreatedOn FROM report_messages m LEFT JOIN users u ON u.id = m.author_user_id " +
            "WHERE m.report_id IN @reportIds ORDER BY m.id", new { reportIds });
        var byId = reports.ToDictionary(r => r.Id);
        foreach (var message in messages) byId[message.ReportId].Messages.Add(message);

        var candidates = await CaseMemberCandidates.ListAsync(connection, null, header.UnitId);
        var communication = await CaseCommunicationRow.LoadAsync(connection, caseId);
        var analysis = await AnalysisRecord.LoadAsync(connection, caseId);
        var seats = await Cases.AnalysisSeats.ListAsync(connection, caseId);
        return new CaseDetail
        {
            Header = header, Members = members, Signals = signals, Entries = entries, Reports = reports, Candidates = candidates, Communication = communication,
            ViewerHandlesReports = handlesReports, Links = await CaseLinks.LoadAsync(connection, caseId, header.UnitId),
            Handover = await PendingHandover.LoadAsync(connection, caseId),
            Analysis = analysis, AnalysisSeats = seats,
        };
    }
}
