namespace TeamCheckup.Web.Features.Dashboard;

public enum Band { Low, Medium, High }

/// <summary>Heat-map bands. "Low" matches the triage engine's default thresholds (SPEC §6: satisfaction below 6.0,
/// psychological-safety index below 60).</summary>
public static class Bands
{
    public static Band PsychologicalSafety(double index) => index < 60 ? Band.Low : index < 75 ? Band.Medium : Band.High;
    public static Band Satisfaction(double mean) => mean < 6.0 ? Band.Low : mean < 7.5 ? Band.Medium : Band.High;
}
