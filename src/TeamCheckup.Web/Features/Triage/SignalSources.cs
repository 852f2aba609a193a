namespace TeamCheckup.Web.Features.Triage;

public static class SignalSources
{
    /// <summary>Written at completion before pulse closings were judged; still processed, no longer written.</summary>
    public const string RoundCompleted = "RoundCompleted";
    /// <summary>A round's pulse closed (by its window or by the lead): its results judged at once.</summary>
    public const string PulseClosed = "PulseClosed";
    /// <summary>A review saved with the tension flag on (once per round).</summary>
    public const string Tension = "Tension";
    /// <summary>A round still not completed N days after its period started (once per round).</summary>
    public const string RoundOverdue = "RoundOverdue";
    public const string Incident = "Incident";
    public const string AnonymousReport = "AnonymousReport";
}
