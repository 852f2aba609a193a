using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The competent-teams part of the team and chief reports (SPEC §8): the competency mix with its gaps as the team
/// lead last recorded it up to the end of the quarter, and the service-area target figures against HRM's composition
/// counts. Composition counts are special-category data: every one passes <see cref="SmallCounts"/> ("&lt; k", and the
/// next-smallest hidden where a total would give it away). The mix is the lead's staffing plan (people needed and
/// present per competency, never who), shown as recorded.
/// </summary>
public sealed class CompetencySectionBuilder(DiversityHandler diversity, TargetTrendSectionBuilder trends, IStringLocalizer<SharedResource> t)
{
    /// <summary>The mix of each team's latest round with a mix, up to the quarter's end (active teams of the unit, or the one team).</summary>
    private const string LatestMix =
        "SELECT r.team_id AS TeamId, c.id AS CompetencyId, c.name_nl AS NameNl, c.name_en AS NameEn, m.desired AS Desired, m.actual AS Actual " +
        "FROM round_competencies m JOIN checkup_rounds r ON r.id = m.round_id JOIN competencies c ON c.id = m.competency_id " +
        "JOIN (SELECT r2.team_id, MAX(r2.period_start) AS latest FROM checkup_rounds r2 JOIN teams t ON t.id = r2.team_id JOIN districts d ON d.id = t.district_id " +
        "WHERE {0} AND t.is_active = 1 AND r2.period_start <= @to AND EXISTS (SELECT 1 FROM round_competencies x WHERE x.round_id = r2.id) GROUP BY r2.team_id) l " +
        "ON l.team_id = r.team_id AND l.latest = r.period_start ORDER BY c.name_nl";

    public async Task AddForTeamAsync(DbConnection connection, ReportDocument document, int teamId, Quarter quarter, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var mix = (await connection.QueryAsync<MixRow>(string.Format(CultureInfo.InvariantCulture, LatestMix, "r2.team_id = @teamId"), new { teamId, to = quarter.End })).ToList();
        document.Add(new Heading(t["Review.Competencies"]));
        if (mix.Count == 0) document.Add(new Paragraph(t["Dashboard.NoMix"]));
        else
        {
            document.Add(new Table(
                [new TableColumn(t["Review.Competency"], 3f), new TableColumn(t["Review.Desired"], 1, true), new TableColumn(t["Review.Actual"], 1, true), new TableColumn(t["Dashboard.Gap"], 1, true)],
                mix.Select(m => (IReadOnlyList<string>)[m.Name(culture), m.Desired.ToString(culture), m.Actual.ToString(culture), Gap(m.Desired, m.Actual, culture)]).ToList()));
            document.Add(new Paragraph(t["Rpt.Competency.TeamShortage", CompetencyGap.TotalShortage(mix.Select(m => (m.Desired, m.Actual)))], Muted: true));
        }

        // The same profile, composition, targets and suppressed cells the dashboard shows.
        var team = await diversity.LoadAsync(teamId);
        document.Add(new Heading(t["Dashboard.Diversity"]));
        if (team is null || team.Shares.Count == 0)
            document.Add(new Paragraph(t["Dashboard.NoProfile"]));
        else
            AddTeamTargets(document, team, k, culture);
        await trends.AddForTeamAsync(connection, document, teamId, quarter, k);
    }

    private void AddTeamTargets(ReportDocument document, TeamDiversity team, int k, CultureInfo culture)
    {
        document.Add(new Paragraph(t["Dashboard.TargetRule", TargetFigures.InflowBlock]));
        var cells = team.CompositionCells(k, t["Rpt.Hidden"], culture);
        document.Add(new Table(
            [new TableColumn(t["Dashboard.Group"], 2.2f), new TableColumn(t["Dashboard.PopulationShare"], 1.2f, true),
             new TableColumn(t["Dashboard.InflowTarget", TargetFigures.InflowBlock], 1.4f, true), new TableColumn(t["Dashboard.CurrentCount"], 1.2f, true)],
            team.Targets.Select(x => (IReadOnlyList<string>)
                [t["Population." + x.Category], x.PopulationShare.ToString("0.#", culture) + " %", x.InflowTarget.ToString(culture), cells.GetValueOrDefault(x.Category, "—")]).ToList(),
            t["Dashboard.ProfileSource", team.Source ?? "", team.Year ?? 0]));
        if (team.GenderShares.Count > 0)
        {
            var genderCells = team.GenderComposition is null ? new Dictionary<string, string>() : SmallCounts.Display(team.GenderComposition, k, t["Rpt.Hidden"], culture);
            document.Add(new Table(
                [new TableColumn(t["Dashboard.Group"], 2.2f), new TableColumn(t["Dashboard.PopulationShare"], 1.2f, true),
                 new TableColumn(t["Dashboard.InflowTarget", TargetFigures.InflowBlock], 1.4f, true), new TableColumn(t["Dashboard.CurrentCount"], 1.2f, true)],
                team.GenderTargets.Select(x => (IReadOnlyList<string>)
                    [t["Gender." + x.Category], x.PopulationShare.ToString("0.#", culture) + " %", x.InflowTarget.ToString(culture), genderCells.GetValueOrDefault(x.Category, "—")]).ToList(),
                t["Targets.GenderTitle"]));
        }
        document.Add(new Paragraph(t["Dashboard.CompositionNote", k], Muted: true));
    }

    /// <summary>Per competency over the unit's teams: teams with a shortage, people needed and present, and the total shortage;
    /// then the service-area targets of the teams summed against their composition counts.</summary>
    public async Task AddForUnitAsync(DbConnection connection, ReportDocument document, int unitId, Quarter quarter, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var mix = (await connection.QueryAsync<MixRow>(string.Format(CultureInfo.InvariantCulture, LatestMix, "d.unit_id = @unitId"), new { unitId, to = quarter.End })).ToList();
        document.Add(new Heading(t["Rpt.Competency.UnitTitle"]));
        if (mix.Count == 0) document.Add(new Paragraph(t["Rpt.Competency.UnitNone"]));
        else
        {
            var teams = mix.Select(m => m.TeamId).Distinct().Count();
            document.Add(new Paragraph(t["Rpt.Competency.UnitIntro", teams]));
            var rows = mix.GroupBy(m => m.CompetencyId).Select(g => new
            {
                Name = g.First().Name(culture),
                TeamsShort = g.Count(m => m.Desired > m.Actual),
                Desired = g.Sum(m => m.Desired), Actual = g.Sum(m => m.Actual),
                Shortage = CompetencyGap.TotalShortage(g.Select(m => (m.Desired, m.Actual))),
            }).OrderByDescending(r => r.Shortage).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();
            document.Add(new Table(
                [new TableColumn(t["Review.Competency"], 2.6f), new TableColumn(t["Rpt.Competency.TeamsShort"], 1.3f, true), new TableColumn(t["Review.Desired"], 1, true),
                 new TableColumn(t["Review.Actual"], 1, true), new TableColumn(t["Dashboard.Gap"], 1, true)],
                rows.Select(r => (IReadOnlyList<string>)[r.Name, r.TeamsShort.ToString(culture), r.Desired.ToString(culture), r.Actual.ToString(culture), r.Shortage.ToString(culture)]).ToList(),
                t["Rpt.Competency.UnitCaption"]));
        }

        // Target figures summed over the teams with a profile; current counts only where HRM recorded a composition.
        var profiles = (await connection.QueryAsync<ShareRow>(
            "SELECT s.team_id AS TeamId, t.headcount AS Headcount, s.category AS Category, s.share_percent AS Share FROM service_area_shares s " +
            "JOIN teams t ON t.id = s.team_id JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId AND t.is_active = 1", new { unitId })).ToList();
        var compositions = (await connection.QueryAsync<CountRow>(
            "SELECT c.team_id AS TeamId, c.category AS Category, c.head_count AS Count FROM team_composition c " +
            "JOIN teams t ON t.id = c.team_id JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId AND t.is_active = 1", new { unitId })).ToList();
        document.Add(new Heading(t["Rpt.Competency.TargetsTitle"], 2));
        if (profiles.Count == 0) document.Add(new Paragraph(t["Rpt.Competency.NoProfiles"]));
        else AddUnitTargets(document, profiles, compositions, k, culture);
        await trends.AddForUnitAsync(connection, document, unitId, quarter, k);
    }

    private void AddUnitTargets(ReportDocument document, List<ShareRow> profiles, List<CountRow> compositions, int k, CultureInfo culture)
    {
        var compositionByTeam = compositions.ToLookup(c => c.TeamId);
        var composedTeams = compositions.Select(c => c.TeamId).ToHashSet();
        var targetCounts = PopulationCategories.All.ToDictionary(c => c, _ => 0);
        var currentCounts = PopulationCategories.All.ToDictionary(c => c, _ => 0);
        foreach (var team in profiles.GroupBy(p => p.TeamId).Where(g => composedTeams.Contains(g.Key)))
        {
            var current = compositionByTeam[team.Key].ToDictionary(c => c.Category, c => c.Count);
            foreach (var target in TargetFigures.Derive(team.ToDictionary(p => p.Category, p => p.Share), current, team.First().Headcount))
            {
                targetCounts[target.Category] += target.TargetCount;
                currentCounts[target.Category] += target.CurrentCount ?? 0;
            }
        }
        document.Add(new Paragraph(t["Rpt.Competency.TargetsIntro", profiles.Select(p => p.TeamId).Distinct().Count(), composedTeams.Count]));
        if (composedTeams.Count == 0) return;
        var cells = SmallCounts.Display(currentCounts, k, t["Rpt.Hidden"], culture);
        document.Add(new Table(
            [new TableColumn(t["Dashboard.Group"], 2.4f), new TableColumn(t["Rpt.Competency.TargetCount"], 1.4f, true), new TableColumn(t["Dashboard.CurrentCount"], 1.4f, true)],
            PopulationCategories.All.Select(c => (IReadOnlyList<string>)[t["Population." + c], targetCounts[c].ToString(culture), cells[c]]).ToList(),
            t["Rpt.SmallCountsNote", k]));
    }

    private string Gap(int desired, int actual, CultureInfo culture) =>
        CompetencyGap.Of(desired, actual) is var gap && gap > 0 ? gap.ToString(culture) : t["Dashboard.NoGap"];

    private sealed class MixRow
    {
        public int TeamId { get; set; }
        public int CompetencyId { get; set; }
        public string NameNl { get; set; } = "";
        public string NameEn { get; set; } = "";
        public int Desired { get; set; }
        public int Actual { get; set; }
        public string Name(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? NameEn : NameNl;
    }

    private sealed class ShareRow { public int TeamId { get; set; } public int Headcount { get; set; } public string Category { get; set; } = ""; public double Share { get; set; } }
    private sealed class CountRow { public int TeamId { get; set; } public string Category { get; set; } = ""; public int Count { get; set; } }
}
