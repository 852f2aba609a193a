using TeamCheckup.Web.Features.Cases;
namespace TeamCheckup.Web.Features.Triage;

public enum DeadlineState { OnTrack, Warning50, Warning75, Warning90, Breached, Met }

/// <summary>
/// Deadlines of SPEC §5–§6: the triage analysis within 2 working days (high priority) or 5 (other);
/// an anonymous report acknowledged within 7 days and answered within 3 months, with warnings at
/// 50, 75 and 90 % of the time used.
/// </summary>
public static class TriageDeadlines
{
    public static DateOnly TriageDueOn(DateOnly opened, string priority) =>
        WorkingDays.Add(opened, priority == Priorities.High ? 2 : 5);

    public static DateOnly AcknowledgeBy(DateOnly received) => received.AddDays(7);
    public static DateOnly FeedbackBy(DateOnly received) => received.AddMonths(3);

    /// <summary>Where a deadline stands today: met, breached, or how much of the time is used.</summary>
    public static DeadlineState State(DateOnly start, DateOnly due, DateOnly today, bool met)
    {
        if (met) return DeadlineState.Met;
        if (today > due) return DeadlineState.Breached;
        var total = due.DayNumber - start.DayNumber;
        if (total <= 0) return today >= due ? DeadlineState.Warning90 : DeadlineState.OnTrack;
        var used = (today.DayNumber - start.DayNumber) / (double)total;
        return used >= 0.9 ? DeadlineState.Warning90 : used >= 0.75 ? DeadlineState.Warning75 : used >= 0.5 ? DeadlineState.Warning50 : DeadlineState.OnTrack;
    }

    /// <summary>Like <see cref="State"/>, with the time counted in working days (<see cref="WorkingDays"/>): the triage
    /// deadline's warnings fall on the first working day on which 50, 75 or 90 % of its working days are used.</summary>
    public static DeadlineState WorkingDayState(DateOnly start, DateOnly due, DateOnly today, bool met)
    {
        if (met) return DeadlineState.Met;
        if (today > due) return DeadlineState.Breached;
        var total = WorkingDays.Between(start, due);
        if (total <= 0) return today >= due ? DeadlineState.Warning90 : DeadlineState.OnTrack;
        var used = WorkingDays.Between(start, today) / (double)total;
        return used >= 0.9 ? DeadlineState.Warning90 : used >= 0.75 ? DeadlineState.Warning75 : used >= 0.5 ? DeadlineState.Warning50 : DeadlineState.OnTrack;
    }

    /// <summary>The share a warning state stands for (50, 75, 90), or 0.</summary>
    public static int Percent(DeadlineState state) => state switch
    {
        DeadlineState.Warning50 => 50,
        DeadlineState.Warning75 => 75,
        DeadlineState.Warning90 => 90,
        _ => 0,
    };
}
