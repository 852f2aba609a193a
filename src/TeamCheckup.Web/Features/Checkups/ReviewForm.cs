using System.ComponentModel.DataAnnotations;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Checkups;

public static class ReviewVocabulary
{
    public static readonly IReadOnlyList<string> Dimensions =
        ["SocialSafety", "Cohesion", "Workload", "Leadership", "Inclusion", "Resilience", "Aftercare"];
    public static readonly IReadOnlyList<string> BottleneckCategories =
        ["Workload", "Staffing", "Cooperation", "Leadership", "SocialSafety", "Integrity", "Facilities", "Training", "Other"];
    public static readonly IReadOnlyList<string> Severities = ["Low", "Medium", "High"];
    public static readonly IReadOnlyList<string> SupportingParties = ["HRM", "VIK", "Communications", "Other"];
    public static readonly IReadOnlyList<string> AgreementStatuses = ["Open", "InProgress", "Done", "Cancelled"];
    public static readonly IReadOnlyList<string> OpenAgreementStatuses = ["Open", "InProgress"];

    public const int TextMax = 2000;
    public const int WhatMax = 1000;
    public const int OwnerMax = 200;
    /// <summary>The most rows of one kind a review holds (bottlenecks, new agreements, new measures).</summary>
    public const int MaxRows = 50;
}

/// <summary>
/// Adding and removing the review's rows without script: the buttons post the form with <c>action=add:Bottlenecks</c>
/// or <c>action=remove:Bottlenecks:2</c>, and the same form comes back with one row more or less (nothing saved).
/// site.js does the same in the page when script runs.
/// </summary>
public static class ReviewRows
{
    public static readonly IReadOnlyList<string> Lists = [nameof(ReviewForm.Bottlenecks), nameof(ReviewForm.NewAgreements), nameof(ReviewForm.NewMeasures)];

    public static bool IsRowChange(string? action) =>
        action is not null && (action.StartsWith("add:", StringComparison.Ordinal) || action.StartsWith("remove:", StringComparison.Ordinal));

    /// <summary>Applies the change; false for an action that names no list or no row of it.</summary>
    public static bool Apply(ReviewForm form, string action)
    {
        var parts = action.Split(':');
        if (parts.Length < 2 || !Lists.Contains(parts[1])) return false;
        if (parts[0] == "add" && parts.Length == 2)
        {
            if (Count(form, parts[1]) >= ReviewVocabulary.MaxRows) return true;
            if (parts[1] == nameof(ReviewForm.Bottlenecks)) form.Bottlenecks.Add(new BottleneckEntry());
            else if (parts[1] == nameof(ReviewForm.NewAgreements)) form.NewAgreements.Add(new AgreementEntry());
            else form.NewMeasures.Add(new MeasureEntry());
            return true;
        }
        if (parts[0] != "remove" || parts.Length != 3
            || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            || index >= Count(form, parts[1])) return false;
        if (parts[1] == nameof(ReviewForm.Bottlenecks)) form.Bottlenecks.RemoveAt(index);
        else if (parts[1] == nameof(ReviewForm.NewAgreements)) form.NewAgreements.RemoveAt(index);
        else form.NewMeasures.RemoveAt(index);
        // One row stays to type in.
        if (form.Bottlenecks.Count == 0) form.Bottlenecks.Add(new BottleneckEntry());
        if (form.NewAgreements.Count == 0) form.NewAgreements.Add(new AgreementEntry());
        if (form.NewMeasures.Count == 0) form.NewMeasures.Add(new MeasureEntry());
        return true;
    }

    private static int Count(ReviewForm form, string list) => list switch
    {
        nameof(ReviewForm.Bottlenecks) => form.Bottlenecks.Count,
        nameof(ReviewForm.NewAgreements) => form.NewAgreements.Count,
        _ => form.NewMeasures.Count,
    };
}

public sealed class DimensionEntry
{
    public string Dimension { get; set; } = "";
    public int? Score { get; set; }
    [DataType(DataType.MultilineText)] public string? Note { get; set; }
}

public sealed class BottleneckEntry
{
    public string? Category { get; set; }
    [DataType(DataType.MultilineText)] public string? Description { get; set; }
    public string? Severity { get; set; }
    public bool IsBlank => string.IsNullOrWhiteSpace(Description) && string.IsNullOrWhiteSpace(Category) && string.IsNullOrWhiteSpace(Severity);
}

public sealed class AgreementEntry
{
    public string? What { get; set; }
    public string? SupportingParty { get; set; }
    public string? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? Status { get; set; } = "Open";
    public bool IsBlank => string.IsNullOrWhiteSpace(What) && string.IsNullOrWhiteSpace(Owner) && DueDate is null;
}

/// <summary>Follow-up of an agreement made in an earlier round (or earlier in this one).</summary>
public sealed class AgreementFollowUp
{
    public int Id { get; set; }
    public string? Status { get; set; }
    [DataType(DataType.MultilineText)] public string? FollowUpNote { get; set; }
    // Shown, not posted back into the database:
    [BindNever] public string What { get; set; } = "";
    [BindNever] public string SupportingParty { get; set; } = "";
    [BindNever] public string Owner { get; set; } = "";
    [BindNever] public DateOnly DueDate { get; set; }
    [BindNever] public DateOnly? OriginStart { get; set; }
    [BindNever] public int? OriginCadence { get; set; }
}

/// <summary>Desired and actual number of people with one competency (SPEC §8), recorded in the review.</summary>
public sealed class CompetencyEntry
{
    public int CompetencyId { get; set; }
    public int? Desired { get; set; }
    public int? Actual { get; set; }
    // Shown, not stored from the post:
    [BindNever] public string Name { get; set; } = "";
    /// <summary>What the competency means for this team (HRM's descriptions for its area and team type, else the general one).</summary>
    [BindNever] public IReadOnlyList<Competencies.FittingDescription> Descriptions { get; set; } = [];
    public bool IsBlank => Desired is null && Actual is null;
}

/// <summary>A measure to close a competency gap.</summary>
public sealed class MeasureEntry
{
    public int? CompetencyId { get; set; }
    public string? What { get; set; }
    public string? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public string? Status { get; set; } = "Open";
    public bool IsBlank => string.IsNullOrWhiteSpace(What) && string.IsNullOrWhiteSpace(Owner) && DueDate is null;
}

public sealed class MeasureFollowUp
{
    public int Id { get; set; }
    public string? Status { get; set; }
    [BindNever] public string What { get; set; } = "";
    [BindNever] public string Owner { get; set; } = "";
    [BindNever] public DateOnly DueDate { get; set; }
}

public sealed class ReviewForm
{
    public List<CompetencyEntry> Competencies { get; set; } = [];
    public List<MeasureEntry> NewMeasures { get; set; } = [];
    public List<MeasureFollowUp> MeasureFollowUps { get; set; } = [];
    /// <summary>Set by the controller from the team (not posted), for the count rules.</summary>
    [BindNever] public int Headcount { get; set; }
    public List<DimensionEntry> Dimensions { get; set; } = [];
    public List<BottleneckEntry> Bottlenecks { get; set; } = [];
    public List<AgreementEntry> NewAgreements { get; set; } = [];
    public List<AgreementFollowUp> FollowUps { get; set; } = [];
    public bool TensionFlag { get; set; }
    [DataType(DataType.MultilineText)] public string? TensionDescription { get; set; }
    /// <summary>Set by the controller from the round, for the date-order rule (not posted).</summary>
    [BindNever] public DateOnly PeriodStart { get; set; }
    /// <summary>Set by the controller (not posted): the parts of the review the form carried. A save changes
    /// only those; a part the form did not carry keeps what was stored.</summary>
    [BindNever] public IReadOnlySet<string> Carried { get; set; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        nameof(Dimensions), nameof(Bottlenecks), nameof(NewAgreements), nameof(FollowUps), nameof(TensionFlag), nameof(TensionDescription),
        nameof(Competencies), nameof(NewMeasures), nameof(MeasureFollowUps),
    };

    public bool Carries(string part) => Carried.Contains(part);
}

/// <summary>Rules for saving a draft: whatever is filled in must be valid; nothing is required yet.</summary>
public sealed class ReviewFormValidator : AbstractValidator<ReviewForm>
{
    public ReviewFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleForEach(f => f.Dimensions).ChildRules(d =>
        {
            d.RuleFor(x => x.Dimension).Must(ReviewVocabulary.Dimensions.Contains).WithMessage(_ => t["Review.Validation.Dimension"]);
            d.RuleFor(x => x.Score).InclusiveBetween(1, 5).When(x => x.Score.HasValue).WithMessage(x => t["Review.Validation.Score", t["Dimension." + x.Dimension]]);
            d.RuleFor(x => x.Note).MaximumLength(ReviewVocabulary.TextMax).WithMessage(x => t["Review.Validation.TooLong", t["Dimension." + x.Dimension], ReviewVocabulary.TextMax]);
        });
        RuleForEach(f => f.Bottlenecks).ChildRules(b =>
        {
            b.RuleFor(x => x.Category).Must(c => c is not null && ReviewVocabulary.BottleneckCategories.Contains(c)).When(x => !x.IsBlank)
                .WithMessage(_ => t["Review.Validation.BottleneckCategory"]);
            b.RuleFor(x => x.Description).NotEmpty().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.BottleneckDescription"])
                .MaximumLength(ReviewVocabulary.TextMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.BottleneckDescription"], ReviewVocabulary.TextMax]);
            b.RuleFor(x => x.Severity).Must(s => s is not null && ReviewVocabulary.Severities.Contains(s)).When(x => !x.IsBlank)
                .WithMessage(_ => t["Review.Validation.Severity"]);
        });
        RuleForEach(f => f.NewAgreements).ChildRules(a =>
        {
            a.RuleFor(x => x.What).NotEmpty().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.AgreementWhat"])
                .MaximumLength(ReviewVocabulary.WhatMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.AgreementWhat"], ReviewVocabulary.WhatMax]);
            a.RuleFor(x => x.SupportingParty).Must(p => p is not null && ReviewVocabulary.SupportingParties.Contains(p)).When(x => !x.IsBlank)
                .WithMessage(_ => t["Review.Validation.Party"]);
            a.RuleFor(x => x.Owner).NotEmpty().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.Owner"])
                .MaximumLength(ReviewVocabulary.OwnerMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.Owner"], ReviewVocabulary.OwnerMax]);
            a.RuleFor(x => x.DueDate).NotNull().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.DueDate"]);
            a.RuleFor(x => x.Status).Must(s => s is not null && ReviewVocabulary.AgreementStatuses.Contains(s)).When(x => !x.IsBlank)
                .WithMessage(_ => t["Review.Validation.Status"]);
        });
        RuleForEach(f => f.NewAgreements).Must((form, a) => a.IsBlank || a.DueDate is null || a.DueDate >= form.PeriodStart)
            .WithMessage((form, _) => t["Review.Validation.DueDateOrder", form.PeriodStart.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        RuleForEach(f => f.NewAgreements).Must((form, a) => a.IsBlank || a.DueDate is null || a.DueDate <= form.PeriodStart.AddYears(3))
            .WithMessage(_ => t["Review.Validation.DueDateFar"]);
        RuleForEach(f => f.FollowUps).ChildRules(a =>
        {
            a.RuleFor(x => x.Status).Must(s => s is not null && ReviewVocabulary.AgreementStatuses.Contains(s)).WithMessage(_ => t["Review.Validation.Status"]);
            a.RuleFor(x => x.FollowUpNote).MaximumLength(ReviewVocabulary.TextMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.FollowUpNote"], ReviewVocabulary.TextMax]);
        });
        RuleFor(f => f.TensionDescription).NotEmpty().When(f => f.TensionFlag).WithMessage(_ => t["Review.Validation.TensionDescription"])
            .MaximumLength(ReviewVocabulary.TextMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.TensionDescription"], ReviewVocabulary.TextMax]);
        RuleForEach(f => f.Competencies).Must((form, c) => c.IsBlank || (c.Desired is { } d && d >= 0 && d <= form.Headcount && c.Actual is { } a && a >= 0 && a <= form.Headcount))
            .WithMessage((form, c) => t["Review.Validation.CompetencyCounts", c.Name, form.Headcount]);
        RuleForEach(f => f.NewMeasures).ChildRules(m =>
        {
            m.RuleFor(x => x.What).NotEmpty().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.MeasureWhat"])
                .MaximumLength(ReviewVocabulary.WhatMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.MeasureWhat"], ReviewVocabulary.WhatMax]);
            m.RuleFor(x => x.Owner).NotEmpty().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.Owner"])
                .MaximumLength(ReviewVocabulary.OwnerMax).WithMessage(_ => t["Review.Validation.TooLong", t["Review.Owner"], ReviewVocabulary.OwnerMax]);
            m.RuleFor(x => x.DueDate).NotNull().When(x => !x.IsBlank).WithMessage(_ => t["Review.Validation.DueDate"]);
            m.RuleFor(x => x.Status).Must(s => s is not null && ReviewVocabulary.AgreementStatuses.Contains(s)).When(x => !x.IsBlank)
                .WithMessage(_ => t["Review.Validation.Status"]);
        });
        RuleForEach(f => f.NewMeasures).Must((form, m) => m.IsBlank || m.DueDate is null || m.DueDate >= form.PeriodStart)
            .WithMessage((form, _) => t["Review.Validation.DueDateOrder", form.PeriodStart.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]);
        RuleForEach(f => f.MeasureFollowUps).ChildRules(m =>
            m.RuleFor(x => x.Status).Must(s => s is not null && ReviewVocabulary.AgreementStatuses.Contains(s)).WithMessage(_ => t["Review.Validation.Status"]));
        RuleFor(f => f.Dimensions.Count).LessThanOrEqualTo(ReviewVocabulary.Dimensions.Count);
        // Each dimension and competency once: a repeat would break the (round, dimension) key.
        RuleFor(f => f.Dimensions).Must(d => d.Select(x => x.Dimension).Distinct().Count() == d.Count).WithMessage(_ => t["Input.Duplicate"]);
        RuleFor(f => f.Competencies).Must(c => c.Select(x => x.CompetencyId).Distinct().Count() == c.Count).WithMessage(_ => t["Input.Duplicate"]);
        RuleFor(f => f.Bottlenecks.Count).LessThanOrEqualTo(ReviewVocabulary.MaxRows).WithMessage(_ => t["Review.Validation.TooMany"]);
        RuleFor(f => f.NewAgreements.Count).LessThanOrEqualTo(ReviewVocabulary.MaxRows).WithMessage(_ => t["Review.Validation.TooMany"]);
    }
}

/// <summary>Completing additionally needs a score for every dimension.</summary>
public sealed class CompleteReviewValidator : AbstractValidator<ReviewForm>
{
    public CompleteReviewValidator(IStringLocalizer<SharedResource> t)
    {
        Include(new ReviewFormValidator(t));
        RuleFor(f => f).Custom((form, context) =>
        {
            foreach (var dimension in ReviewVocabulary.Dimensions)
            {
                var index = form.Dimensions.FindIndex(d => d.Dimension == dimension);
                if (index < 0 || form.Dimensions[index].Score is null)
                    context.AddFailure(index < 0 ? "Dimensions" : $"Dimensions[{index}].Score", t["Review.Validation.ScoreRequired", t["Dimension." + dimension]]);
            }
        });
    }
}
