using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;

namespace TeamCheckup.Web.Features.Questionnaires;

/// <summary>A psychological-safety statement in the editor. The key is shown, not posted back: it comes from the draft.</summary>
public sealed class StatementEdit
{
    [BindNever] public string Key { get; set; } = "";
    public string Nl { get; set; } = "";
    public string En { get; set; } = "";
    public bool Reverse { get; set; }
    public bool FeedsIndex { get; set; } = true;
    /// <summary>A different statement in this slot: it gets a new key, so no trend compares it with earlier versions.</summary>
    public bool NewItem { get; set; }
}

/// <summary>A question on a scale (satisfaction, workload, aftercare) in the editor; labels one per line.</summary>
public sealed class RangeEdit
{
    [BindNever] public string Key { get; set; } = "";
    public string Nl { get; set; } = "";
    public string En { get; set; } = "";
    public int Min { get; set; } = 1;
    public int Max { get; set; } = 5;
    [DataType(DataType.MultilineText)] public string? LabelsNl { get; set; }
    [DataType(DataType.MultilineText)] public string? LabelsEn { get; set; }
    public bool NewItem { get; set; }
}

/// <summary>The editable parts of a draft version: texts, scales, coding and which statements feed the index.</summary>
public sealed class QuestionnaireEditForm
{
    public int ScaleMin { get; set; } = 1;
    public int ScaleMax { get; set; } = 7;
    [DataType(DataType.MultilineText)] public string ScaleLabelsNl { get; set; } = "";
    [DataType(DataType.MultilineText)] public string ScaleLabelsEn { get; set; } = "";
    public List<StatementEdit> Statements { get; set; } = [];
    public RangeEdit Satisfaction { get; set; } = new();
    public RangeEdit Workload { get; set; } = new();
    public RangeEdit Aftercare { get; set; } = new();
    public string SocialSafetyNl { get; set; } = "";
    public string SocialSafetyEn { get; set; } = "";
    public string CommentNl { get; set; } = "";
    public string CommentEn { get; set; } = "";
    public string WarningNl { get; set; } = "";
    public string WarningEn { get; set; } = "";

    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The form of a stored definition; "new item" is ticked where a key differs from the version it was copied from.</summary>
    public static QuestionnaireEditForm From(QuestionnaireDefinition d, QuestionnaireDefinition? basedOn)
    {
        RangeEdit Range(RangeQuestion q, string name, RangeQuestion? before) => new()
        {
            Key = QuestionnaireDefinition.KeyOf(q, name), Nl = q.Nl, En = q.En, Min = q.Min, Max = q.Max,
            NewItem = before is not null && QuestionnaireDefinition.KeyOf(before, name) != QuestionnaireDefinition.KeyOf(q, name),
            LabelsNl = q.Labels is null ? null : string.Join("\n", q.Labels.Nl), LabelsEn = q.Labels is null ? null : string.Join("\n", q.Labels.En),
        };
        var scale = d.PsychologicalSafety.Scale;
        return new QuestionnaireEditForm
        {
            ScaleMin = scale.Min, ScaleMax = scale.Max, ScaleLabelsNl = string.Join("\n", scale.Nl), ScaleLabelsEn = string.Join("\n", scale.En),
            Statements = d.PsychologicalSafety.Items.Select((i, n) => new StatementEdit
            {
                Key = i.Key, Nl = i.Nl, En = i.En, Reverse = i.Reverse, FeedsIndex = i.FeedsIndex,
                NewItem = basedOn is not null && n < basedOn.PsychologicalSafety.Items.Count && basedOn.PsychologicalSafety.Items[n].Key != i.Key,
            }).ToList(),
            Satisfaction = Range(d.Satisfaction, "satisfaction", basedOn?.Satisfaction), Workload = Range(d.Workload, "workload", basedOn?.Workload),
            Aftercare = Range(d.Aftercare, "aftercare", basedOn?.Aftercare),
            SocialSafetyNl = d.SocialSafety.Nl, SocialSafetyEn = d.SocialSafety.En,
            CommentNl = d.Comment.Nl, CommentEn = d.Comment.En, WarningNl = d.Comment.WarningNl, WarningEn = d.Comment.WarningEn,
        };
    }
}

public sealed class RangeEditValidator : AbstractValidator<RangeEdit>
{
    public RangeEditValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(r => r.Nl).NotEmpty().MaximumLength(500).WithName(_ => t["Questionnaire.TextNl"]);
        RuleFor(r => r.En).NotEmpty().MaximumLength(500).WithName(_ => t["Questionnaire.TextEn"]);
        RuleFor(r => r.Min).InclusiveBetween(0, 1).WithName(_ => t["Questionnaire.Min"]);
        RuleFor(r => r.Max).Must((r, max) => max > r.Min && max <= 10).WithMessage(_ => t["Questionnaire.Validation.Max"]);
        RuleFor(r => r.LabelsNl).Must((r, labels) => QuestionnaireEditForm.Lines(labels).Count is var n && (n == 0 || n == r.Max - r.Min + 1))
            .WithMessage(r => t["Questionnaire.Validation.Labels", r.Max - r.Min + 1]);
        RuleFor(r => r.LabelsEn).Must((r, labels) => QuestionnaireEditForm.Lines(labels).Count == QuestionnaireEditForm.Lines(r.LabelsNl).Count)
            .WithMessage(_ => t["Questionnaire.Validation.LabelsBoth"]);
    }
}

public sealed class QuestionnaireEditFormValidator : AbstractValidator<QuestionnaireEditForm>
{
    public QuestionnaireEditFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.ScaleMin).InclusiveBetween(0, 1).WithName(_ => t["Questionnaire.Min"]);
        RuleFor(f => f.ScaleMax).Must((f, max) => max > f.ScaleMin + 1 && max <= 10).WithMessage(_ => t["Questionnaire.Validation.ScaleMax"]);
        RuleFor(f => f.ScaleLabelsNl).Must((f, labels) => QuestionnaireEditForm.Lines(labels).Count == f.ScaleMax - f.ScaleMin + 1)
            .WithMessage(f => t["Questionnaire.Validation.Labels", f.ScaleMax - f.ScaleMin + 1]);
        RuleFor(f => f.ScaleLabelsEn).Must((f, labels) => QuestionnaireEditForm.Lines(labels).Count == f.ScaleMax - f.ScaleMin + 1)
            .WithMessage(f => t["Questionnaire.Validation.Labels", f.ScaleMax - f.ScaleMin + 1]);
        RuleForEach(f => f.Statements).ChildRules(s =>
        {
            s.RuleFor(i => i.Nl).NotEmpty().MaximumLength(500).WithName(_ => t["Questionnaire.TextNl"]);
            s.RuleFor(i => i.En).NotEmpty().MaximumLength(500).WithName(_ => t["Questionnaire.TextEn"]);
        });
        RuleFor(f => f.Statements).Must(s => s.Any(i => i.FeedsIndex)).WithMessage(_ => t["Questionnaire.Validation.NoIndex"]);
        RuleFor(f => f.Satisfaction).SetValidator(new RangeEditValidator(t));
        RuleFor(f => f.Workload).SetValidator(new RangeEditValidator(t));
        RuleFor(f => f.Aftercare).SetValidator(new RangeEditValidator(t));
        foreach (var text in new System.Linq.Expressions.Expression<Func<QuestionnaireEditForm, string>>[] { f => f.SocialSafetyNl, f => f.SocialSafetyEn, f => f.CommentNl, f => f.CommentEn })
            RuleFor(text).NotEmpty().MaximumLength(500).WithName(_ => t["Questionnaire.Text"]);
        RuleFor(f => f.WarningNl).NotEmpty().MaximumLength(1000).Must(w => w.Contains("{0}", StringComparison.Ordinal)).WithMessage(_ => t["Questionnaire.Validation.Warning"]);
        RuleFor(f => f.WarningEn).NotEmpty().MaximumLength(1000).Must(w => w.Contains("{0}", StringComparison.Ordinal)).WithMessage(_ => t["Questionnaire.Validation.Warning"]);
    }
}

/// <summary>Writes the form into a draft's definition, keeping what the editor does not show (answer options, categories,
/// source). Keys come from the version the draft was copied from: a slot marked as a new item takes a new key ("ps4-v2"
/// in version 2) that no earlier version has, unmarked it keeps the earlier key.</summary>
public static partial class DefinitionEditor
{
    public static string Apply(string json, int version, QuestionnaireEditForm form, QuestionnaireDefinition? basedOn)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root["version"] = version;
        var ps = root["psychologicalSafety"]!.AsObject();
        ps["scale"] = new JsonObject
        {
            ["min"] = form.ScaleMin, ["max"] = form.ScaleMax,
            ["nl"] = Array(QuestionnaireEditForm.Lines(form.ScaleLabelsNl)), ["en"] = Array(QuestionnaireEditForm.Lines(form.ScaleLabelsEn)),
        };
        var items = ps["items"]!.AsArray();
        for (var i = 0; i < items.Count && i < form.Statements.Count; i++)
        {
            var item = items[i]!.AsObject();
            var edit = form.Statements[i];
            var baseKey = basedOn is not null && i < basedOn.PsychologicalSafety.Items.Count ? basedOn.PsychologicalSafety.Items[i].Key : (string)item["key"]!;
            item["key"] = edit.NewItem ? NewKey(baseKey, version) : baseKey;
            (item["nl"], item["en"], item["reverse"]) = (edit.Nl.Trim(), edit.En.Trim(), edit.Reverse);
            item["index"] = edit.FeedsIndex ? ScaleItem.PsychologicalSafetyIndex : ScaleItem.NoIndex;
        }
        SetRange(root, "satisfaction", form.Satisfaction, version, basedOn?.Satisfaction);
        SetRange(root, "workload", form.Workload, version, basedOn?.Workload);
        SetRange(root, "aftercare", form.Aftercare, version, basedOn?.Aftercare);
        (root["socialSafety"]!["nl"], root["socialSafety"]!["en"]) = (form.SocialSafetyNl.Trim(), form.SocialSafetyEn.Trim());
        var comment = root["comment"]!.AsObject();
        (comment["nl"], comment["en"], comment["warningNl"], comment["warningEn"]) = (form.CommentNl.Trim(), form.CommentEn.Trim(), form.WarningNl.Trim(), form.WarningEn.Trim());
        var text = root.ToJsonString();
        _ = QuestionnaireDefinition.Parse(text); // what the app cannot read back is never stored
        return text;
    }

    private static void SetRange(JsonObject root, string name, RangeEdit edit, int version, RangeQuestion? before)
    {
        var question = root[name]!.AsObject();
        var key = before is not null ? QuestionnaireDefinition.KeyOf(before, name) : (string?)question["key"] ?? name;
        question["key"] = edit.NewItem ? NewKey(key, version) : key;
        (question["nl"], question["en"], question["min"], question["max"]) = (edit.Nl.Trim(), edit.En.Trim(), edit.Min, edit.Max);
        var (nl, en) = (QuestionnaireEditForm.Lines(edit.LabelsNl), QuestionnaireEditForm.Lines(edit.LabelsEn));
        question["labels"] = nl.Count == 0 ? null : new JsonObject { ["nl"] = Array(nl), ["en"] = Array(en) };
    }

    /// <summary>"ps4" → "ps4-v2", "ps4-v2" → "ps4-v3".</summary>
    public static string NewKey(string key, int version) =>
        $"{VersionSuffix().Replace(key, "")}-v{version.ToString(CultureInfo.InvariantCulture)}";

    private static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    [GeneratedRegex(@"-v\d+$")]
    private static partial Regex VersionSuffix();
}
