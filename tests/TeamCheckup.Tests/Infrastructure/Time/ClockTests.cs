using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Tests.Infrastructure.Time;

/// <summary>
/// The app's one clock follows the organisation's time zone (Europe/Amsterdam by default), not the server's
/// (UTC in the container): its day turns at local midnight, also on the days the clocks change.
/// </summary>
public class ClockTests
{
    private static Clock At(string utc, string zone = "Europe/Amsterdam") =>
        Clock.Create(new ManualTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)), zone);

    [TestCase("2026-12-01T22:59:59Z", "2026-12-01", TestName = "Winter: 23:59:59 in Amsterdam is still the 1st")]
    [TestCase("2026-12-01T23:00:00Z", "2026-12-02", TestName = "Winter: local midnight, while UTC is still on the 1st, is the 2nd")]
    [TestCase("2026-07-01T21:59:59Z", "2026-07-01", TestName = "Summer: 23:59:59 CEST is still the 1st")]
    [TestCase("2026-07-01T22:00:00Z", "2026-07-02", TestName = "Summer: midnight CEST (22:00 UTC) is the 2nd")]
    [TestCase("2026-03-29T00:59:59Z", "2026-03-29", TestName = "Spring forward: 01:59:59 CET on the change day")]
    [TestCase("2026-03-29T01:00:00Z", "2026-03-29", TestName = "Spring forward: the jump to 03:00 CEST stays on the same day")]
    [TestCase("2026-03-29T21:59:59Z", "2026-03-29", TestName = "Spring forward: the short day ends at 22:00 UTC")]
    [TestCase("2026-03-29T22:00:00Z", "2026-03-30", TestName = "Spring forward: the next day starts at 22:00 UTC")]
    [TestCase("2026-10-25T00:59:59Z", "2026-10-25", TestName = "Fall back: 02:59:59 CEST on the change day")]
    [TestCase("2026-10-25T01:00:00Z", "2026-10-25", TestName = "Fall back: the repeated hour stays on the same day")]
    [TestCase("2026-10-25T22:59:59Z", "2026-10-25", TestName = "Fall back: the long day ends at 23:00 UTC")]
    [TestCase("2026-10-25T23:00:00Z", "2026-10-26", TestName = "Fall back: the next day starts at 23:00 UTC")]
    public void Today_is_the_organisations_date(string utc, string expected) =>
        Assert.That(At(utc).Today, Is.EqualTo(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void Days_begin_at_local_midnight_and_the_change_days_are_23_and_25_hours_long()
    {
        var clock = At("2026-01-01T12:00:00Z");
        Assert.Multiple(() =>
        {
            Assert.That(clock.StartOfDayUtc(new DateOnly(2026, 12, 2)), Is.EqualTo(new DateTime(2026, 12, 1, 23, 0, 0, DateTimeKind.Utc)));
            Assert.That(clock.StartOfDayUtc(new DateOnly(2026, 3, 30)) - clock.StartOfDayUtc(new DateOnly(2026, 3, 29)), Is.EqualTo(TimeSpan.FromHours(23)));
            Assert.That(clock.StartOfDayUtc(new DateOnly(2026, 10, 26)) - clock.StartOfDayUtc(new DateOnly(2026, 10, 25)), Is.EqualTo(TimeSpan.FromHours(25)));
            Assert.That(clock.DayOf(new DateTime(2026, 12, 1, 23, 30, 0, DateTimeKind.Utc)), Is.EqualTo(new DateOnly(2026, 12, 2)), "a stored moment's local date");
            Assert.That(clock.ToLocal(new DateTime(2026, 7, 1, 10, 0, 0, DateTimeKind.Utc)).Hour, Is.EqualTo(12), "CEST is UTC+2");
        });
    }

    [TestCase("2026-12-01T23:30:00Z")]
    [TestCase("2026-12-01T00:00:01Z")]
    [TestCase("2026-07-01T22:30:00Z")]
    public void A_day_stamp_carries_the_date_and_no_time(string utc)
    {
        var clock = At(utc);
        Assert.That(clock.DayStamp.TimeOfDay, Is.EqualTo(TimeSpan.Zero));
        Assert.That(clock.DayOf(clock.DayStamp), Is.EqualTo(clock.Today));
    }

    [Test]
    public void Another_time_zone_can_be_configured_and_an_unknown_one_is_refused_with_its_name()
    {
        Assert.That(At("2026-12-01T23:30:00Z", "UTC").Today, Is.EqualTo(new DateOnly(2026, 12, 1)));
        var refused = Assert.Throws<InvalidOperationException>(() => At("2026-12-01T12:00:00Z", "Europe/Atlantis"));
        Assert.That(refused!.Message, Does.Contain("Europe/Atlantis").And.Contain("Organisation:TimeZone"));
    }

    /// <summary>A one-day pulse closes at local midnight: one minute before, a code still opens the form; one minute after
    /// (22:01 UTC in winter would still be the same day on a UTC clock) it does not, and the closing job closes it.</summary>
    [Test]
    public async Task A_pulse_closes_at_the_organisations_midnight_not_the_servers()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        using var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        var round = (await Checkups.EnsureRoundsAsync(app))[1];
        IReadOnlyList<string> codes;
        using (var lead = await app.SignInAsync(Demo.TeamLead))
            codes = await Checkups.OpenPulseAsync(lead, round, codes: 5, windowDays: 1);

        clock.Advance(new DateTimeOffset(2026, 12, 2, 22, 59, 0, TimeSpan.Zero) - clock.GetUtcNow()); // 23:59 in Amsterdam
        using var member = app.CreateBrowser();
        using (var open = await member.GetAsync($"/p/{codes[0]}")) Assert.That(open.StatusCode, Is.EqualTo(HttpStatusCode.OK), "23:59 local: still open");
        clock.Advance(TimeSpan.FromMinutes(2)); // 00:01 on the 3rd in Amsterdam, 23:01 on the 2nd in UTC
        using (var closed = await member.GetAsync($"/p/{codes[1]}")) Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "00:01 local: closed");
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PulseClosingJob>().RunAsync();
        Assert.That(await app.ScalarAsync<string?>("SELECT pulse_closed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Not.Null);
    }

    /// <summary>An incident triaged at 00:30 on a Friday in Amsterdam (23:30 on Thursday in UTC) is due two working days
    /// after Friday — Tuesday — not after Thursday.</summary>
    [Test]
    public async Task A_triage_deadline_counts_from_the_organisations_date()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 3, 23, 30, 0, TimeSpan.Zero));
        using var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        using (var lead = await app.SignInAsync(Demo.TeamLead))
        using (var response = await lead.SubmitFormAsync("/incidents/new?teamId=1", new Dictionary<string, string?>
               {
                   ["TeamId"] = "1", ["IncidentDate"] = "2026-12-04", ["Category"] = "Aggression", ["Severity"] = "High", ["Description"] = "Geweld bij een aanhouding",
               }))
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "an incident dated today (local) is accepted, though UTC is still on the 3rd");
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SignalProcessor>().SweepAsync();
        Assert.That(await app.ScalarAsync<string>("SELECT triage_due_on FROM cases WHERE team_id = 1 AND closed_at IS NULL"), Does.StartWith("2026-12-08"));
    }
}
