namespace TeamCheckup.Web.Features.Checkups;

/// <summary>One stored answer set, as the scoring needs it.</summary>
public sealed class PulseAnswers
{
    public int Ps1 { get; set; }
    public int Ps2 { get; set; }
    public int Ps3 { get; set; }
    public int Ps4 { get; set; }
    public int Ps5 { get; set; }
    public int Ps6 { get; set; }
    public int Ps7 { get; set; }
    public int Satisfaction { get; set; }
    public int Workload { get; set; }
    public string SocialSafety { get; set; } = SocialSafetyAnswers.No;
    public int? Aftercare { get; set; }
    public string? SocialSafetyCategory { get; set; }

    public int[] PsychologicalSafetyItems => [Ps1, Ps2, Ps3, Ps4, Ps5, Ps6, Ps7];
}

public static class SocialSafetyAnswers
{
    public const string No = "No";
    public const string Witnessed = "Witnessed";
    public const string Experienced = "Experienced";
    public static readonly IReadOnlyList<string> All = [No, Witnessed, Experienced];
}

/// <summary>
/// Scoring of a questionnaire version (SPEC §4). Each psychological-safety statement is scored on the block's scale,
/// reverse-coded ones as min + max − answer (version 1: items 1, 3 and 5, 8 − answer on the 7-point scale); the index is
/// the mean over the statements that feed it, rescaled from min–max to 0–100.
/// </summary>
public static class PulseScoring
{
    public const int ScaleMin = 1;
    public const int ScaleMax = 7;

    private static readonly Lazy<QuestionnaireDefinition> Version1 = new(() => QuestionnaireDefinition.Parse(QuestionnaireCatalog.BundledVersion1Json()));

    /// <summary>Version 1's scoring (the bundled definition).</summary>
    public static double ItemScore(int itemIndex, int answer) => ItemScore(Version1.Value, itemIndex, answer);

    public static double ItemScore(QuestionnaireDefinition definition, int itemIndex, int answer)
    {
        var scale = definition.PsychologicalSafety.Scale;
        return definition.PsychologicalSafety.Items[itemIndex].Reverse ? scale.Min + scale.Max - answer : answer;
    }

    /// <summary>0–100 for one respondent (version 1).</summary>
    public static double PsychologicalSafetyIndex(IReadOnlyList<int> answers) => PsychologicalSafetyIndex(Version1.Value, answers)!.Value;

    /// <summary>0–100 for one respondent; null when no statement feeds the index.</summary>
    public static double? PsychologicalSafetyIndex(QuestionnaireDefinition definition, IReadOnlyList<int> answers)
    {
        var items = definition.PsychologicalSafety.Items;
        if (answers.Count != items.Count) throw new ArgumentException($"Expected {items.Count} answers.", nameof(answers));
        var scale = definition.PsychologicalSafety.Scale;
        var scores = Enumerable.Range(0, items.Count).Where(i => items[i].FeedsIndex).Select(i => ItemScore(definition, i, answers[i])).ToList();
        return scores.Count == 0 ? null : (scores.Average() - scale.Min) / (scale.Max - scale.Min) * 100.0;
    }

    /// <summary>Aggregates of a round's responses under version 1 (raw: the caller applies <see cref="Anonymity"/>).</summary>
    public static RoundResult Aggregate(int roundId, IReadOnlyCollection<PulseAnswers> responses, int? headcount) =>
        Aggregate(Version1.Value, roundId, responses, headcount);

    /// <summary>Aggregates of a round's responses under its version (raw: the caller applies <see cref="Anonymity"/>).</summary>
    public static RoundResult Aggregate(QuestionnaireDefinition definition, int roundId, IReadOnlyCollection<PulseAnswers> responses, int? headcount)
    {
        var n = responses.Count;
        var aftercare = responses.Where(r => r.Aftercare.HasValue).Select(r => (double)r.Aftercare!.Value).ToList();
        var indices = responses.Select(r => PsychologicalSafetyIndex(definition, r.PsychologicalSafetyItems)).Where(i => i.HasValue).ToList();
        return new RoundResult
        {
            RoundId = roundId,
            Respondents = n,
            PsIndex = indices.Count == 0 ? null : indices.Average(),
            SatisfactionMean = n == 0 ? null : responses.Average(r => (double)r.Satisfaction),
            WorkloadMean = n == 0 ? null : responses.Average(r => (double)r.Workload),
            AftercareMean = aftercare.Count == 0 ? null : aftercare.Average(),
            ExperiencedShare = n == 0 ? null : responses.Count(r => r.SocialSafety == SocialSafetyAnswers.Experienced) / (double)n,
            WitnessedShare = n == 0 ? null : responses.Count(r => r.SocialSafety == SocialSafetyAnswers.Witnessed) / (double)n,
            // Not capped: more responses than members (codes beyond the headcount) must show, not read as 100 %.
            ResponseRate = headcount is > 0 ? n / (double)headcount.Value : null,
        };
    }

    /// <summary>The mean score of each statement after reverse coding (round_item_results), by the statement's key.</summary>
    public static IReadOnlyDictionary<string, double?> ItemMeans(QuestionnaireDefinition definition, IReadOnlyCollection<PulseAnswers> responses)
    {
        var items = definition.PsychologicalSafety.Items;
        return Enumerable.Range(0, items.Count).ToDictionary(i => items[i].Key,
            i => responses.Count == 0 ? (double?)null : responses.Average(r => ItemScore(definition, i, r.PsychologicalSafetyItems[i])));
    }
}
