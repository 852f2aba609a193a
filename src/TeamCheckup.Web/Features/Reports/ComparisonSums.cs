using System.Data.Common;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace TeamCheckup.Web.Features.Reports;

public sealed class ComparisonSumsOptions
{
    public const string Section = "Reports";
    /// <summary>How long a quarter's comparison sums are kept and shared by the reports made meanwhile (0: read for every report).</summary>
    public int ComparisonCacheSeconds { get; set; } = 60;
}

/// <summary>
/// A quarter's comparison sums (<see cref="ComparisonGroups.ReadAsync"/>: each team's latest round) kept for a short while
/// (<see cref="ComparisonSumsOptions.ComparisonCacheSeconds"/>, 60 s by default). Every team report of a quarter compares
/// the team with its district, its unit and the organisation, and every chief report the unit with the organisation over
/// five quarters: the same sums, read from some 3,000 rounds each time (about 9 ms on the generated data). The
/// quarterly batch makes 3,000 reports in a row, so they now share one reading a minute. The sums are the same for every
/// reader; whether a group may be shown to a reader is still decided per report (<see cref="ComparisonGroups.Of"/>), with
/// what that reader is taken to know of the group counted in the same reading (<see cref="ComparisonGroups.KnownRespondents"/>),
/// so that a lead whose second round of the quarter closed meanwhile cannot subtract the new round from a group that still
/// holds the old one. Chosen: an expiry rather than invalidation, as for the unit overview — a
/// report made within the minute after a round closes may leave that round out of the comparison groups (never out of
/// the team's own figures, which are read for every report). One reading at a time; a failed one is not kept.
/// </summary>
public sealed class ComparisonSums(IMemoryCache cache, IOptions<ComparisonSumsOptions> options)
{
    /// <summary>The quarter's sums of every team, or of one unit's teams.</summary>
    public async Task<IReadOnlyList<TeamSums>> ReadAsync(DbConnection connection, Quarter quarter, int? unitId = null)
    {
        var seconds = options.Value.ComparisonCacheSeconds;
        if (seconds <= 0) return await ComparisonGroups.ReadAsync(connection, quarter, unitId);
        var key = ("comparison-sums", quarter);
        var reading = cache.GetOrCreate(key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromSeconds(seconds);
            return new Lazy<Task<IReadOnlyList<TeamSums>>>(() => ComparisonGroups.ReadAsync(connection, quarter), LazyThreadSafetyMode.ExecutionAndPublication);
        })!;
        IReadOnlyList<TeamSums> all;
        try
        {
            all = await reading.Value;
        }
        catch
        {
            cache.Remove(key);
            throw;
        }
        return unitId is { } unit ? all.Where(s => s.UnitId == unit).ToList() : all;
    }
}
