using System.Data.Common;
using System.Globalization;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public enum LinkOutcome { Done, NotAllowed }

/// <summary>
/// Related cases and wrongly attached signals (issue 13 item 1), by the lead discipline of the case:
/// <list type="bullet">
/// <item><b>Link</b>: this case points to the one that handles it (same unit, both open; the handling case points
/// nowhere and nothing points to this one, so there are never chains). Signals stay where they are.</item>
/// <item><b>Unlink</b> reverses a link.</item>
/// <item><b>Split</b>: a signal moves from this case into a new case of its own (lead and priority from its own rules,
/// the unit's experts assigned), which remembers where it came from. A split is reversed by linking the new case back
/// to the one it came from: the signal is not moved a second time, and both histories stay readable.</item>
/// </list>
/// A signal's case is one column, so every signal is in exactly one case at every moment (SPEC §6). Every step is an
/// entry on both cases and in the audit trail.
/// </summary>
public sealed class CaseLinksHandler(DbConnectionFactory connections, ExpertAssignment experts, CaseAccess access, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<LinkOutcome> LinkAsync(int caseId, int targetCaseId)
    {
        if (caseId == targetCaseId || !await access.MayReadAsync(targetCaseId)) return LinkOutcome.NotAllowed;
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var source = await LinkFactsAsync(connection, transaction, caseId);
        var target = await LinkFactsAsync(connection, transaction, targetCaseId);
        if (source is null || target is null || !MayChange(source) || source.UnitId != target.UnitId || target.ClosedAt is not null
            || source.LinkedTo is not null || target.LinkedTo is not null || source.PointedToBy > 0)
            return LinkOutcome.NotAllowed;
        await connection.ExecuteAsync("UPDATE cases SET linked_to_case_id = @targetCaseId, updated_at = @now WHERE id = @caseId",
            new { targetCaseId, now, caseId }, transaction);
        await TwoSidedAsync(connection, transaction, caseId, targetCaseId, "LinkedTo", "LinkedFrom", "case.linked", now);
        await transaction.CommitAsync();
        return LinkOutcome.Done;
    }

    public async Task<LinkOutcome> UnlinkAsync(int caseId)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await LinkFactsAsync(connection, transaction, caseId) is not { LinkedTo: { } target } source || !MayChange(source)) return LinkOutcome.NotAllowed;
        await connection.ExecuteAsync("UPDATE cases SET linked_to_case_id = NULL, updated_at = @now WHERE id = @caseId", new { now, caseId }, transaction);
        await TwoSidedAsync(connection, transaction, caseId, target, "Unlinked", "Unlinked", "case.unlinked", now);
        await transaction.CommitAsync();
        return LinkOutcome.Done;
    }

    /// <summary>Moves <paramref name="signalId"/> into a new case of its own; the new case's id, or null when refused
    /// (not this case's signal, its only signal, a closed case, or not the lead discipline).</summary>
    public async Task<int?> SplitAsync(int caseId, int signalId)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await LinkFactsAsync(connection, transaction, caseId) is not { } source || !MayChange(source)) return null;
        var signal = await connection.QuerySingleOrDefaultAsync<SplitSignal>(
            $"SELECT id AS Id, unit_id AS UnitId, team_id AS TeamId, source AS Source, payload AS Payload FROM signals {connections.Dialect.LockForUpdate} " +
            "WHERE id = @signalId AND case_id = @caseId", new { signalId, caseId }, transaction);
        if (signal is null || await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE case_id = @caseId", new { caseId }, transaction) < 2)
            return null;
        // A case holding an anonymous report carries the day only, as when the engine opens one (SPEC §9 P7).
        var dayOnly = signal.Source == SignalSources.AnonymousReport;
        var now = dayOnly ? clock.DayStamp : clock.UtcNow;
        var evaluation = TriageRules.Evaluate(signal.Source, signal.Payload, await RuleSettings.LoadAsync(connection, transaction));
        var newCaseId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, updated_at, split_from_case_id) " +
            $"VALUES (@UnitId, @TeamId, @status, @priority, @lead, @now, @due, @now, @caseId);{connections.Dialect.SelectNewId}",
            new
            {
                signal.UnitId, signal.TeamId, status = CaseStatuses.New, priority = evaluation.Priority, lead = evaluation.LeadDiscipline, now,
                due = TriageDeadlines.TriageDueOn(clock.Today, evaluation.Priority), caseId,
            }, transaction);
        await experts.AssignAsync(connection, transaction, newCaseId, signal.UnitId, now);
        await connection.ExecuteAsync("UPDATE signals SET case_id = @newCaseId WHERE id = @signalId AND case_id = @caseId", new { newCaseId, signalId, caseId }, transaction);
        await connection.ExecuteAsync("UPDATE cases SET updated_at = @now WHERE id = @caseId", new { now, caseId }, transaction);
        await TwoSidedAsync(connection, transaction, caseId, newCaseId, "SplitInto", "SplitFrom", "case.split", now, $"signal:{signalId}", dayOnly);
        await transaction.CommitAsync();
        return newCaseId;
    }

    private bool MayChange(LinkFacts facts) => facts.ClosedAt is null && CaseMemberCandidates.MayChangeTeam(user, facts.LeadDiscipline);

    /// <summary>The entry on each case (its body is the other case's number) and the audit entry of each.</summary>
    private async Task TwoSidedAsync(DbConnection connection, DbTransaction transaction, int caseId, int otherId, string kind, string otherKind, string action,
        DateTime now, string? detail = null, bool dayOnly = false)
    {
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, kind, otherId.ToString(CultureInfo.InvariantCulture), user.Id, now));
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(otherId, otherKind, caseId.ToString(CultureInfo.InvariantCulture), user.Id, now));
        var suffix = detail is null ? "" : "; " + detail;
        await audit.AppendAsync(connection, transaction, user.UserName, action, $"case:{caseId}", $"{kind} case:{otherId}{suffix}", dayOnly);
        await audit.AppendAsync(connection, transaction, user.UserName, action, $"case:{otherId}", $"{otherKind} case:{caseId}{suffix}", dayOnly);
    }

    private async Task<LinkFacts?> LinkFactsAsync(DbConnection connection, DbTransaction transaction, int caseId) =>
        await connection.QuerySingleOrDefaultAsync<LinkFacts>(
            $"SELECT c.id AS Id, c.unit_id AS UnitId, c.lead_discipline AS LeadDiscipline, c.closed_at AS ClosedAt, c.linked_to_case_id AS LinkedTo, " +
            $"(SELECT COUNT(*) FROM cases x WHERE x.linked_to_case_id = c.id) AS PointedToBy FROM cases c {connections.Dialect.LockForUpdate} WHERE c.id = @caseId",
            new { caseId }, transaction);

    private sealed class LinkFacts
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public string LeadDiscipline { get; set; } = "";
        public DateTime? ClosedAt { get; set; }
        public int? LinkedTo { get; set; }
        public int PointedToBy { get; set; }
    }

    private sealed class SplitSignal
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public int? TeamId { get; set; }
        public string Source { get; set; } = "";
        public string Payload { get; set; } = "";
    }
}

/// <summary>The links of one case, for its page: where it points, what points to it, what it was split from, and
/// the open cases of its unit it could be linked to.</summary>
public sealed class CaseLinks
{
    public int? LinkedTo { get; init; }
    public int? SplitFrom { get; init; }
    public IReadOnlyList<int> LinkedFrom { get; init; } = [];
    public IReadOnlyList<LinkChoice> Choices { get; init; } = [];

    public static async Task<CaseLinks> LoadAsync(DbConnection connection, int caseId, int unitId)
    {
        var own = await connection.QuerySingleAsync<(int? LinkedTo, int? SplitFrom)>(
            "SELECT linked_to_case_id, split_from_case_id FROM cases WHERE id = @caseId", new { caseId });
        var from = (await connection.QueryAsync<int>("SELECT id FROM cases WHERE linked_to_case_id = @caseId ORDER BY id", new { caseId })).ToList();
        var choices = (await connection.QueryAsync<LinkChoice>(
            "SELECT c.id AS Id, COALESCE(t.name, u.name) AS Place FROM cases c JOIN units u ON u.id = c.unit_id LEFT JOIN teams t ON t.id = c.team_id " +
            "WHERE c.unit_id = @unitId AND c.id <> @caseId AND c.closed_at IS NULL AND c.linked_to_case_id IS NULL ORDER BY c.id DESC",
            new { unitId, caseId })).ToList();
        return new CaseLinks { LinkedTo = own.LinkedTo, SplitFrom = own.SplitFrom, LinkedFrom = from, Choices = choices };
    }
}

public sealed class LinkChoice
{
    public int Id { get; set; }
    public string Place { get; set; } = "";
}
