using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>Whether and how a case is communicated (source document: "just when it gets tense, we step further forward in
/// our internal and external communication").</summary>
public static class CommunicationDecisions
{
    public const string None = "None", Internal = "Internal", External = "External", Both = "Both";
    public static readonly IReadOnlyList<string> All = [None, Internal, External, Both];
    public static bool NeedsPlan(string? decision) => decision is Internal or External or Both;
    public static bool GoesOutside(string? decision) => decision is External or Both;
}

/// <summary>The communications decision of a case and, when it communicates, its plan and follow-up.</summary>
public sealed class CaseCommunicationRow
{
    public string Decision { get; set; } = "";
    public string Rationale { get; set; } = "";
    public string? Audience { get; set; }
    public string? Message { get; set; }
    public string? Spokesperson { get; set; }
    public string? HoldingStatement { get; set; }
    public DateOnly? PlannedOn { get; set; }
    public string? Owner { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime DecidedAt { get; set; }
    public string? FollowUp { get; set; }
    public DateTime? FollowUpAt { get; set; }

    public static Task<CaseCommunicationRow?> LoadAsync(DbConnection connection, int caseId, DbTransaction? transaction = null) =>
        connection.QuerySingleOrDefaultAsync<CaseCommunicationRow>(
            "SELECT cc.decision AS Decision, cc.rationale AS Rationale, cc.audience AS Audience, cc.message AS Message, cc.spokesperson AS Spokesperson, " +
            "cc.holding_statement AS HoldingStatement, cc.planned_on AS PlannedOn, o.display_name AS Owner, d.display_name AS DecidedBy, " +
            "cc.decided_at AS DecidedAt, cc.follow_up AS FollowUp, cc.follow_up_at AS FollowUpAt FROM case_communications cc " +
            "LEFT JOIN users o ON o.id = cc.owner_user_id LEFT JOIN users d ON d.id = cc.decided_by_user_id WHERE cc.case_id = @caseId",
            new { caseId }, transaction);
}

public sealed class CommunicationForm
{
    public const int Max = 4000, ShortMax = 400;
    public string? Decision { get; set; }
    [DataType(DataType.MultilineText)] public string? DecisionRationale { get; set; }
    public string? Audience { get; set; }
    [DataType(DataType.MultilineText)] public string? KeyMessage { get; set; }
    public string? Spokesperson { get; set; }
    [DataType(DataType.MultilineText)] public string? HoldingStatement { get; set; }
    public DateOnly? PlannedOn { get; set; }
    [DataType(DataType.MultilineText)] public string? FollowUp { get; set; }
}

public sealed class CommunicationFormValidator : AbstractValidator<CommunicationForm>
{
    public CommunicationFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Decision).Must(d => d is not null && CommunicationDecisions.All.Contains(d)).WithMessage(_ => t["Case.Communication.Validation.Decision"]);
        RuleFor(f => f.DecisionRationale).NotEmpty().WithMessage(_ => t["Case.Communication.Validation.Rationale"]);
        When(f => CommunicationDecisions.NeedsPlan(f.Decision), () =>
        {
            RuleFor(f => f.Audience).NotEmpty().WithMessage(_ => t["Case.Communication.Validation.Audience"]);
            RuleFor(f => f.KeyMessage).NotEmpty().WithMessage(_ => t["Case.Communication.Validation.Message"]);
            RuleFor(f => f.Spokesperson).NotEmpty().WithMessage(_ => t["Case.Communication.Validation.Spokesperson"]);
            RuleFor(f => f.PlannedOn).NotNull().WithMessage(_ => t["Case.Communication.Validation.PlannedOn"]);
        });
        When(f => CommunicationDecisions.GoesOutside(f.Decision), () =>
            RuleFor(f => f.HoldingStatement).NotEmpty().WithMessage(_ => t["Case.Communication.Validation.HoldingStatement"]));
        foreach (var (field, max, name) in new (System.Linq.Expressions.Expression<Func<CommunicationForm, string?>>, int, string)[]
                 {
                     (f => f.DecisionRationale, CommunicationForm.Max, "Case.Communication.Rationale"), (f => f.Audience, CommunicationForm.ShortMax, "Case.Communication.Audience"),
                     (f => f.KeyMessage, CommunicationForm.Max, "Case.Communication.Message"), (f => f.Spokesperson, CommunicationForm.ShortMax, "Case.Communication.Spokesperson"),
                     (f => f.HoldingStatement, CommunicationForm.Max, "Case.Communication.HoldingStatement"), (f => f.FollowUp, CommunicationForm.Max, "Case.Communication.FollowUp"),
                 })
            RuleFor(field).MaximumLength(max).WithMessage(_ => t["Review.Validation.TooLong", t[name], max]);
    }
}

public enum CommunicationOutcome { Done, Closed, NotAllowed }

/// <summary>
/// Records the communications decision of an open case (the lead discipline or Communications may decide; a decision
/// that communicates has a plan, and the Communications advisor who writes it owns it). Saving again revises it and
/// may add the follow-up. Every change is a journal entry and in the audit trail.
/// </summary>
public sealed class CaseCommunicationHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<CommunicationOutcome> RecordAsync(int caseId, CommunicationForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lead = await connection.QuerySingleOrDefaultAsync<string>(
            $"SELECT lead_discipline FROM cases {connections.Dialect.LockForUpdate} WHERE id = @caseId AND closed_at IS NULL", new { caseId }, transaction);
        if (lead is null) return CommunicationOutcome.Closed;
        var communications = user.IsInRole(Roles.CommunicationsAdvisor);
        if (!communications && !user.IsInRole(ExpertAssignment.RoleFor(lead))) return CommunicationOutcome.NotAllowed;
        // A plan is the Communications advisor's: the lead discipline may decide not to communicate, not write the plan.
        if (CommunicationDecisions.NeedsPlan(form.Decision) && !communications) return CommunicationOutcome.NotAllowed;

        var now = clock.UtcNow;
        var plan = CommunicationDecisions.NeedsPlan(form.Decision);
        var values = new
        {
            caseId, form.Decision, rationale = form.DecisionRationale!.Trim(), audience = plan ? form.Audience?.Trim() : null, message = plan ? form.KeyMessage?.Trim() : null,
            spokesperson = plan ? form.Spokesperson?.Trim() : null, holding = CommunicationDecisions.GoesOutside(form.Decision) ? form.HoldingStatement?.Trim() : null,
            plannedOn = plan ? form.PlannedOn : null, owner = plan ? user.Id : (int?)null, userId = user.Id, now,
            followUp = string.IsNullOrWhiteSpace(form.FollowUp) ? null : form.FollowUp.Trim(),
        };
        var updated = await connection.ExecuteAsync(
            "UPDATE case_communications SET decision = @Decision, rationale = @rationale, audience = @audience, message = @message, spokesperson = @spokesperson, " +
            "holding_statement = @holding, planned_on = @plannedOn, owner_user_id = @owner, decided_by_user_id = @userId, decided_at = @now, " +
            "follow_up = @followUp, follow_up_at = CASE WHEN @followUp IS NULL THEN NULL WHEN follow_up = @followUp THEN follow_up_at ELSE @now END " +
            "WHERE case_id = @caseId", values, transaction);
        if (updated == 0)
            await connection.ExecuteAsync(
                "INSERT INTO case_communications (case_id, decision, rationale, audience, message, spokesperson, holding_statement, planned_on, owner_user_id, " +
                "decided_by_user_id, decided_at, follow_up, follow_up_at) VALUES (@caseId, @Decision, @rationale, @audience, @message, @spokesperson, @holding, " +
                "@plannedOn, @owner, @userId, @now, @followUp, CASE WHEN @followUp IS NULL THEN NULL ELSE @now END)", values, transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "Communication", form.Decision!, user.Id, now));
        await audit.AppendAsync(connection, transaction, user.UserName, "case.communication", $"case:{caseId}", form.Decision);
        await transaction.CommitAsync();
        return CommunicationOutcome.Done;
    }
}
