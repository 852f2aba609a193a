using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>A team, district or unit line of the overview: figures only where the anonymity rules allow.</summary>
public sealed class OverviewLine
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public int Respondents { get; init; }
    public bool IsShown { get; set; }
    public double? PsIndex { get; set; }
    public double? Satisfaction { get; set; }
    public Band? PsBand => IsShown && PsIndex is { } v ? Bands.PsychologicalSafety(v) : null;
    public Band? SatisfactionBand => IsShown && Satisfaction is { } v ? Bands.Satisfaction(v) : null;

    /// <summary>A district or unit total: respondents summed, figures as respondent-weighted means.</summary>
    public static OverviewLine RollUp(int id, string name, IReadOnlyCollection<OverviewLine> parts)
    {
        double? Weighted(Func<OverviewLine, double?> pick)
        {
            var valid = parts.Where(p => pick(p).HasValue && p.Respondents > 0).ToList();
            var total = valid.Sum(p => p.Respondents);
            return total == 0 ? null : valid.Sum(p => pick(p)!.Value * p.Respondents) / total;
        }
        return new OverviewLine { Id = id, Name = name, Respondents = parts.Sum(p => p.Respondents), PsIndex = Weighted(p => p.PsIndex), Satisfaction = Weighted(p => p.Satisfaction) };
    }
}

public sealed class TeamStatusLine
{
    public required OverviewLine Figures { get; init; }
    public RoundState? CurrentRound { get; init; }
    public string? ResultsPeriod { get; init; }
    public bool IsOverdue { get; init; }
}

public sealed class DistrictBlock
{
    public required OverviewLine RollUp { get; init; }
    public required IReadOnlyList<TeamStatusLine> Teams { get; init; }
}

public sealed class UnitOverview
{
    public int UnitId { get; init; }
    public required string UnitName { get; init; }
    public OverviewLine? UnitRollUp { get; init; }
    public required IReadOnlyList<DistrictBlock> Districts { get; init; }
    public required IReadOnlyDictionary<RoundStatus, int> StatusCounts { get; init; }
    public int OverdueCount { get; init; }
    public int OpenCases { get; init; }
    public int BreachedCases { get; init; }
    /// <summary>Teams shown per (psychological-safety band, satisfaction band).</summary>
    public required IReadOnlyDictionary<(Band Ps, Band Satisfaction), int> HeatMap { get; init; }
}

/// <summary>
/// The chief's unit overview: each team's round status, and psychological safety and satisfaction as
/// bands. Each team's latest results pass the anonymity guard; a team below k, and the next-smallest
/// sibling where a difference would reveal it, are only counted in the district and unit roll-ups
/// (SPEC §9 P3). Roll-ups are respondent-weighted means of the same rounds.
/// </summary>
public sealed class UnitOverviewQuery(DbConnectionFactory connections, CurrentUser user, TimeProvider clock)
{
    public async Task<UnitOverview?> RunAsync(int unitId)
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var unitName = await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @unitId", new { unitId });
        if (unitName is null) return null;
        var wholeUnit = scope.UnitIds.Contains(unitId);

        var teams = (await connection.QueryAsync<TeamRow>(
            "SELECT t.id AS TeamId, t.name AS TeamName, d.id AS DistrictId, d.name AS DistrictName FROM teams t " +
            "JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId AND t.is_active = 1 AND d.is_active = 1 ORDER BY d.name, t.name",
            new { unitId })).Where(t => wholeUnit || scope.DistrictIds.Contains(t.DistrictId)).ToList();
        if (teams.Count == 0 && !wholeUnit && !scope.DistrictIds.Any()) return null;
        var inScope = teams.Select(t => t.TeamId).ToHashSet();

        // The newest round of each team, and the newest round of each team that has results: each in one grouped pass over the
        // unit's rounds (not a correlated sub-query per round), filtered by scope here rather than with hundreds of parameters
        // (SQLite matches parameter names one by one, SQL Server allows 2,100).
        const string unitTeams = "JOIN teams t ON t.id = r2.team_id JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId";
        var rounds = (await connection.QueryAsync<RoundState>(
            $"SELECT {RoundState.Columns} FROM checkup_rounds r JOIN (SELECT r2.team_id, MAX(r2.period_start) AS latest FROM checkup_rounds r2 " +
            $"{unitTeams} GROUP BY r2.team_id) m ON m.team_id = r.team_id AND m.latest = r.period_start", new { unitId }))
            .Where(r => inScope.Contains(r.TeamId)).ToDictionary(r => r.TeamId);
        var results = (await connection.QueryAsync<ResultRow>(
            "SELECT r.team_id AS TeamId, r.period_start AS PeriodStart, r.cadence_months AS CadenceMonths, COALESCE(r.k_threshold, 5) AS K, " +
            "x.respondents AS Respondents, x.ps_index AS PsIndex, x.satisfaction_mean AS Satisfaction " +
            "FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id JOIN (SELECT r2.team_id, MAX(r2.period_start) AS latest " +
            $"FROM checkup_rounds r2 JOIN round_results x2 ON x2.round_id = r2.id {unitTeams} GROUP BY r2.team_id) m " +
            "ON m.team_id = r.team_id AND m.latest = r.period_start",
            new { unitId })).Where(r => inScope.Contains(r.TeamId)).ToDictionary(r => r.TeamId);
        var k = results.Values.Select(r => r.K).DefaultIfEmpty(Thresholds.Default.K).Max();
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

        var districtBlocks = new List<DistrictBlock>();
        var districtLines = new List<(OverviewLine Line, List<ResultRow> Results)>();
        foreach (var district in teams.GroupBy(t => (t.DistrictId, t.DistrictName)))
        {
            var teamLines = district.Select(t =>
            {
                var result = results.GetValueOrDefault(t.TeamId);
                var line = new OverviewLine { Id = t.TeamId, Name = t.TeamName, Respondents = result?.Respondents ?? 0, PsIndex = result?.PsIndex, Satisfaction = result?.Satisfaction };
                var round = rounds.GetValueOrDefault(t.TeamId);
                return new TeamStatusLine
                {
                    Figures = line, CurrentRound = round, IsOverdue = round?.IsOverdue(today) == true,
                    ResultsPeriod = result is null ? null : Organisation.CheckupPeriod.For(result.PeriodStart, result.CadenceMonths).Label(System.Globalization.CultureInfo.CurrentUICulture),
                };
            }).ToList();
            var hidden = Anonymity.SuppressedSiblings(teamLines.ToDictionary(l => l.Figures.Id, l => l.Figures.Respondents), k);
            foreach (var line in teamLines.Select(l => l.Figures))
                line.IsShown = line.Respondents >= k && !hidden.Contains(line.Id);
            var districtResults = district.Select(t => results.GetValueOrDefault(t.TeamId)).OfType<ResultRow>().ToList();
            var rollUp = RollUp(district.Key.DistrictId, district.Key.DistrictName, districtResults);
            districtLines.Add((rollUp, districtResults));
            districtBlocks.Add(new DistrictBlock { RollUp = rollUp, Teams = teamLines });
        }
        var hiddenDistricts = Anonymity.SuppressedSiblings(districtLines.ToDictionary(d => d.Line.Id, d => d.Line.Respondents), k);
        foreach (var (line, _) in districtLines)
            line.IsShown = line.Respondents >= k && !hiddenDistricts.Contains(line.Id);
        var unitRollUp = wholeUnit ? RollUp(unitId, unitName, results.Values.ToList()) : null;
        if (unitRollUp is not null) unitRollUp.IsShown = unitRollUp.Respondents >= k;

        var allTeams = districtBlocks.SelectMany(d => d.Teams).ToList();
        var heatMap = allTeams.Where(t => t.Figures.PsBand.HasValue && t.Figures.SatisfactionBand.HasValue)
            .GroupBy(t => (t.Figures.PsBand!.Value, t.Figures.SatisfactionBand!.Value)).ToDictionary(g => g.Key, g => g.Count());
        var openCases = (await connection.QueryAsync<OpenCaseRow>(
            "SELECT team_id AS TeamId, analysis_at AS AnalysisAt, triage_due_on AS TriageDueOn FROM cases WHERE closed_at IS NULL AND unit_id = @unitId", new { unitId }))
            .Where(c => c.TeamId is null || inScope.Contains(c.TeamId.Value)).ToList();
        var caseCounts = new CaseCounts { OpenCases = openCases.Count, Breached = openCases.Count(c => c.AnalysisAt is null && c.TriageDueOn < today) };
        return new UnitOverview
        {
            OpenCases = caseCounts.OpenCases,
            BreachedCases = caseCounts.Breached,
            UnitId = unitId, UnitName = unitName, UnitRollUp = unitRollUp, Districts = districtBlocks,
            StatusCounts = allTeams.Where(t => t.CurrentRound is not null).GroupBy(t => t.CurrentRound!.Status).ToDictionary(g => g.Key, g => g.Count()),
            OverdueCount = allTeams.Count(t => t.IsOverdue),
            HeatMap = heatMap,
        };
    }

    private static OverviewLine RollUp(int id, string name, IEnumerable<ResultRow> results) => OverviewLine.RollUp(id, name,
        results.Select(r => new OverviewLine { Id = r.TeamId, Name = "", Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction }).ToList());

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
        public int K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
    }
}
