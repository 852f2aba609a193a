using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Tests.Features.Dashboard;

/// <summary>
/// How <see cref="UnitOverviewCache"/> refreshes a kept overview: the first reading is waited for by all; an old one is
/// read again by the next request while the others are answered from the previous reading, but never from one older than
/// twice the configured seconds; a failed refresh leaves the next request to read again.
/// </summary>
public class UnitOverviewRefreshTests
{
    private static readonly ResolvedScope Chief = new() { UnitIds = new HashSet<int> { 1 }, DistrictIds = new HashSet<int>(), TeamIds = new HashSet<int>() };

    private static UnitOverview Reading(int number) => new()
    {
        UnitId = 1, UnitName = $"reading {number}", Districts = [], StatusCounts = new Dictionary<Web.Features.Checkups.RoundStatus, int>(),
        HeatMap = new Dictionary<(Band, Band), int>(),
    };

    private static (UnitOverviewCache Cache, ManualTimeProvider Time) Make(int seconds)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var clock = new Clock(time, Options.Create(new ClockOptions()));
        var cache = new UnitOverviewCache(new MemoryCache(new MemoryCacheOptions()),
            Options.Create(new UnitOverviewCacheOptions { OverviewCacheSeconds = seconds }), clock);
        return (cache, time);
    }

    [Test]
    public async Task While_an_old_reading_is_read_again_the_other_readers_get_the_previous_one()
    {
        var (cache, time) = Make(30);
        Assert.That((await cache.GetAsync(1, Chief, () => Task.FromResult<UnitOverview?>(Reading(1))))!.UnitName, Is.EqualTo("reading 1"));
        time.Advance(TimeSpan.FromSeconds(31));
        var refresh = new TaskCompletionSource<UnitOverview?>();
        var refresher = cache.GetAsync(1, Chief, () => refresh.Task);
        Assert.That(refresher.IsCompleted, Is.False, "the request that finds the reading old reads again itself");
        var other = await cache.GetAsync(1, Chief, () => throw new AssertionException("a second reading was started"));
        Assert.That(other!.UnitName, Is.EqualTo("reading 1"), "meanwhile the others get the previous reading");
        refresh.SetResult(Reading(2));
        Assert.That((await refresher)!.UnitName, Is.EqualTo("reading 2"));
        Assert.That((await cache.GetAsync(1, Chief, () => throw new AssertionException("read again too soon")))!.UnitName, Is.EqualTo("reading 2"));
    }

    [Test]
    public async Task A_reading_older_than_twice_the_seconds_is_never_served()
    {
        var (cache, time) = Make(30);
        await cache.GetAsync(1, Chief, () => Task.FromResult<UnitOverview?>(Reading(1)));
        time.Advance(TimeSpan.FromSeconds(31));
        var refresh = new TaskCompletionSource<UnitOverview?>();
        var refresher = cache.GetAsync(1, Chief, () => refresh.Task);
        time.Advance(TimeSpan.FromSeconds(30));
        var waiting = cache.GetAsync(1, Chief, () => throw new AssertionException("a second reading was started"));
        Assert.That(waiting.IsCompleted, Is.False, "the previous reading is too old: wait for the one under way");
        refresh.SetResult(Reading(2));
        Assert.That((await waiting)!.UnitName, Is.EqualTo("reading 2"));
        await refresher;
    }

    [Test]
    public async Task A_failed_refresh_is_not_kept_and_the_next_request_reads_again()
    {
        var (cache, time) = Make(30);
        await cache.GetAsync(1, Chief, () => Task.FromResult<UnitOverview?>(Reading(1)));
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync(1, Chief, () => Task.FromException<UnitOverview?>(new InvalidOperationException("database gone"))));
        Assert.That((await cache.GetAsync(1, Chief, () => Task.FromResult<UnitOverview?>(Reading(3))))!.UnitName, Is.EqualTo("reading 3"));
    }
}
