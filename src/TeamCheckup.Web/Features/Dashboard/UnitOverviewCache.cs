using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Dashboard;

public sealed class UnitOverviewCacheOptions
{
    public const string Section = "Dashboard";
    /// <summary>How long a unit overview's figures are kept before they are read again (0: never kept).</summary>
    public int OverviewCacheSeconds { get; set; } = 30;
}

/// <summary>
/// Keeps each unit overview for a short while (<see cref="UnitOverviewCacheOptions.OverviewCacheSeconds"/>, 30 s by
/// default), so the readers of a unit — its chiefs and advisors, often on the page at the same time on the morning a quarter
/// closes — share one reading of the database instead of each grouping 300 teams. The overview holds aggregates only (the
/// anonymity rules are applied while it is built) and is the same for everyone with the same view of the unit, so the key
/// is the unit, the reader's view of it (the whole unit or which districts), the day (what is overdue) and the language
/// (period labels). The page says when its figures were read, and renders its body once per reading (the view's cache tag,
/// keyed by <see cref="UnitOverview.RenderKey"/>). One reading at a time per key. The first reading is waited for by every
/// request that arrives meanwhile; once a reading is older than the configured seconds, the next request reads again
/// itself while the requests that arrive during that reading are answered from the previous one (so 64 readers do not all
/// queue behind one refresh: that queue was the page's p99 under load). The previous reading is served only while a newer
/// one is being read and never when it is older than twice the configured seconds. A failed reading is not kept.
/// </summary>
public sealed class UnitOverviewCache(IMemoryCache cache, IOptions<UnitOverviewCacheOptions> options, Clock clock)
{
    /// <summary>A reader's view of a unit: the whole unit, or the districts they hold.</summary>
    public static string ViewOf(int unitId, ResolvedScope scope) =>
        scope.UnitIds.Contains(unitId) ? "unit" : string.Join(",", scope.DistrictIds.Order());

    public async Task<UnitOverview?> GetAsync(int unitId, ResolvedScope scope, Func<Task<UnitOverview?>> read)
    {
        var seconds = options.Value.OverviewCacheSeconds;
        if (seconds <= 0) return await read();
        var key = ("unit-overview", unitId, ViewOf(unitId, scope), clock.Today, CultureInfo.CurrentUICulture.Name);
        var slot = cache.GetOrCreate(key, entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromSeconds(2 * seconds);
            return new Slot();
        })!;
        var (reading, mine) = slot.Choose(clock.UtcNow, TimeSpan.FromSeconds(seconds), read);
        try
        {
            var overview = await reading;
            if (mine) slot.Done(reading, clock.UtcNow);
            if (overview is null) cache.Remove(key); // a unit that does not exist (yet) is asked again next time
            return overview;
        }
        catch
        {
            if (mine) slot.Failed(reading);
            cache.Remove(key);
            throw;
        }
    }

    /// <summary>The latest finished reading of one key and the reading under way, if any.</summary>
    private sealed class Slot
    {
        private readonly object gate = new();
        private Task<UnitOverview?>? latest;
        private DateTime latestAt;
        private Task<UnitOverview?>? underWay;

        /// <summary>The reading this request gets, and whether this request started it (and so reports its end).</summary>
        public (Task<UnitOverview?> Reading, bool Mine) Choose(DateTime now, TimeSpan keep, Func<Task<UnitOverview?>> read)
        {
            lock (gate)
            {
                if (latest is not null && now - latestAt < keep) return (latest, false);
                if (underWay is not null)
                    return latest is not null && now - latestAt < 2 * keep ? (latest, false) : (underWay, false);
                underWay = read();
                return (underWay, true);
            }
        }

        public void Done(Task<UnitOverview?> reading, DateTime at)
        {
            lock (gate)
            {
                if (underWay != reading) return;
                latest = reading;
                latestAt = at;
                underWay = null;
            }
        }

        public void Failed(Task<UnitOverview?> reading)
        {
            lock (gate) { if (underWay == reading) underWay = null; }
        }
    }
}
