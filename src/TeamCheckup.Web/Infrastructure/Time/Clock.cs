using Microsoft.Extensions.Options;

namespace TeamCheckup.Web.Infrastructure.Time;

/// <summary>The <c>Organisation</c> configuration section: where the organisation's days begin and end.</summary>
public sealed class ClockOptions
{
    public const string Section = "Organisation";

    /// <summary>IANA time-zone id of the organisation; day boundaries, deadlines and pulse windows follow it.</summary>
    public string TimeZone { get; set; } = "Europe/Amsterdam";
}

/// <summary>
/// The app's one clock. Moments are stored in UTC (<see cref="UtcNow"/>); everything that speaks of a
/// day — "today", deadlines, pulse windows, a quarter's end, the date a page shows — is the
/// organisation's day in its configured time zone, never the server's. Tests replace the underlying
/// <see cref="TimeProvider"/>; nothing else reads the machine's time.
/// </summary>
public sealed class Clock
{
    private readonly TimeProvider time;

    public Clock(TimeProvider time, IOptions<ClockOptions> options)
    {
        this.time = time;
        try
        {
            Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                $"{ClockOptions.Section}:TimeZone '{options.Value.TimeZone}' is not a time zone this machine knows (use an IANA id such as Europe/Amsterdam).", e);
        }
    }

    /// <summary>A clock outside dependency injection (verbs, tests) on <paramref name="time"/>.</summary>
    public static Clock Create(TimeProvider time, string timeZone = "Europe/Amsterdam") =>
        new(time, Options.Create(new ClockOptions { TimeZone = timeZone }));

    public TimeZoneInfo Zone { get; }

    /// <summary>Now, in UTC: what the app stores as a moment.</summary>
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    /// <summary>The organisation's wall-clock time now.</summary>
    public DateTime LocalNow => ToLocal(UtcNow);

    /// <summary>The organisation's date today.</summary>
    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    /// <summary>
    /// A stored value that carries the organisation's date and nothing finer (00:00:00), for every record
    /// tied to an anonymous report or pulse answer (SPEC §9 P7). <see cref="DayOf"/> gives back the same date.
    /// </summary>
    public DateTime DayStamp => StampOf(Today);

    /// <summary>True for a value written as <see cref="DayStamp"/>: show its date, never a time.</summary>
    public static bool IsDayStamp(DateTime value) => value.TimeOfDay == TimeSpan.Zero;

    public static DateTime StampOf(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);

    /// <summary>A stored UTC moment in the organisation's wall-clock time.</summary>
    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>The organisation's date of a stored UTC moment. A <see cref="DayStamp"/> keeps its own date.</summary>
    public DateOnly DayOf(DateTime utc) =>
        IsDayStamp(utc) ? DateOnly.FromDateTime(utc) : DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>The UTC moment the organisation's <paramref name="day"/> begins (for "since"/"until" queries).</summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var midnight = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(midnight)) midnight = midnight.AddMinutes(30); // zones whose clocks jump at midnight
        return TimeZoneInfo.ConvertTimeToUtc(midnight, Zone);
    }
}
