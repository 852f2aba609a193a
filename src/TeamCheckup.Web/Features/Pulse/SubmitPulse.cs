using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Pulse;

public sealed class PulseForm
{
    public const int CommentMaxLength = 1000;

    public string Code { get; set; } = "";
    public int? Ps1 { get; set; }
    public int? Ps2 { get; set; }
    public int? Ps3 { get; set; }
    public int? Ps4 { get; set; }
    public int? Ps5 { get; set; }
    public int? Ps6 { get; set; }
    public int? Ps7 { get; set; }
    public int? Satisfaction { get; set; }
    public int? Workload { get; set; }
    public string? SocialSafety { get; set; }
    public string? SocialSafetyCategory { get; set; }
    public int? Aftercare { get; set; }
    [DataType(DataType.MultilineText)] public string? Comment { get; set; }
}

public sealed class PulseFormValidator : AbstractValidator<PulseForm>
{
    public static readonly IReadOnlyList<string> Categories = ["Discrimination", "Harassment", "Bullying", "Aggression", "Integrity", "Other"];

    public PulseFormValidator(IStringLocalizer<SharedResource> t)
    {
        var items = new (System.Linq.Expressions.Expression<Func<PulseForm, int?>> Item, int Number)[]
        {
            (f => f.Ps1, 1), (f => f.Ps2, 2), (f => f.Ps3, 3), (f => f.Ps4, 4), (f => f.Ps5, 5), (f => f.Ps6, 6), (f => f.Ps7, 7),
        };
        // Whether each answer lies on its scale depends on the round's questionnaire version: PulseAnswerRules.
        foreach (var (item, number) in items)
            RuleFor(item).NotNull().WithMessage(_ => t["Pulse.Validation.AnswerItem", number]);
        RuleFor(f => f.Satisfaction).NotNull().WithMessage(_ => t["Pulse.Validation.Satisfaction"]);
        RuleFor(f => f.Workload).NotNull().WithMessage(_ => t["Pulse.Validation.Workload"]);
        RuleFor(f => f.SocialSafety).NotEmpty().WithMessage(_ => t["Pulse.Validation.SocialSafety"])
            .Must(v => v is null || SocialSafetyAnswers.All.Contains(v)).WithMessage(_ => t["Pulse.Validation.SocialSafety"]);
        RuleFor(f => f.SocialSafetyCategory).Must(c => c is null || Categories.Contains(c)).WithMessage(_ => t["Pulse.Validation.Category"]);
        RuleFor(f => f.Comment).MaximumLength(PulseForm.CommentMaxLength).WithMessage(_ => t["Pulse.Validation.CommentLength", PulseForm.CommentMaxLength]);
    }
}

/// <summary>The answers against the scales of the round's questionnaire version (which the singleton validator cannot know).</summary>
public static class PulseAnswerRules
{
    public static IEnumerable<(string Field, string Message)> Check(PulseForm form, QuestionnaireDefinition definition, IStringLocalizer t)
    {
        var scale = definition.PsychologicalSafety.Scale;
        int?[] items = [form.Ps1, form.Ps2, form.Ps3, form.Ps4, form.Ps5, form.Ps6, form.Ps7];
        for (var i = 0; i < items.Length; i++)
            if (items[i] is { } answer && (answer < scale.Min || answer > scale.Max))
                yield return ($"Ps{i + 1}", t["Pulse.Validation.ItemRange", i + 1]);
        if (form.Satisfaction is { } satisfaction && Outside(satisfaction, definition.Satisfaction)) yield return (nameof(PulseForm.Satisfaction), t["Pulse.Validation.Satisfaction"]);
        if (form.Workload is { } workload && Outside(workload, definition.Workload)) yield return (nameof(PulseForm.Workload), t["Pulse.Validation.Workload"]);
        if (form.Aftercare is { } aftercare && Outside(aftercare, definition.Aftercare)) yield return (nameof(PulseForm.Aftercare), t["Pulse.Validation.Aftercare"]);
    }

    private static bool Outside(int answer, RangeQuestion question) => answer < question.Min || answer > question.Max;
}

public enum CodeState { Valid, Unknown, AlreadyUsed, PulseClosed }

/// <summary>
/// Stores one anonymous answer set. In one transaction: the code is marked used (only if it was
/// unused and its pulse still open — the database decides, so 50 parallel submits of one code store
/// exactly one response), and the answers go into a row with a random key, the day only, and no
/// reference to the code. If the code cannot be used, nothing is stored.
/// </summary>
public sealed class SubmitPulseHandler(DbConnectionFactory connections, Clock clock)
{
    public async Task<CodeState> CheckAsync(string? code)
    {
        var normalised = ParticipationCodes.Normalise(code);
        if (normalised is null) return CodeState.Unknown;
        await using var connection = await connections.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<CodeRow>(
            "SELECT c.is_used AS IsUsed, r.pulse_closed_at AS PulseClosedAt, r.pulse_closes_on AS PulseClosesOn, r.completed_at AS CompletedAt " +
            "FROM participation_codes c JOIN checkup_rounds r ON r.id = c.round_id WHERE c.code_hash = @hash",
            new { hash = ParticipationCodes.Hash(normalised) });
        return Classify(row);
    }

    /// <summary>The questionnaire version and comment threshold of the code's round.</summary>
    public async Task<(int QuestionnaireVersionId, int Kc)?> RoundFactsForAsync(string code)
    {
        var normalised = ParticipationCodes.Normalise(code);
        if (normalised is null) return null;
        await using var connection = await connections.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<OpenRound>(
            "SELECT r.id AS RoundId, r.questionnaire_version_id AS QuestionnaireVersionId, r.kc_threshold AS Kc " +
            "FROM participation_codes c JOIN checkup_rounds r ON r.id = c.round_id WHERE c.code_hash = @hash",
            new { hash = ParticipationCodes.Hash(normalised) });
        return row is null ? null : (row.QuestionnaireVersionId, row.Kc ?? Thresholds.Default.Kc);
    }

    public async Task<CodeState> SubmitAsync(PulseForm form)
    {
        var normalised = ParticipationCodes.Normalise(form.Code);
        if (normalised is null) return CodeState.Unknown;
        var hash = ParticipationCodes.Hash(normalised);
        var today = clock.Today;
        using var turn = await connections.WriterTurnAsync();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var round = await connection.QuerySingleOrDefaultAsync<OpenRound>(
            "SELECT r.id AS RoundId, r.questionnaire_version_id AS QuestionnaireVersionId FROM participation_codes c " +
            "JOIN checkup_rounds r ON r.id = c.round_id WHERE c.code_hash = @hash AND r.pulse_closed_at IS NULL " +
            "AND r.completed_at IS NULL AND r.pulse_closes_on >= @today", new { hash, today }, transaction);
        var used = round is null ? 0 : await connection.ExecuteAsync(
            "UPDATE participation_codes SET is_used = 1 WHERE code_hash = @hash AND is_used = 0", new { hash }, transaction);
        if (round is null || used == 0)
        {
            await transaction.RollbackAsync();
            return await CheckAsync(form.Code);
        }

        await connection.ExecuteAsync(
            "INSERT INTO pulse_responses (id, round_id, questionnaire_version_id, response_date, ps1, ps2, ps3, ps4, ps5, ps6, ps7, " +
            "satisfaction, workload, social_safety, social_safety_category, aftercare, comment) VALUES (@id, @RoundId, @QuestionnaireVersionId, " +
            "@today, @Ps1, @Ps2, @Ps3, @Ps4, @Ps5, @Ps6, @Ps7, @Satisfaction, @Workload, @SocialSafety, @category, @Aftercare, @comment)",
            new
            {
                id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                round.RoundId, round.QuestionnaireVersionId, today,
                form.Ps1, form.Ps2, form.Ps3, form.Ps4, form.Ps5, form.Ps6, form.Ps7, form.Satisfaction, form.Workload, form.SocialSafety,
                category = form.SocialSafety == SocialSafetyAnswers.No ? null : form.SocialSafetyCategory,
                form.Aftercare,
                comment = string.IsNullOrWhiteSpace(form.Comment) ? null : form.Comment.Trim(),
            }, transaction);
        await connection.ExecuteAsync("UPDATE checkup_rounds SET response_count = response_count + 1 WHERE id = @RoundId", new { round.RoundId }, transaction);
        await transaction.CommitAsync();
        return CodeState.Valid;
    }

    private CodeState Classify(CodeRow? row)
    {
        if (row is null) return CodeState.Unknown;
        if (row.IsUsed) return CodeState.AlreadyUsed;
        var today = clock.Today;
        if (row.PulseClosedAt is not null || row.CompletedAt is not null || row.PulseClosesOn is null || row.PulseClosesOn < today)
            return CodeState.PulseClosed;
        return CodeState.Valid;
    }

    private sealed class CodeRow
    {
        public bool IsUsed { get; set; }
        public DateTime? PulseClosedAt { get; set; }
        public DateOnly? PulseClosesOn { get; set; }
        public DateTime? CompletedAt { get; set; }
    }

    private sealed class OpenRound
    {
        public int RoundId { get; set; }
        public int QuestionnaireVersionId { get; set; }
        public int? Kc { get; set; }
    }
}
