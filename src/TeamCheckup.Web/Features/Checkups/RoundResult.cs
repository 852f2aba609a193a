using TeamCheckup.Web.Features.Privacy;
namespace TeamCheckup.Web.Features.Checkups;

/// <summary>Raw results of one round (never displayed without <see cref="Privacy.Anonymity.Apply"/>).</summary>
public sealed class RoundResult
{
    public int RoundId { get; set; }
    public int Respondents { get; set; }
    public double? PsIndex { get; set; }
    public double? SatisfactionMean { get; set; }
    public double? WorkloadMean { get; set; }
    public double? AftercareMean { get; set; }
    public double? ExperiencedShare { get; set; }
    public double? WitnessedShare { get; set; }
    public double? ResponseRate { get; set; }
}

/// <summary>What may be shown of a round.</summary>
public sealed record RoundFigures(
    int Respondents,
    bool IsShown,
    Guarded<double> PsychologicalSafetyIndex,
    Guarded<double> Satisfaction,
    Guarded<double> Workload,
    Guarded<double> Aftercare,
    Guarded<double> ExperiencedShare,
    Guarded<double> WitnessedShare);
