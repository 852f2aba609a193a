namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>Heat-map bands: Low = needs attention, Medium = watch, High = good (for every measure, whichever way its scale runs).</summary>
public enum Band { Low, Medium, High }

/// <summary>
/// Where the bands start, tied to the configured triage rules (docs/reports.md, "Bands"): "low" is below the rule that
/// opens a case (psychological-safety index, satisfaction) or at or above the unacceptable-behaviour share; "high" starts
/// 15 index points / 1.5 marks above the low rule (75 and 7.5 with the default rules), or below half the share.
/// Workload (1–5, 3 = good, 4 = too high): from 3.5 "low" (too high), 2.5 to 3.5 "high" (about right), up to 2.5 "medium" (too low).
/// </summary>
public sealed record BandLimits(double PsLow, double PsHigh, double SatisfactionLow, double SatisfactionHigh, double UnacceptableShare)
{
    public const double PsHighAboveLow = 15, SatisfactionHighAboveLow = 1.5, WorkloadTooHigh = 3.5, WorkloadTooLow = 2.5;

    public static BandLimits From(Triage.RuleSettings rules) => new(rules.LowPsIndex, rules.LowPsIndex + PsHighAboveLow,
        rules.LowSatisfactionMean, rules.LowSatisfactionMean + SatisfactionHighAboveLow, rules.UnacceptableShare);

    public static readonly BandLimits Default = From(Triage.RuleSettings.Default);

    public Band Ps(double index) => index < PsLow ? Band.Low : index < PsHigh ? Band.Medium : Band.High;
    public Band Satisfaction(double mean) => mean < SatisfactionLow ? Band.Low : mean < SatisfactionHigh ? Band.Medium : Band.High;
    public Band Workload(double mean) => mean >= WorkloadTooHigh ? Band.Low : mean > WorkloadTooLow ? Band.High : Band.Medium;
    public Band Experienced(double share) => share >= UnacceptableShare - 1e-9 ? Band.Low : share >= UnacceptableShare / 2 ? Band.Medium : Band.High;
}

/// <summary>The bands with the default rules (where no rule settings are at hand).</summary>
public static class Bands
{
    public static Band PsychologicalSafety(double index) => BandLimits.Default.Ps(index);
    public static Band Satisfaction(double mean) => BandLimits.Default.Satisfaction(mean);
}
