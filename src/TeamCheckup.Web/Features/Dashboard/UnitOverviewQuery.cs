using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Dashboard;

public sealed class TeamStatusLine
{
    public required GroupFigures Figures { get; init; }
    public RoundState? CurrentRound { get; init; }
    public string? ResultsPeriod { get; init; }
    public bool IsOverdue { get; init; }
}

public sealed class DistrictBlock
{
    public required GroupFigures RollUp { get; init; }
    public required IReadOnlyList<TeamStatusLine> Teams { get; init; }
}

/// <summary>A unit's overview: aggregates only, shared by the readers with the same view of the unit
/// (<see cref="UnitOverviewCache"/>); a request's drill-down filter is set on its own copy (<c>with</c>).</summary>
public sealed record UnitOverview
{
    public int UnitId { get; init; }
    public required string UnitName { get; init; }
    /// <summary>The unit's code (in the export's file name).</summary>
    public string UnitCode { get; init; } = "";
    public GroupFigures? UnitRollUp { get; init; }
    public required IReadOnlyList<DistrictBlock> Districts { get; init; }
    public required IReadOnlyDictionary<RoundStatus, int> StatusCounts { get; init; }
    public int OverdueCount { get; init; }
    public int OpenCases { get; init; }
    public int BreachedCases { get; init; }
    /// <summary>Teams shown per (psychological-safety band, satisfaction band).</summary>
    public required IReadOnlyDictionary<(Band Ps, Band Satisfaction), int> HeatMap { get; init; }
    /// <summary>Teams needing attention and why: the same list as the chief report's (<see cref="TeamAttention"/>).</summary>
    public IReadOnlyList<TeamNeedingAttention> Attention { get; init; } = [];
    /// <summary>The triage thresholds the attention list used.</summary>
    public Triage.RuleSettings Rules { get; init; } = Triage.RuleSettings.Default;
    /// <summary>Where the heat map's bands start (from <see cref="Rules"/>).</summary>
    public BandLimits Limits { get; init; } = BandLimits.Default;
    /// <summary>The heat-map cell the teams table is filtered to (a drill-down link), if any.</summary>
    public HeatMapCell? Filter { get; init; }
    /// <summary>When the figures were read from the database (UTC).</summary>
    public DateTime ReadAt { get; init; }
    /// <summary>The reader's view of the unit the figures were read for: the whole unit, or which of its districts.</summary>
    public string View { get; init; } = "";
    /// <summary>What the rendered page body depends on besides the language: this reading (unit, view, moment) and the filter.</summary>
    public string RenderKey => $"{UnitId}|{View}|{ReadAt.Ticks}|{Filter?.Query}";

    /// <summary>Whether a team's row is shown under <see cref="Filter"/>.</summary>
    public bool Matches(GroupFigures team) => Filter is not { } cell || (team.PsBand == cell.Ps && team.SatisfactionBand == cell.Satisfaction);
}

/// <summary>One cell of the web heat map: the teams with this psychological-safety band and this satisfaction band.</summary>
public readonly record struct HeatMapCell(Band Ps, Band Satisfaction)
{
    /// <summary>The cell from the drill-down link's query (<c>?ps=high&amp;satisfaction=low</c>); null when either is missing or unknown.</summary>
    public static HeatMapCell? Parse(string? ps, string? satisfaction) =>
        TryBand(ps, out var p) && TryBand(satisfaction, out var s) ? new HeatMapCell(p, s) : null;

    private static bool TryBand(string? text, out Band band)
    {
        band = default;
        return text is "low" or "medium" or "high" && Enum.TryParse(text, ignoreCase: true, out band);
    }

    public string Query => $"ps={Ps.ToString().ToLowerInvariant()}&satisfaction={Satisfaction.ToString().ToLowerInvariant()}";
}

/// <summary>
/// The chief's unit overview: each team's round status, and psychological safety and satisfaction as
/// bands. Each team's latest results pass the anonymity guard; a team below k, and the next-smallest
/// sibling where a difference would reveal it, are only counted in the district and unit roll-ups
/// (SPEC §9 P3). Roll-ups are respondent-weighted means of the same rounds.
/// </summary>
public sealed class UnitOverviewQuery(DbConnectionFactory connections, CurrentUser user, Clock clock)
{
    public async Task<UnitOverview?> RunAsync(int unitId)
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var unit = await connection.QuerySingleOrDefaultAsync<(string Name, string Code)?>("SELECT name, code FROM units WHERE id = @unitId", new { unitId });
        if (unit is not { Name: var unitName }) return null;
        var wholeUnit = scope.UnitIds.Contains(unitId);

        var teams = (await connection.QueryAsync<TeamRow>(
            "SELECT t.id AS TeamId, t.name AS TeamName, d.id AS DistrictId, d.name AS DistrictName FROM teams t " +
            "JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId AND t.is_active = 1 AND d.is_active = 1 ORDER BY d.name, t.name",
            new { unitId })).Where(t => wholeUnit || scope.DistrictIds.Contains(t.DistrictId)).ToList();
        if (teams.Count == 0 && !wholeUnit && !scope.DistrictIds.Any()) return null;
        var inScope = teams.Select(t => t.TeamId).ToHashSet();

        // The newest round of each team: one index seek per team on (team_id, period_start) for its latest period, filtered by
        // scope here rather than with hundreds of parameters (SQLite matches parameter names one by one, SQL Server allows 2,100).
        var rounds = (await connection.QueryAsync<RoundState>(
            $"SELECT {RoundState.Columns} FROM teams t JOIN districts d ON d.id = t.district_id JOIN checkup_rounds r ON r.team_id = t.id " +
            "AND r.period_start = (SELECT MAX(r2.period_start) FROM checkup_rounds r2 WHERE r2.team_id = t.id) WHERE d.unit_id = @unitId", new { unitId }))
            .Where(r => inScope.Contains(r.TeamId)).ToDictionary(r => r.TeamId);
        // The latest results of each team: kept in team_latest_results when a round's results are written (not grouped here).
        var results = (await connection.QueryAsync<ResultRow>(
            "SELECT r.team_id AS TeamId, r.period_start AS PeriodStart, r.cadence_months AS CadenceMonths, r.k_threshold AS K, " +
            "x.respondents AS Respondents, x.ps_index AS PsIndex, x.satisfaction_mean AS Satisfaction, x.workload_mean AS Workload, " +
            "x.experienced_share AS ExperiencedShare FROM team_latest_results l JOIN checkup_rounds r ON r.id = l.round_id " +
            "JOIN round_results x ON x.round_id = r.id JOIN teams t ON t.id = l.team_id JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId",
            new { unitId })).Where(r => inScope.Contains(r.TeamId)).ToDictionary(r => r.TeamId);
        var k = RollUps.K(await ThresholdSettings.ReadAsync(connection), results.Values.Select(r => r.K));
        var today = clock.Today;
        var rules = await Triage.RuleSettings.LoadAsync(connection);
        var limits = BandLimits.From(rules);

        var districts = teams.GroupBy(t => (t.DistrictId, t.DistrictName)).Select(district => (district.Key, Teams: district.Select(t =>
        {
            var result = results.GetValueOrDefault(t.TeamId);
            var round = rounds.GetValueOrDefault(t.TeamId);
            return new TeamStatusLine
            {
                Figures = new GroupFigures
                {
                    Id = t.TeamId, Name = t.TeamName, Respondents = result?.Respondents ?? 0, PsIndex = result?.PsIndex, Satisfaction = result?.Satisfaction,
                    Workload = result?.Workload, ExperiencedShare = result?.ExperiencedShare, Limits = limits,
                },
                CurrentRound = round, IsOverdue = round?.IsOverdue(today) == true,
                ResultsPeriod = result is null ? null : Organisation.CheckupPeriod.For(result.PeriodStart, result.CadenceMonths).Label(System.Globalization.CultureInfo.CurrentUICulture),
            };
        }).ToList())).ToList();
        var figures = RollUps.Apply(unitId, unitName, districts.Select(d => new RollUps.District(d.Key.DistrictId, d.Key.DistrictName, d.Teams.Select(l => l.Figures).ToList())).ToList(), k);
        var districtBlocks = districts.Zip(figures.Districts, (d, f) => new DistrictBlock { RollUp = f.Total, Teams = d.Teams }).ToList();
        var unitRollUp = wholeUnit ? figures.Total : null;

        var allTeams = districtBlocks.SelectMany(d => d.Teams).ToList();
        var heatMap = allTeams.Where(t => t.Figures.PsBand.HasValue && t.Figures.SatisfactionBand.HasValue)
            .GroupBy(t => (t.Figures.PsBand!.Value, t.Figures.SatisfactionBand!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var openCases = (await connection.QueryAsync<OpenCaseRow>(
            "SELECT team_id AS TeamId, analysis_at AS AnalysisAt, triage_due_on AS TriageDueOn FROM cases WHERE closed_at IS NULL AND unit_id = @unitId", new { unitId }))
            .Where(c => c.TeamId is null || inScope.Contains(c.TeamId.Value)).ToList();
        var caseCounts = new CaseCounts { OpenCases = openCases.Count, Breached = openCases.Count(c => c.AnalysisAt is null && c.TriageDueOn < today) };
        var attention = await TeamAttention.ForUnitAsync(connection, unitId, allTeams.Select(l => new TeamState(l.Figures, l.IsOverdue)).ToList(),
            new AttentionPeriod(null, today), rules, clock);
        return new UnitOverview
        {
            Attention = attention, Rules = rules, Limits = limits,
            OpenCases = caseCounts.OpenCases,
            BreachedCases = caseCounts.Breached,
            UnitId = unitId, UnitName = unitName, UnitCode = unit.Value.Code, UnitRollUp = unitRollUp, Districts = districtBlocks,
            StatusCounts = allTeams.Where(t => t.CurrentRound is not null).GroupBy(t => t.CurrentRound!.Status).ToDictionary(g => g.Key, g => g.Count()),
            OverdueCount = allTeams.Count(t => t.IsOverdue),
            HeatMap = heatMap, ReadAt = clock.UtcNow, View = UnitOverviewCache.ViewOf(unitId, scope),
        };
    }

    private sealed class CaseCounts { public int OpenCases { get; set; } public int Breached { get; set; } }

    private sealed class OpenCaseRow { public int? TeamId { get; set; } public DateTime? AnalysisAt { get; set; } public DateOnly TriageDueOn { get; set; } }

    private sealed class TeamRow
    {
        public int TeamId { get; set; }
        public string TeamName { get; set; } = "";
        public int DistrictId { get; set; }
        public string DistrictName { get; set; } = "";
    }

    private sealed class ResultRow
    {
        public int TeamId { get; set; }
        public DateOnly PeriodStart { get; set; }
        public int CadenceMonths { get; set; }
        public int? K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
        public double? Workload { get; set; }
        public double? ExperiencedShare { get; set; }
    }
}
