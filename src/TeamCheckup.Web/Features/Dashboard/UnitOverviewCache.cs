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
/// keyed by <see cref="UnitOverview.RenderKey"/>). One reading at a time per key: concurrent requests for an
/// expired overview wait for the one that reads it. A failed reading is not kept.
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
        var reading = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds);
            return new Lazy<Task<UnitOverview?>>(read, LazyThreadSafetyMode.ExecutionAndPublication);
        })!;
        try
        {
            var overview = await reading.Value;
            if (overview is null) cache.Remove(key); // a unit that does not exist (yet) is asked again next time
            return overview;
        }
        catch
        {
            cache.Remove(key);
            throw;
        }
    }
}
