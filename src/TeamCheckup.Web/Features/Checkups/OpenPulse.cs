using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Checkups;

public sealed class OpenPulseForm
{
    public const int MaxWindowDays = 28;
    public int WindowDays { get; set; } = 14;
    public int? CodeCount { get; set; }
    /// <summary>Why more codes than <see cref="CodeBound.Limit"/> allows; required only then.</summary>
    public string? Reason { get; set; }
}

public sealed class OpenPulseFormValidator : AbstractValidator<OpenPulseForm>
{
    public OpenPulseFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.WindowDays).InclusiveBetween(1, OpenPulseForm.MaxWindowDays).WithName(_ => t["Pulse.WindowDays"]);
        RuleFor(f => f.CodeCount).InclusiveBetween(1, MoreCodesForm.MaxCodesPerRequest).When(f => f.CodeCount.HasValue).WithName(_ => t["Pulse.CodeCount"]);
        RuleFor(f => f.Reason).MaximumLength(CodeBound.MaxReasonLength).WithName(_ => t["Abuse.Codes.Reason"]);
    }
}

public sealed class MoreCodesForm
{
    public const int MaxCodesPerRequest = 500;
    public int Count { get; set; } = 1;
    /// <summary>Why the round needs more codes than <see cref="CodeBound.Limit"/> allows; required only then.</summary>
    public string? Reason { get; set; }
}

public sealed class MoreCodesFormValidator : AbstractValidator<MoreCodesForm>
{
    public MoreCodesFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Count).InclusiveBetween(1, MoreCodesForm.MaxCodesPerRequest).WithName(_ => t["Pulse.CodeCount"]);
        RuleFor(f => f.Reason).MaximumLength(CodeBound.MaxReasonLength).WithName(_ => t["Abuse.Codes.Reason"]);
    }
}

/// <summary>NeedsReason: more codes than <see cref="CodeBound.Limit"/> without a reason; nothing changed.</summary>
public enum PulseChangeOutcome { Done, NotAllowedInThisState, NeedsReason }

/// <summary>
/// The team lead opens the pulse: the round takes the current questionnaire version and the anonymity
/// thresholds as they are now (fixed for this round from here on), and one single-use code per member.
/// The database keeps their hashes for answering and, until the pulse closes, the codes encrypted on the lead's
/// sheet (<see cref="CodeSheet"/>). More codes
/// than the headcount plus reserve (<see cref="CodeBound"/>) need a reason, recorded for the HRM advisor.
/// </summary>
public sealed class OpenPulseHandler(DbConnectionFactory connections, QuestionnaireCatalog questionnaires, AuditTrail audit, CurrentUser user, Clock clock, CodeSheet sheet)
{
    public async Task<(PulseChangeOutcome Outcome, IReadOnlyList<string> Codes)> HandleAsync(int roundId, OpenPulseForm form)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var (questionnaireId, _) = await questionnaires.CurrentAsync(today);
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var headcount = await connection.ExecuteScalarAsync<int>(
            "SELECT t.headcount FROM checkup_rounds r JOIN teams t ON t.id = r.team_id WHERE r.id = @roundId", new { roundId }, transaction);
        var (k, kc) = await ThresholdSettings.ReadAsync(connection, transaction);
        var codeCount = form.CodeCount ?? headcount;
        var reason = form.Reason?.Trim();
        if (codeCount > CodeBound.Limit(headcount) && string.IsNullOrEmpty(reason)) return (PulseChangeOutcome.NeedsReason, []);

        var opened = await connection.ExecuteAsync(
            "UPDATE checkup_rounds SET questionnaire_version_id = @questionnaireId, k_threshold = @k, kc_threshold = @kc, " +
            "pulse_opened_at = @now, pulse_closes_on = @closesOn, codes_issued = @codeCount, headcount_at_open = @headcount " +
            "WHERE id = @roundId AND pulse_opened_at IS NULL AND completed_at IS NULL",
            new { questionnaireId, k, kc, now, closesOn = today.AddDays(form.WindowDays - 1), codeCount, headcount, roundId }, transaction);
        if (opened == 0) return (PulseChangeOutcome.NotAllowedInThisState, []);

        await connection.ExecuteAsync("UPDATE questionnaire_versions SET first_used_at = @now WHERE id = @questionnaireId AND first_used_at IS NULL",
            new { now, questionnaireId }, transaction);
        var codes = await InsertCodesAsync(connection, transaction, roundId, codeCount, sheet);
        await audit.AppendAsync(connection, transaction, user.UserName, "checkup.pulse-opened", $"round:{roundId}",
            $"codes={codeCount}; k={k}; kc={kc}; window={form.WindowDays}d");
        if (codeCount > CodeBound.Limit(headcount))
            await CodeBound.RecordExcessAsync(connection, transaction, audit, new CodeExcess(roundId, headcount, 0, codeCount, reason!, user.UserName, today));
        await transaction.CommitAsync();
        return (PulseChangeOutcome.Done, codes);
    }

    /// <summary>The codes' hashes for answering, and the codes themselves (encrypted) on the lead's sheet.</summary>
    internal static async Task<IReadOnlyList<string>> InsertCodesAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        int roundId, int count, CodeSheet sheet)
    {
        var codes = Enumerable.Range(0, count).Select(_ => ParticipationCodes.NewCode()).Distinct().ToList();
        await connection.ExecuteAsync("INSERT INTO participation_codes (code_hash, round_id, is_used) VALUES (@hash, @roundId, 0)",
            codes.Select(code => new { hash = ParticipationCodes.Hash(ParticipationCodes.Normalise(code)!), roundId }), transaction);
        await sheet.KeepAsync(connection, transaction, roundId, codes);
        return codes;
    }

}

/// <summary>Extra codes while the pulse runs ("more on request"): for a member who lost one, or new staff.
/// Beyond <see cref="CodeBound.Limit"/> of the headcount at opening only with a reason (checked in the same
/// statement that counts them, so two requests at once cannot both slip past the bound).</summary>
public sealed class IssueMoreCodesHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, CodeSheet sheet)
{
    private const string StillOpen = "pulse_opened_at IS NOT NULL AND pulse_closed_at IS NULL AND completed_at IS NULL AND pulse_closes_on >= @today";

    public async Task<(PulseChangeOutcome Outcome, IReadOnlyList<string> Codes)> HandleAsync(int roundId, int count, string? reason = null)
    {
        var today = clock.Today;
        reason = reason?.Trim();
        var hasReason = !string.IsNullOrEmpty(reason);
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var headcount = await connection.ExecuteScalarAsync<int?>("SELECT headcount_at_open FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction) ?? 0;
        var limit = CodeBound.Limit(headcount);
        var updated = await connection.ExecuteAsync(
            $"UPDATE checkup_rounds SET codes_issued = codes_issued + @count WHERE id = @roundId AND {StillOpen} " +
            "AND (codes_issued + @count <= @limit OR @hasReason = 1)", new { count, roundId, today, limit, hasReason }, transaction);
        if (updated == 0)
        {
            var open = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM checkup_rounds WHERE id = @roundId AND {StillOpen}", new { roundId, today }, transaction);
            return (open > 0 && !hasReason ? PulseChangeOutcome.NeedsReason : PulseChangeOutcome.NotAllowedInThisState, []);
        }
        var codesAfter = await connection.ExecuteScalarAsync<int>("SELECT codes_issued FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction);
        var codes = await OpenPulseHandler.InsertCodesAsync(connection, transaction, roundId, count, sheet);
        await audit.AppendAsync(connection, transaction, user.UserName, "checkup.codes-issued", $"round:{roundId}", $"codes={count}");
        if (codesAfter > limit)
            await CodeBound.RecordExcessAsync(connection, transaction, audit, new CodeExcess(roundId, headcount, codesAfter - count, count, reason!, user.UserName, today));
        await transaction.CommitAsync();
        return (PulseChangeOutcome.Done, codes);
    }
}
