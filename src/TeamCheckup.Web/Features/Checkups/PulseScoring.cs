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
/// Scoring of questionnaire version 1 (SPEC §4). Edmondson's scale: items 1, 3 and 5 are reverse-coded
/// (8 − answer on the 7-point scale); the index is the mean after reverse coding, rescaled from 1–7 to 0–100.
/// </summary>
public static class PulseScoring
{
    public const int ScaleMin = 1;
    public const int ScaleMax = 7;
    private static readonly bool[] Reversed = [true, false, true, false, true, false, false];

    public static double ItemScore(int itemIndex, int answer) =>
        Reversed[itemIndex] ? ScaleMin + ScaleMax - answer : answer;

    /// <summary>0–100 for one respondent.</summary>
    public static double PsychologicalSafetyIndex(IReadOnlyList<int> answers)
    {
        if (answers.Count != Reversed.Length) throw new ArgumentException("Expected 7 answers.", nameof(answers));
        var mean = answers.Select((answer, i) => ItemScore(i, answer)).Average();
        return (mean - ScaleMin) / (ScaleMax - ScaleMin) * 100.0;
    }

    /// <summary>Aggregates of a round's responses (raw: the caller applies <see cref="Anonymity"/>).</summary>
    public static RoundResult Aggregate(int roundId, IReadOnlyCollection<PulseAnswers> responses, int? headcount)
    {
        var n = responses.Count;
        var aftercare = responses.Where(r => r.Aftercare.HasValue).Select(r => (double)r.Aftercare!.Value).ToList();
        return new RoundResult
        {
            RoundId = roundId,
            Respondents = n,
            PsIndex = n == 0 ? null : responses.Average(r => PsychologicalSafetyIndex(r.PsychologicalSafetyItems)),
            SatisfactionMean = n == 0 ? null : responses.Average(r => (double)r.Satisfaction),
            WorkloadMean = n == 0 ? null : responses.Average(r => (double)r.Workload),
            AftercareMean = aftercare.Count == 0 ? null : aftercare.Average(),
            ExperiencedShare = n == 0 ? null : responses.Count(r => r.SocialSafety == SocialSafetyAnswers.Experienced) / (double)n,
            WitnessedShare = n == 0 ? null : responses.Count(r => r.SocialSafety == SocialSafetyAnswers.Witnessed) / (double)n,
            // Not capped: more responses than members (codes beyond the headcount) must show, not read as 100 %.
            ResponseRate = headcount is > 0 ? n / (double)headcount.Value : null,
        };
    }
}
