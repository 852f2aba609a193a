using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// The outcome of an integrity case (issue 17 item 3; docs/integrity.md): every case that VIK leads — integrity,
/// discrimination and harassment, the breaches of the integrity code VIK handles — is closed with one of these, the
/// day of the decision and, for a breach, the heaviest measure taken. A case closed before outcomes were recorded has
/// none: the annual report counts it as <see cref="Unknown"/>.
/// </summary>
public static class IntegrityOutcomes
{
    /// <summary>Investigated: the conduct was no breach of the integrity code.</summary>
    public const string NoBreach = "NoBreach";
    /// <summary>Investigated: a breach, with a measure.</summary>
    public const string Breach = "Breach";
    /// <summary>Investigated, but whether a breach happened could not be established (not the same as no breach).</summary>
    public const string NotEstablished = "NotEstablished";
    /// <summary>Not decided on: withdrawn by the reporter, or not taken up (no investigation).</summary>
    public const string Withdrawn = "Withdrawn";
    /// <summary>Not a value anyone records: the outcome of a case closed before outcomes existed.</summary>
    public const string Unknown = "Unknown";

    public static readonly IReadOnlyList<string> All = [NoBreach, Breach, NotEstablished, Withdrawn];
    /// <summary>As the report counts them: the recorded ones and the unknown of old cases.</summary>
    public static readonly IReadOnlyList<string> Counted = [.. All, Unknown];

    /// <summary>The measure of a breach, lightest to heaviest: the heaviest one taken is recorded.</summary>
    public static readonly IReadOnlyList<string> Measures = ["Conversation", "Warning", "Disciplinary", "Dismissal", "Prosecution"];

    /// <summary>The result of an independent review of the decision; none yet while it runs.</summary>
    public static readonly IReadOnlyList<string> ReviewResults = ["Upheld", "Amended", "Overturned"];
    public const string ReviewPending = "Pending";

    /// <summary>Whether closing this case records an integrity outcome: the cases VIK leads.</summary>
    public static bool Applies(string leadDiscipline) => leadDiscipline == Disciplines.Vik;

    /// <summary>The case entry of an outcome: codes, shown in the reader's language by <see cref="CaseEntryText"/>.</summary>
    public static string EntryBody(string outcome, string? measure, DateOnly decidedOn) =>
        $"{outcome}|{measure}|{decidedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public static string? Render(string body, IStringLocalizer t)
    {
        if (body.Split('|') is not [var outcome, var measure, var day] || !All.Contains(outcome)
            || !DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var decidedOn)) return null;
        var date = decidedOn.ToString("d MMMM yyyy", CultureInfo.CurrentUICulture);
        return Measures.Contains(measure)
            ? t["Case.Integrity.EntryBreach", t["Integrity.Outcome." + outcome].Value, t["Integrity.Measure." + measure].Value, date].Value
            : t["Case.Integrity.Entry", t["Integrity.Outcome." + outcome].Value, date].Value;
    }

    /// <summary>A review entry: "Asked|day" or "Result|day" with the result's code.</summary>
    public static string? RenderReview(string body, IStringLocalizer t)
    {
        var parts = body.Split('|');
        if (parts.Length < 2 || !DateOnly.TryParseExact(parts[^1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return null;
        var date = day.ToString("d MMMM yyyy", CultureInfo.CurrentUICulture);
        return parts switch
        {
            ["Asked", _] => t["Case.Integrity.ReviewAskedEntry", date].Value,
            [var result, _] when ReviewResults.Contains(result) => t["Case.Integrity.ReviewResultEntry", t["Integrity.Review." + result].Value, date].Value,
            _ => null,
        };
    }
}

/// <summary>The integrity outcome of a closed case as stored, with its review.</summary>
public sealed class IntegrityRecord
{
    public string? Outcome { get; set; }
    public string? Measure { get; set; }
    public DateOnly? DecidedOn { get; set; }
    public DateOnly? ReviewAskedOn { get; set; }
    public string? ReviewResult { get; set; }
    public DateOnly? ReviewResultOn { get; set; }

    public const string Columns =
        "integrity_outcome AS Outcome, integrity_measure AS Measure, integrity_decided_on AS DecidedOn, review_asked_on AS ReviewAskedOn, " +
        "review_result AS ReviewResult, review_result_on AS ReviewResultOn";
}

/// <summary>The integrity part of closing a VIK case (filled on <see cref="CloseForm"/>).</summary>
public static class IntegrityCloseRules
{
    public static void Add(AbstractValidator<CloseForm> v, IStringLocalizer t, Clock clock)
    {
        v.RuleFor(f => f.IntegrityOutcome).Must(o => o is not null && IntegrityOutcomes.All.Contains(o)).When(f => f.IsIntegrityCase)
            .WithMessage(_ => t["Case.Validation.IntegrityOutcome"]);
        v.RuleFor(f => f.IntegrityMeasure).Must(m => m is not null && IntegrityOutcomes.Measures.Contains(m))
            .When(f => f.IsIntegrityCase && f.IntegrityOutcome == IntegrityOutcomes.Breach).WithMessage(_ => t["Case.Validation.IntegrityMeasure"]);
        v.RuleFor(f => f.IntegrityMeasure).Must(string.IsNullOrEmpty)
            .When(f => f.IsIntegrityCase && f.IntegrityOutcome is not null && f.IntegrityOutcome != IntegrityOutcomes.Breach)
            .WithMessage(_ => t["Case.Validation.IntegrityMeasureWithoutBreach"]);
        v.RuleFor(f => f.DecidedOn).NotNull().When(f => f.IsIntegrityCase).WithMessage(_ => t["Case.Validation.IntegrityDecidedOn"])
            .Must((f, d) => d is null || (d <= clock.Today && (f.OpenedOn is null || d >= f.OpenedOn))).When(f => f.IsIntegrityCase)
            .WithMessage(_ => t["Case.Validation.IntegrityDecidedOnRange"]);
    }
}

public sealed class ReviewForm
{
    /// <summary>The day the independent review was asked.</summary>
    public DateOnly? AskedOn { get; set; }
    /// <summary>"Pending" while it runs, or one of <see cref="IntegrityOutcomes.ReviewResults"/>.</summary>
    public string? Result { get; set; }
    /// <summary>The day of the result (with a result).</summary>
    public DateOnly? ResultOn { get; set; }
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever] public DateOnly? DecidedOn { get; set; }
}

public sealed class ReviewFormValidator : AbstractValidator<ReviewForm>
{
    public ReviewFormValidator(IStringLocalizer<SharedResource> t, Clock clock)
    {
        RuleFor(f => f.AskedOn).NotNull().WithMessage(_ => t["Case.Validation.ReviewAskedOn"])
            .Must((f, d) => d is null || (d <= clock.Today && (f.DecidedOn is null || d >= f.DecidedOn))).WithMessage(_ => t["Case.Validation.ReviewAskedOnRange"]);
        RuleFor(f => f.Result).Must(r => r == IntegrityOutcomes.ReviewPending || (r is not null && IntegrityOutcomes.ReviewResults.Contains(r)))
            .WithMessage(_ => t["Case.Validation.ReviewResult"]);
        RuleFor(f => f.ResultOn).NotNull().When(f => f.Result is not null && IntegrityOutcomes.ReviewResults.Contains(f.Result))
            .WithMessage(_ => t["Case.Validation.ReviewResultOn"])
            .Must((f, d) => d is null || (d <= clock.Today && (f.AskedOn is null || d >= f.AskedOn))).WithMessage(_ => t["Case.Validation.ReviewResultOnRange"]);
        RuleFor(f => f.ResultOn).Null().When(f => f.Result == IntegrityOutcomes.ReviewPending).WithMessage(_ => t["Case.Validation.ReviewResultOnPending"]);
    }
}

/// <summary>
/// An independent review asked of a closed integrity case's decision, and its result when known: recorded by a VIK
/// advisor on the case, as a case entry and in the audit trail. Recording again corrects it (the entry says what changed).
/// </summary>
public sealed class IntegrityReviewHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    /// <summary>The decision day of the case (for the validator), or null when the case has no integrity outcome.</summary>
    public async Task<DateOnly?> DecidedOnAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<DateOnly?>("SELECT integrity_decided_on FROM cases WHERE id = @caseId", new { caseId });
    }

    public async Task<bool> RecordAsync(int caseId, ReviewForm form)
    {
        if (!user.IsInRole(Roles.VikAdvisor)) return false;
        var now = clock.UtcNow;
        var result = form.Result == IntegrityOutcomes.ReviewPending ? null : form.Result;
        var resultOn = result is null ? null : form.ResultOn;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await connection.QuerySingleOrDefaultAsync<IntegrityRecord>(
            $"SELECT {IntegrityRecord.Columns} FROM cases {connections.Dialect.LockForUpdate} WHERE id = @caseId AND closed_at IS NOT NULL AND integrity_outcome IS NOT NULL",
            new { caseId }, transaction);
        if (before is null) return false;
        await connection.ExecuteAsync(
            "UPDATE cases SET review_asked_on = @AskedOn, review_result = @result, review_result_on = @resultOn, updated_at = @now WHERE id = @caseId",
            new { form.AskedOn, result, resultOn, now, caseId }, transaction);
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var entries = new List<string>();
        if (before.ReviewAskedOn != form.AskedOn) entries.Add($"Asked|{Day(form.AskedOn!.Value)}");
        if (result is not null && (before.ReviewResult != result || before.ReviewResultOn != resultOn)) entries.Add($"{result}|{Day(resultOn!.Value)}");
        foreach (var body in entries)
            await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "IntegrityReview", body, user.Id, now));
        await audit.AppendAsync(connection, transaction, user.UserName, "case.integrity-review", $"case:{caseId}",
            $"asked {Day(form.AskedOn!.Value)}; {result ?? IntegrityOutcomes.ReviewPending}");
        await transaction.CommitAsync();
        return true;
    }
}
