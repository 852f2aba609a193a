using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Web.Features.Competencies;

/// <summary>One group's figures (team members or leaders, of one team or summed over a unit) at a quarter's end, for one dimension.</summary>
public sealed record TrendPoint(Quarter Quarter, IReadOnlyDictionary<string, double>? TargetShares, IReadOnlyDictionary<string, int>? Counts)
{
    /// <summary>The people counted in this dimension (HRM may leave people uncounted; shares are of those counted).</summary>
    public int Counted => Counts?.Values.Sum() ?? 0;

    /// <summary>Realised share of a category in percent, or null without a composition.</summary>
    public double? Share(string category) => Counts is null || Counted == 0 ? null : Counts.GetValueOrDefault(category) * 100.0 / Counted;

    /// <summary>How many people (person-equivalents) the category falls short of its target: target share × counted − count, at least 0.
    /// Null without both a target and a composition.</summary>
    public double? Shortfall(string category) =>
        TargetShares is null || Counts is null || Counted == 0 || !TargetShares.TryGetValue(category, out var target) ? null
            : Math.Max(0, target / 100 * Counted - Counts.GetValueOrDefault(category));
}

/// <summary>
/// The fall-back warning (issue 17, item 4: "targets to prevent falling back"). The rule, as the page and the reading
/// guide state it: a group falls back on a category when that category's shortfall against its target — in
/// person-equivalents, target share × people counted − people in the category — has grown by at least
/// <see cref="PersonEquivalents"/> over the last <see cref="Quarters"/> quarters (quarter end Q against quarter end
/// Q − 2). A category above its target has no shortfall; a growing surplus is not a fall-back. Without figures at both
/// quarter ends there is no warning (too little history to say).
/// </summary>
public static class FallBack
{
    public const double PersonEquivalents = 1.0;
    public const int Quarters = 2;

    /// <summary>The categories (in <paramref name="order"/>) on which the last point fell back.</summary>
    public static IReadOnlyList<string> Categories(IReadOnlyList<TrendPoint> points, IReadOnlyList<string> order)
    {
        if (points.Count == 0) return [];
        var last = points[^1];
        var earlier = last.Quarter;
        for (var i = 0; i < Quarters; i++) earlier = earlier.Previous;
        var before = points.FirstOrDefault(p => p.Quarter == earlier);
        if (before is null) return [];
        return order.Where(c => last.Shortfall(c) is { } now && before.Shortfall(c) is { } then && now - then >= PersonEquivalents - 1e-9).ToList();
    }
}

/// <summary>
/// Inflow against target: the composition history shows no people, only counts, so the inflow of a category is the sum of
/// its increases from one recorded composition to the next (net of leavers in the same category between two records).
/// The target for that inflow applies the service-area shares to the total inflow (largest remainder, as for
/// <see cref="TargetFigures.InflowBlock"/>).
/// </summary>
public static class Inflow
{
    public static IReadOnlyDictionary<string, int> Of(IReadOnlyList<IReadOnlyDictionary<string, int>> versionsInOrder, IReadOnlyList<string> order)
    {
        var inflow = order.ToDictionary(c => c, _ => 0);
        for (var i = 1; i < versionsInOrder.Count; i++)
            foreach (var c in order)
                inflow[c] += Math.Max(0, versionsInOrder[i].GetValueOrDefault(c) - versionsInOrder[i - 1].GetValueOrDefault(c));
        return inflow;
    }

    public static IReadOnlyDictionary<string, int> Target(IReadOnlyDictionary<string, double> sharesPercent, int total, IReadOnlyList<string> order)
    {
        var categories = order.Where(sharesPercent.ContainsKey).ToList();
        var counts = TargetFigures.LargestRemainder(categories.Select(c => sharesPercent[c] / 100 * total).ToList(), total);
        return categories.Select((c, i) => (c, counts[i])).ToDictionary(x => x.c, x => x.Item2);
    }
}

/// <summary>The series of one group in one dimension, with the inflow over the period (team members only).</summary>
public sealed record TrendSeries(string Group, string Dimension, IReadOnlyList<TrendPoint> Points,
    IReadOnlyDictionary<string, int>? InflowCounts, IReadOnlyDictionary<string, int>? InflowTarget)
{
    public IReadOnlyList<string> Categories => DiversityDimensions.Categories(Dimension);
    public IReadOnlyList<string> FallingBack => FallBack.Categories(Points, Categories);
    public bool HasFigures => Points.Any(p => p.Counts is not null);
}

/// <summary>
/// Realisation over time, read from the history tables (migration 0115): for each quarter end the version of the profile,
/// the composition and the unit's leader target that held on that date (latest valid_from on or before it). A unit sums its
/// active teams: counts add up, and the team target is the teams' target shares weighted by the people counted.
/// </summary>
public static class DiversityHistory
{
    public const int InflowQuarters = 4;

    public static async Task<IReadOnlyList<TrendSeries>> ForTeamAsync(DbConnection connection, int teamId, IReadOnlyList<Quarter> quarters)
    {
        var unitId = await connection.ExecuteScalarAsync<int>("SELECT d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @teamId", new { teamId });
        return await LoadAsync(connection, [teamId], unitId, quarters);
    }

    public static async Task<IReadOnlyList<TrendSeries>> ForUnitAsync(DbConnection connection, int unitId, IReadOnlyList<Quarter> quarters)
    {
        var teams = (await connection.QueryAsync<int>("SELECT t.id FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId AND t.is_active = 1", new { unitId })).ToList();
        return await LoadAsync(connection, teams, unitId, quarters);
    }

    private static async Task<IReadOnlyList<TrendSeries>> LoadAsync(DbConnection connection, IReadOnlyList<int> teamIds, int unitId, IReadOnlyList<Quarter> quarters)
    {
        var to = quarters[^1].End;
        var ids = teamIds.ToArray();
        var profiles = ids.Length == 0 ? [] : (await connection.QueryAsync<VersionValue>(
            "SELECT v.id AS VersionId, v.team_id AS OwnerId, v.valid_from AS ValidFrom, s.dimension AS Dimension, s.category AS Category, s.share_percent AS Share " +
            "FROM service_area_profile_versions v JOIN service_area_profile_shares s ON s.version_id = v.id WHERE v.team_id IN @ids AND v.valid_from <= @to", new { ids, to })).ToList();
        var compositions = ids.Length == 0 ? [] : (await connection.QueryAsync<VersionValue>(
            "SELECT v.id AS VersionId, v.team_id AS OwnerId, v.group_kind AS GroupKind, v.valid_from AS ValidFrom, c.dimension AS Dimension, c.category AS Category, c.head_count AS Count " +
            "FROM composition_versions v JOIN composition_counts c ON c.version_id = v.id WHERE v.team_id IN @ids AND v.valid_from <= @to", new { ids, to })).ToList();
        var leaderTargets = (await connection.QueryAsync<VersionValue>(
            "SELECT v.id AS VersionId, v.unit_id AS OwnerId, v.valid_from AS ValidFrom, s.dimension AS Dimension, s.category AS Category, s.share_percent AS Share " +
            "FROM unit_leader_target_versions v JOIN unit_leader_target_shares s ON s.version_id = v.id WHERE v.unit_id = @unitId AND v.valid_from <= @to", new { unitId, to })).ToList();

        var series = new List<TrendSeries>();
        foreach (var dimension in DiversityDimensions.All)
        {
            var order = DiversityDimensions.Categories(dimension);
            var profileOf = Versions(profiles.Where(p => p.Dimension == dimension));
            var teamOf = Versions(compositions.Where(c => c.Dimension == dimension && c.GroupKind == CompositionGroups.Team));
            var leadersOf = Versions(compositions.Where(c => c.Dimension == dimension && c.GroupKind == CompositionGroups.Leaders));
            var unitTarget = Versions(leaderTargets.Where(l => l.Dimension == dimension)).GetValueOrDefault(unitId);

            var teamPoints = quarters.Select(q =>
            {
                Dictionary<string, int>? counts = null;
                var targetPeople = order.ToDictionary(c => c, _ => 0.0);
                foreach (var team in ids)
                {
                    if (AsOf(teamOf.GetValueOrDefault(team), q.End) is not { } composition) continue;
                    counts ??= order.ToDictionary(c => c, _ => 0);
                    foreach (var c in order) counts[c] += (int)composition.Values.GetValueOrDefault(c);
                    var counted = composition.Values.Values.Sum();
                    if (AsOf(profileOf.GetValueOrDefault(team), q.End) is { } profile)
                        foreach (var c in order) targetPeople[c] += profile.Values.GetValueOrDefault(c) / 100 * counted;
                }
                var total = targetPeople.Values.Sum();
                return new TrendPoint(q, total <= 0 ? null : targetPeople.ToDictionary(x => x.Key, x => x.Value / total * 100), counts);
            }).ToList();

            // Inflow over the last four quarters: per team, the recorded compositions in the window after the one holding at its start.
            var windowStart = quarters[^1].Trailing(InflowQuarters)[0].Start;
            var inflow = order.ToDictionary(c => c, _ => 0);
            var anyInflow = false;
            foreach (var team in ids)
            {
                if (!teamOf.TryGetValue(team, out var versions)) continue;
                var baseline = AsOf(versions, windowStart.AddDays(-1));
                var inWindow = versions.Where(v => v.ValidFrom >= windowStart && v.ValidFrom <= to).ToList();
                var sequence = (baseline is null ? inWindow : inWindow.Prepend(baseline)).Select(v => (IReadOnlyDictionary<string, int>)v.Values.ToDictionary(x => x.Key, x => (int)x.Value)).ToList();
                if (sequence.Count < 2) continue;
                anyInflow = true;
                foreach (var (c, n) in Inflow.Of(sequence, order)) inflow[c] += n;
            }
            var last = teamPoints[^1];
            series.Add(new TrendSeries(CompositionGroups.Team, dimension, teamPoints, anyInflow ? inflow : null,
                anyInflow && last.TargetShares is { } shares ? Inflow.Target(shares, inflow.Values.Sum(), order) : null));

            var leaderPoints = quarters.Select(q =>
            {
                Dictionary<string, int>? counts = null;
                foreach (var team in ids)
                {
                    if (AsOf(leadersOf.GetValueOrDefault(team), q.End) is not { } composition) continue;
                    counts ??= order.ToDictionary(c => c, _ => 0);
                    foreach (var c in order) counts[c] += (int)composition.Values.GetValueOrDefault(c);
                }
                return new TrendPoint(q, AsOf(unitTarget, q.End)?.Values, counts);
            }).ToList();
            series.Add(new TrendSeries(CompositionGroups.Leaders, dimension, leaderPoints, null, null));
        }
        return series;
    }

    private sealed record Version(int Id, DateOnly ValidFrom, IReadOnlyDictionary<string, double> Values);

    /// <summary>Per owner, its versions in the order they hold (valid_from, then id).</summary>
    private static Dictionary<int, List<Version>> Versions(IEnumerable<VersionValue> rows) =>
        rows.GroupBy(r => r.OwnerId).ToDictionary(g => g.Key, g => g.GroupBy(r => r.VersionId)
            .Select(v => new Version(v.Key, v.First().ValidFrom, v.ToDictionary(r => r.Category, r => r.Count ?? r.Share ?? 0)))
            .OrderBy(v => v.ValidFrom).ThenBy(v => v.Id).ToList());

    private static Version? AsOf(List<Version>? versions, DateOnly date) => versions?.LastOrDefault(v => v.ValidFrom <= date);

    private sealed class VersionValue
    {
        public int VersionId { get; set; }
        public int OwnerId { get; set; }
        public string? GroupKind { get; set; }
        public DateOnly ValidFrom { get; set; }
        public string Dimension { get; set; } = "";
        public string Category { get; set; } = "";
        public double? Share { get; set; }
        public int? Count { get; set; }
    }
}

/// <summary>A trend as shown on a page and in a report: one row per quarter, "realised % (target %)" per category.</summary>
public sealed record TrendTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, string? Warning,
    IReadOnlyList<string> InflowHeaders, IReadOnlyList<IReadOnlyList<string>> InflowRows);

/// <summary>
/// Turns a series into what may be shown (SPEC §9): a realised share is shown only where its count passes
/// <see cref="SmallCounts"/> at k (with the next-smallest hidden too); otherwise the cell says "&lt; k" or hidden. Inflow counts
/// pass the same rule. The warning names the category, never a count.
/// </summary>
public static class TrendTables
{
    public static TrendTable From(TrendSeries series, int k, IStringLocalizer t, CultureInfo culture)
    {
        var order = series.Categories;
        string Name(string c) => t[DiversityDimensions.Label(series.Dimension, c)];
        var rows = series.Points.Select(p =>
        {
            var cells = p.Counts is null ? null : SmallCounts.Display(p.Counts, k, t["Rpt.Hidden"], culture);
            IReadOnlySet<string> hidden = p.Counts is null ? new HashSet<string>() : Anonymity.SuppressedSiblings(p.Counts, k);
            return (IReadOnlyList<string>)new[] { p.Quarter.Label }.Concat(order.Select(c =>
            {
                var target = p.TargetShares?.GetValueOrDefault(c) is { } ts ? ts.ToString("0", culture) + " %" : "—";
                if (cells is null) return t["Targets.Cell", "—", target].Value;
                // No share where nobody was counted (a composition of 0 people): a dash, not a crash.
                var realised = hidden.Contains(c) ? cells[c] : p.Share(c) is { } share ? share.ToString("0", culture) + " %" : "—";
                return t["Targets.Cell", realised, target].Value;
            })).ToList();
        }).ToList();
        var falling = series.FallingBack;
        var warning = falling.Count == 0 ? null
            : t["Targets.FallBack", string.Join(", ", falling.Select(Name)), t["Targets.Group." + series.Group], t["Targets.Dimension." + series.Dimension]].Value;
        IReadOnlyList<IReadOnlyList<string>> inflowRows = [];
        if (series.InflowCounts is { } inflow)
        {
            var cells = SmallCounts.Display(inflow, k, t["Rpt.Hidden"], culture);
            inflowRows = order.Select(c => (IReadOnlyList<string>)[Name(c), cells[c], series.InflowTarget?.GetValueOrDefault(c).ToString(culture) ?? "—"]).ToList();
        }
        return new TrendTable(t["Targets.TrendTitle", t["Targets.Group." + series.Group], t["Targets.Dimension." + series.Dimension]],
            new[] { t["Rpt.Quarter"].Value }.Concat(order.Select(Name)).ToList(), rows, warning,
            [t["Dashboard.Group"], t["Targets.Inflow", DiversityHistory.InflowQuarters], t["Targets.InflowTarget"]], inflowRows);
    }
}
