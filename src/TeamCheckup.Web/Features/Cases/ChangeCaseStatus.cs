using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public enum StatusChangeResult { Done, NotAllowed, NeedsAnalysis, NeedsCommunication, NeedsIntegrityOutcome, NeedsVikAdvisor }

/// <summary>
/// The case workflow New → Triage → Action → Monitoring → Closed (Monitoring may go back to Action).
/// Moving past Triage needs the analysis; closing needs the analysis and an outcome ("no further
/// action" is an outcome, with its rationale). Moving to Action needs the communications decision
/// (<see cref="CaseCommunicationHandler"/>): whether and how the case is communicated is settled before acting.
/// </summary>
public static class CaseWorkflow
{
    private static readonly Dictionary<string, string[]> Next = new()
    {
        [CaseStatuses.New] = [CaseStatuses.Triage],
        [CaseStatuses.Triage] = [CaseStatuses.Action, CaseStatuses.Monitoring],
        [CaseStatuses.Action] = [CaseStatuses.Monitoring],
        [CaseStatuses.Monitoring] = [CaseStatuses.Action],
    };

    public static IReadOnlyList<string> NextFrom(string status) => Next.GetValueOrDefault(status) ?? [];
}

public sealed class CloseForm
{
    public const int Max = 4000;
    public string? Outcome { get; set; }
    [DataType(DataType.MultilineText)] public string? Rationale { get; set; }
    /// <summary>For a case VIK leads (<see cref="IntegrityOutcomes"/>): the outcome, the measure of a breach and the decision day.</summary>
    public string? IntegrityOutcome { get; set; }
    public string? IntegrityMeasure { get; set; }
    public DateOnly? DecidedOn { get; set; }

    /// <summary>Filled by the controller from the case, never from the post.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever] public bool IsIntegrityCase { get; set; }
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever] public DateOnly? OpenedOn { get; set; }
}

public sealed class CloseFormValidator : AbstractValidator<CloseForm>
{
    public CloseFormValidator(IStringLocalizer<SharedResource> t, Clock clock)
    {
        IntegrityCloseRules.Add(this, t, clock);
        RuleFor(f => f.Outcome).Must(o => o is not null && OutcomeKinds.All.Contains(o)).WithMessage(_ => t["Case.Validation.Outcome"]);
        RuleFor(f => f.Rationale).NotEmpty().WithMessage(_ => t["Case.Validation.Rationale"])
            .MaximumLength(CloseForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Case.Rationale"], CloseForm.Max]);
    }
}

public sealed class ChangeCaseStatusHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<StatusChangeResult> MoveAsync(int caseId, string target)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var current = await connection.QuerySingleOrDefaultAsync<CaseState>(
            $"SELECT status AS Status, analysis_at AS AnalysisAt FROM cases {connections.Dialect.LockForUpdate} WHERE id = @caseId", new { caseId }, transaction);
        if (current is null || !CaseWorkflow.NextFrom(current.Status).Contains(target)) return StatusChangeResult.NotAllowed;
        if (target != CaseStatuses.Triage && current.AnalysisAt is null) return StatusChangeResult.NeedsAnalysis;
        if (target == CaseStatuses.Action && await CaseCommunicationRow.LoadAsync(connection, caseId, transaction) is null)
            return StatusChangeResult.NeedsCommunication;
        await connection.ExecuteAsync("UPDATE cases SET status = @target, updated_at = @now WHERE id = @caseId", new { target, now, caseId }, transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "StatusChange", $"{current.Status} → {target}", user.Id, now));
        await audit.AppendAsync(connection, transaction, user.UserName, "case.status", $"case:{caseId}", $"{current.Status} -> {target}");
        await transaction.CommitAsync();
        return StatusChangeResult.Done;
    }

    public async Task<StatusChangeResult> CloseAsync(int caseId, CloseForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var current = await connection.QuerySingleOrDefaultAsync<CaseState>(
            $"SELECT status AS Status, analysis_at AS AnalysisAt, lead_discipline AS LeadDiscipline FROM cases {connections.Dialect.LockForUpdate} WHERE id = @caseId", new { caseId }, transaction);
        if (current is null || current.Status == CaseStatuses.Closed) return StatusChangeResult.NotAllowed;
        if (current.AnalysisAt is null) return StatusChangeResult.NeedsAnalysis;
        // A case VIK leads closes as an integrity case: with its outcome, recorded by a VIK advisor (the lead may have
        // moved to VIK after the form was filled: then the outcome is missing and the case stays open).
        var integrity = IntegrityOutcomes.Applies(current.LeadDiscipline);
        if (integrity && !user.IsInRole(Roles.VikAdvisor)) return StatusChangeResult.NeedsVikAdvisor;
        if (integrity && !form.IsIntegrityCase) return StatusChangeResult.NeedsIntegrityOutcome; // validated as a case of another lead
        var (outcome, measure, decidedOn) = integrity
            ? (form.IntegrityOutcome, form.IntegrityOutcome == IntegrityOutcomes.Breach ? form.IntegrityMeasure : null, form.DecidedOn)
            : (null, null, (DateOnly?)null);
        await connection.ExecuteAsync(
            "UPDATE cases SET status = @closed, outcome = @Outcome, outcome_rationale = @rationale, closed_at = @now, updated_at = @now, " +
            "integrity_outcome = @outcome, integrity_measure = @measure, integrity_decided_on = @decidedOn WHERE id = @caseId",
            new { closed = CaseStatuses.Closed, form.Outcome, rationale = form.Rationale!.Trim(), now, caseId, outcome, measure, decidedOn }, transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "Outcome", $"{form.Outcome}: {form.Rationale!.Trim()}", user.Id, now));
        if (integrity)
            await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "IntegrityOutcome", IntegrityOutcomes.EntryBody(outcome!, measure, decidedOn!.Value), user.Id, now));
        await audit.AppendAsync(connection, transaction, user.UserName, "case.closed", $"case:{caseId}",
            integrity ? $"{form.Outcome}; integrity {outcome}{(measure is null ? "" : "/" + measure)}" : form.Outcome);
        await transaction.CommitAsync();
        return StatusChangeResult.Done;
    }

    private sealed class CaseState
    {
        public string Status { get; set; } = "";
        public DateTime? AnalysisAt { get; set; }
        public string LeadDiscipline { get; set; } = "";
    }
}
