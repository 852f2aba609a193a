using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>A handover the current lead discipline has been asked for and not yet answered.</summary>
public sealed class PendingHandover
{
    public int Id { get; set; }
    public string FromDiscipline { get; set; } = "";
    public string ToDiscipline { get; set; } = "";
    public DateTime RequestedAt { get; set; }

    public static Task<PendingHandover?> LoadAsync(DbConnection connection, int caseId, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<PendingHandover>(
            "SELECT id AS Id, from_discipline AS FromDiscipline, to_discipline AS ToDiscipline, requested_at AS RequestedAt " +
            "FROM case_handovers WHERE case_id = @caseId AND decided_at IS NULL", new { caseId }, transaction);
}

/// <summary>
/// The lead discipline follows the signals (SPEC §6, issue 13 item 2). When a signal whose category belongs to VIK
/// (integrity, discrimination, harassment: <see cref="IncidentCategories.LeadDiscipline"/>) joins a case that HRM
/// leads, the lead moves to VIK at once if HRM has not started (no analysis, no entry written by an HRM advisor);
/// otherwise HRM is asked to hand over on the case page. VIK outranks HRM, never the other way round: a pulse or
/// workload signal joining a VIK case leaves the designated handlers in charge. Each step is a case entry, in the
/// audit trail, and the discipline that takes the lead is notified (the text names only the case and its team).
/// </summary>
public sealed class CaseLeadHandler(DbConnectionFactory connections, ExpertAssignment experts, AuditTrail audit, Notifier notifier)
{
    public static bool Outranks(string incoming, string current) => incoming == Disciplines.Vik && current == Disciplines.Hrm;

    /// <summary>Called by the triage engine when a signal joins <paramref name="caseId"/>, in its transaction.</summary>
    public async Task FollowSignalAsync(DbConnection connection, DbTransaction transaction, int caseId, string signalDiscipline, int signalId, DateTime now, bool dayOnly)
    {
        var facts = await CaseFactsAsync(connection, transaction, caseId);
        if (!Outranks(signalDiscipline, facts.LeadDiscipline)) return;
        if (!await WorkStartedAsync(connection, transaction, caseId, facts))
        {
            await MoveAsync(connection, transaction, facts, signalDiscipline, "triage-engine", null, now, dayOnly, $"signal:{signalId}");
            return;
        }
        if (await PendingHandover.LoadAsync(connection, caseId, transaction) is not null) return;
        await connection.ExecuteAsync(
            "INSERT INTO case_handovers (case_id, from_discipline, to_discipline, signal_id, requested_at) VALUES (@caseId, @from, @to, @signalId, @now)",
            new { caseId, from = facts.LeadDiscipline, to = signalDiscipline, signalId, now }, transaction);
        var entryId = await EntryAsync(connection, transaction, caseId, "HandoverRequest", $"{facts.LeadDiscipline}{CaseEntryText.Arrow}{signalDiscipline}", null, now);
        await audit.AppendAsync(connection, transaction, "triage-engine", "case.handover-requested", $"case:{caseId}",
            $"{facts.LeadDiscipline} -> {signalDiscipline}; signal:{signalId}", dayOnly);
        await NotifyAsync(connection, transaction, facts, facts.LeadDiscipline, NotificationKinds.CaseHandoverRequested, entryId, dayOnly);
    }

    /// <summary>The current lead accepts (the lead moves) or declines with a reason; false when there is nothing to answer
    /// or the user is not of the current lead discipline.</summary>
    public async Task<bool> AnswerAsync(int caseId, bool accept, string? reason, CurrentUser user, Clock clock)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var facts = await CaseFactsAsync(connection, transaction, caseId);
        if (facts.ClosedAt is not null || !user.IsInRole(ExpertAssignment.RoleFor(facts.LeadDiscipline))) return false;
        if (await PendingHandover.LoadAsync(connection, caseId, transaction) is not { } pending || pending.FromDiscipline != facts.LeadDiscipline) return false;
        await connection.ExecuteAsync(
            "UPDATE case_handovers SET decided_at = @now, decided_by_user_id = @userId, accepted = @accept, reason = @reason WHERE id = @Id",
            new { now, userId = user.Id, accept, reason = reason?.Trim(), pending.Id }, transaction);
        if (accept)
            await MoveAsync(connection, transaction, facts, pending.ToDiscipline, user.UserName, user.Id, now, false, $"handover:{pending.Id}");
        else
        {
            await EntryAsync(connection, transaction, caseId, "HandoverDeclined", reason!.Trim(), user.Id, now);
            await audit.AppendAsync(connection, transaction, user.UserName, "case.handover-declined", $"case:{caseId}", $"handover:{pending.Id}");
        }
        await transaction.CommitAsync();
        return true;
    }

    private async Task MoveAsync(DbConnection connection, DbTransaction transaction, LeadFacts facts, string to, string actor, int? userId, DateTime now, bool dayOnly, string cause)
    {
        await connection.ExecuteAsync("UPDATE cases SET lead_discipline = @to, updated_at = @now WHERE id = @Id", new { to, now, facts.Id }, transaction);
        var entryId = await EntryAsync(connection, transaction, facts.Id, "LeadChange", $"{facts.LeadDiscipline}{CaseEntryText.Arrow}{to}", userId, now);
        // The new lead keeps a seat of its own on the case (the unit may have had no such advisor when it opened).
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_members WHERE case_id = @Id AND role = @to AND removed_at IS NULL",
                new { facts.Id, to }, transaction) == 0
            && await experts.PickAsync(connection, transaction, facts.UnitId, to) is { } advisor)
        {
            if (await connection.ExecuteAsync("UPDATE case_members SET removed_at = NULL, added_at = @now WHERE case_id = @Id AND user_id = @advisor AND role = @to",
                    new { now, facts.Id, advisor, to }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@Id, @advisor, @to, @now)",
                    new { facts.Id, advisor, to, now }, transaction);
        }
        await audit.AppendAsync(connection, transaction, actor, "case.lead-moved", $"case:{facts.Id}", $"{facts.LeadDiscipline} -> {to}; {cause}", dayOnly);
        await NotifyAsync(connection, transaction, facts, to, NotificationKinds.CaseLeadMoved, entryId, dayOnly);
    }

    private async Task NotifyAsync(DbConnection connection, DbTransaction transaction, LeadFacts facts, string discipline, string kind, int entryId, bool dayOnly)
    {
        var number = facts.Id.ToString(CultureInfo.InvariantCulture);
        foreach (var advisor in await Recipients.LeadAdvisorsAsync(connection, transaction, facts.Id, facts.UnitId, discipline))
            await notifier.QueueAsync(connection, transaction, new NotificationEvent(advisor, kind, $"{kind}:{facts.Id}:{entryId}", facts.TeamId,
                $"/cases/{facts.Id}", [facts.Place, number, "@Discipline." + discipline], facts.Id, dayOnly));
    }

    private static async Task<bool> WorkStartedAsync(DbConnection connection, DbTransaction transaction, int caseId, LeadFacts facts) =>
        facts.AnalysisAt is not null || await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_entries e JOIN user_roles r ON r.user_id = e.author_user_id AND r.role = @role WHERE e.case_id = @caseId",
            new { caseId, role = ExpertAssignment.RoleFor(facts.LeadDiscipline) }, transaction) > 0;

    private Task<int> EntryAsync(DbConnection connection, DbTransaction transaction, int caseId, string kind, string body, int? userId, DateTime now) =>
        CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, kind, body, userId, now));

    private static Task<LeadFacts> CaseFactsAsync(DbConnection connection, DbTransaction transaction, int caseId) =>
        connection.QuerySingleAsync<LeadFacts>(
            "SELECT c.id AS Id, c.unit_id AS UnitId, c.team_id AS TeamId, COALESCE(t.name, u.name) AS Place, c.lead_discipline AS LeadDiscipline, " +
            "c.analysis_at AS AnalysisAt, c.closed_at AS ClosedAt FROM cases c JOIN units u ON u.id = c.unit_id LEFT JOIN teams t ON t.id = c.team_id WHERE c.id = @caseId",
            new { caseId }, transaction);

    private sealed class LeadFacts
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public int? TeamId { get; set; }
        public string Place { get; set; } = "";
        public string LeadDiscipline { get; set; } = "";
        public DateTime? AnalysisAt { get; set; }
        public DateTime? ClosedAt { get; set; }
    }
}

public sealed class HandoverForm
{
    public const int Max = 4000;
    /// <summary>"accept" or "decline".</summary>
    public string? Answer { get; set; }
    [DataType(DataType.MultilineText)] public string? Reason { get; set; }
    public bool Accepts => Answer == "accept";
}

public sealed class HandoverFormValidator : AbstractValidator<HandoverForm>
{
    public HandoverFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Answer).Must(a => a is "accept" or "decline").WithMessage(_ => t["Case.Validation.HandoverAnswer"]);
        RuleFor(f => f.Reason).NotEmpty().When(f => f.Answer == "decline").WithMessage(_ => t["Case.Validation.HandoverReason"]);
        RuleFor(f => f.Reason).MaximumLength(HandoverForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Case.Handover.Reason"], HandoverForm.Max]);
    }
}
