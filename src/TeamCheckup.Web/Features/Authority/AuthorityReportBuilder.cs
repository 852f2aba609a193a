using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Cases;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Authority;

/// <summary>
/// The local authorities' quarterly report (issue 17 item 2; docs/authority.md), per unit or per basic team: check-up
/// completion, the psychological-safety and satisfaction figures with their bands and five-quarter trend, social-safety
/// answers by category, cases by theme with their triage timeliness, and diversity realisation against the service-area
/// targets. Aggregates only, all through Features/Privacy: pulse figures by <see cref="RollUps"/> (k, next-smallest
/// sibling), case counts by <see cref="CaseCounts"/> as a reader who does not handle the cases, composition counts by
/// <see cref="SmallCounts"/>. No case, no person, no free text, and no team name: a unit report names its districts, each
/// with figures only where <see cref="RollUps"/> shows them; a basic team's report is about that one team.
/// </summary>
public sealed class AuthorityReportBuilder(DbConnectionFactory connections, TeamReportBuilder documents, DiversityHandler diversity, Clock clock,
    IStringLocalizer<SharedResource> t)
{
    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        await using var connection = await connections.OpenAsync();
        var isUnit = request.Type == ReportTypes.Authority;
        var name = isUnit
            ? await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @ScopeId", new { request.ScopeId })
            : await connection.ExecuteScalarAsync<string?>("SELECT name FROM teams WHERE id = @ScopeId AND team_type = @type",
                new { request.ScopeId, type = AuthorityScopes.BasicTeamType });
        if (name is null) return null;

        var quarters = request.Quarter.Trailing(TeamReportBuilder.TrendQuarters);
        var rows = (await connection.QueryAsync<Row>(
            "SELECT t.id AS TeamId, d.id AS DistrictId, d.name AS DistrictName, d.unit_id AS UnitId, r.id AS RoundId, r.period_start AS PeriodStart, " +
            "r.completed_at AS CompletedAt, r.k_threshold AS K, x.respondents AS Respondents, x.ps_index AS PsIndex, x.satisfaction_mean AS Satisfaction " +
            "FROM teams t JOIN districts d ON d.id = t.district_id LEFT JOIN checkup_rounds r ON r.team_id = t.id AND r.period_start >= @from AND r.period_start <= @to " +
            "LEFT JOIN round_results x ON x.round_id = r.id WHERE t.is_active = 1 AND " + (isUnit ? "d.unit_id = @ScopeId" : "t.id = @ScopeId") +
            " ORDER BY d.name, t.id, r.period_start",
            new { request.ScopeId, from = quarters[0].Start, to = request.Quarter.End })).ToList();
        var k = RollUps.K(await ThresholdSettings.ReadAsync(connection), rows.Select(r => r.K));
        var teams = rows.GroupBy(r => r.TeamId).ToList();
        Row? Latest(IEnumerable<Row> teamRows, Quarter q) => teamRows.LastOrDefault(r => r.PeriodStart is { } p && Quarter.Of(p) == q);

        var document = documents.NewDocument(t["Authority.Report.Title", name], request, t["Authority.Report.Subject"]);
        document.Add(new Paragraph(t["Authority.Report.Intro", name, request.Quarter.Label, k]));
        document.Add(new Paragraph(t[isUnit ? "Authority.Report.UnitScope" : "Authority.Report.TeamScope"], Muted: true));

        // Check-up completion: rounds of the quarter completed on time, late, or not at all (counts of teams' rounds, no names).
        var roundsThisQuarter = teams.Select(g => Latest(g, request.Quarter)).OfType<Row>().ToList();
        var completed = roundsThisQuarter.Count(r => r.CompletedAt is not null);
        var late = roundsThisQuarter.Count(r => r.CompletedAt is { } at && clock.DayOf(at) > r.PeriodStart!.Value.AddDays(Organisation.CheckupPeriod.OverdueAfterDays));
        document.Add(new Heading(t["Authority.Report.Checkups"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Rpt.Chief.Teams"], teams.Count.ToString(culture)),
            new KeyFigure(t["Rpt.Chief.Completed"], roundsThisQuarter.Count == 0 ? "—" : ReportText.Percent(completed / (double)roundsThisQuarter.Count),
                t["Rpt.Chief.CompletedOf", completed, roundsThisQuarter.Count]),
            new KeyFigure(t["Report.Chief.CompletedLate"], late.ToString(culture)),
            new KeyFigure(t["Report.Chief.NotCompleted"], (roundsThisQuarter.Count - completed).ToString(culture)),
        ]));

        // Pulse figures of the quarter, rolled up and suppressed exactly as on the unit overview.
        var limits = BandLimits.From(await RuleSettings.LoadAsync(connection));
        var rolled = RollUps.Apply(request.ScopeId, name, teams.GroupBy(g => (g.First().DistrictId, g.First().DistrictName)).Select(district =>
            new RollUps.District(district.Key.DistrictId, district.Key.DistrictName, district.Select(g => Latest(g, request.Quarter) is { Respondents: > 0 } r
                ? new GroupFigures { Id = g.Key, Name = "", Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction, Limits = limits }
                : new GroupFigures { Id = g.Key, Name = "", Limits = limits }).ToList())).ToList(), k);
        AddPulse(document, rolled, isUnit, k);
        AddTrends(document, quarters, teams.Select(g => g.ToList()).ToList(), name, k, Latest);

        await AddSocialSafetyAsync(connection, document, request, isUnit, name, roundsThisQuarter, k);
        await AddCasesAsync(connection, document, request, isUnit, k);
        await AddDiversityAsync(document, teams.Select(g => g.Key).ToList(), k);
        return document;
    }

    private void AddPulse(ReportDocument document, UnitFigures rolled, bool isUnit, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var notEnough = t["Anonymity.NotEnough"].Value;
        string Value(GroupFigures g, double? v, string format) => g.IsShown && v is { } x ? x.ToString(format, culture) : notEnough;
        string BandOf(Band? band) => band is { } b ? t["Band." + b].Value : "—";
        var total = rolled.Total;
        document.Add(new Heading(t["Authority.Report.Pulse"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Dashboard.Respondents"], total.IsShown ? total.Respondents.ToString(culture) : notEnough),
            new KeyFigure(t["Dashboard.PsIndex"], Value(total, total.PsIndex, "0"), total.PsBand is { } ps ? t["Authority.Report.BandIs", BandOf(ps)] : null),
            new KeyFigure(t["Dashboard.Satisfaction"], Value(total, total.Satisfaction, "0.0"), total.SatisfactionBand is { } s ? t["Authority.Report.BandIs", BandOf(s)] : null),
        ]));
        if (!isUnit) return;
        // Districts only, each shown where it and its siblings allow (RollUps); teams are counted in their district, never named.
        document.Add(new Table(
            [new TableColumn(t["Org.District"], 2.3f), new TableColumn(t["Dashboard.Respondents"], 1.1f, true), new TableColumn(t["Rpt.Short.Ps"], 1.1f, true),
             new TableColumn(t["Authority.Report.Band"], 0.8f, true), new TableColumn(t["Rpt.Short.Satisfaction"], 1.3f, true), new TableColumn(t["Authority.Report.Band"], 0.8f, true)],
            rolled.Districts.Select(d => d.Total).Select(d => (IReadOnlyList<string>)
                [d.Name, d.IsShown ? d.Respondents.ToString(culture) : "", Value(d, d.PsIndex, "0"), BandOf(d.PsBand), Value(d, d.Satisfaction, "0.0"), BandOf(d.SatisfactionBand)]).ToList(),
            t["Authority.Report.DistrictsNote", k]));
    }

    private void AddTrends(ReportDocument document, IReadOnlyList<Quarter> quarters, IReadOnlyList<List<Row>> teams, string name, int k, Func<IEnumerable<Row>, Quarter, Row?> latest)
    {
        var trend = quarters.Select(q => RollUps.Total(0, name, teams.Select(g => latest(g, q)).OfType<Row>().Where(r => r.Respondents > 0)
            .Select(r => new GroupFigures { Id = r.TeamId, Name = "", Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction }).ToList(), k)).ToList();
        var ps = trend.Select(u => u.IsShown ? u.PsIndex : null).ToList();
        var satisfaction = trend.Select(u => u.IsShown ? u.Satisfaction : null).ToList();
        document.Add(new Heading(t["Rpt.Trends"], 2));
        document.Add(ReportCharts.Trend(t["Dashboard.PsIndex"], quarters, ps, 0, 100, t["Rpt.Quarter"], t["Rpt.Axis.Index"], name, t["Rpt.NotEnough.Short"],
            altText: ReportCharts.TrendAlt(t, t["Dashboard.PsIndex"], quarters, ps, null, null, "0")));
        document.Add(ReportCharts.Trend(t["Dashboard.Satisfaction"], quarters, satisfaction, 0, 10, t["Rpt.Quarter"], t["Rpt.Axis.Mark"], name, t["Rpt.NotEnough.Short"],
            altText: ReportCharts.TrendAlt(t, t["Dashboard.Satisfaction"], quarters, satisfaction, null, null, "0.0")));
    }

    /// <summary>Social-safety answers for the whole scope (the unit's teams summed, or the basic team's round), from k respondents; every
    /// count — experienced, witnessed, and each kind — through <see cref="SmallCounts"/>, as the readers are outside the organisation.</summary>
    private async Task AddSocialSafetyAsync(DbConnection connection, ReportDocument document, ReportRequest request, bool isUnit, string name, IReadOnlyList<Row> rounds, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var definition = QuestionnaireDefinition.Parse(QuestionnaireCatalog.BundledVersion1Json());
        var counts = isUnit
            ? await ItemDistributions.SocialSafetyForGroupAsync(connection, request.Quarter, null, request.ScopeId)
            : rounds.FirstOrDefault(r => r.Respondents > 0) is { } round ? await ItemDistributions.ForRoundAsync(connection, round.RoundId!.Value)
            : new ItemDistributions.Counts(0, new Dictionary<(string, string), int>());
        document.Add(new Heading(t["Authority.Report.SocialSafety"]));
        if (!Anonymity.MayShow(counts.Respondents, k))
        {
            document.Add(new Paragraph(t["Authority.Report.SocialSafetyTooFew", k]));
            return;
        }
        var hidden = t["Rpt.Hidden"].Value;
        string[] answers = [SocialSafetyAnswers.No, SocialSafetyAnswers.Witnessed, SocialSafetyAnswers.Experienced];
        var answerCells = SmallCounts.Display(answers.ToDictionary(a => a, a => counts.Of(RoundAnswerCounts.SocialSafety, a)), k, hidden, culture);
        document.Add(new Paragraph(t["Authority.Report.SocialSafetyIntro", name, counts.Respondents,
            answerCells[SocialSafetyAnswers.Experienced], answerCells[SocialSafetyAnswers.Witnessed]]));
        var categories = definition.SocialSafety.Categories;
        var experienced = SmallCounts.Display(categories.Keys.ToDictionary(c => c, c => counts.Of(RoundAnswerCounts.ExperiencedCategory, c)), k, hidden, culture);
        var witnessed = SmallCounts.Display(categories.Keys.ToDictionary(c => c, c => counts.Of(RoundAnswerCounts.WitnessedCategory, c)), k, hidden, culture);
        document.Add(new Table(
            [new TableColumn(t["Review.Category"], 2.4f), new TableColumn(t["Report.Items.Experienced"], 1.3f, true), new TableColumn(t["Report.Items.Witnessed"], 1.3f, true)],
            categories.Select(c => (IReadOnlyList<string>)[c.Value.For(culture), experienced[c.Key], witnessed[c.Key]]).ToList(),
            t["Authority.Report.SocialSafetyNote", k]));
    }

    /// <summary>Cases opened in the quarter by theme (each case once, under its first signal's theme), protected as for any reader who
    /// does not handle them, with the share triaged within the deadline where the theme's count is shown.</summary>
    private async Task AddCasesAsync(DbConnection connection, ReportDocument document, ReportRequest request, bool isUnit, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var signals = (await connection.QueryAsync<CaseRow>(
            "SELECT c.id AS Id, s.id AS SignalId, COALESCE(i.category, r.category, 'CheckUp') AS Category, c.analysis_at AS AnalysisAt, c.triage_due_on AS TriageDueOn " +
            "FROM cases c JOIN signals s ON s.case_id = c.id LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id " +
            "WHERE " + (isUnit ? "c.unit_id = @ScopeId" : "c.team_id = @ScopeId") + " AND c.opened_at >= @from AND c.opened_at < @next",
            new { request.ScopeId, from = request.Quarter.Start.ToDateTime(TimeOnly.MinValue), next = request.Quarter.Next.Start.ToDateTime(TimeOnly.MinValue) })).ToList();
        var cases = signals.GroupBy(s => s.Id).Select(g => g.MinBy(s => s.SignalId)!).ToList();
        var categories = IncidentCategories.All.Append("CheckUp").ToList();
        var byTheme = categories.ToDictionary(c => c, c => cases.Where(x => x.Category == c).ToList());
        var cells = CaseCounts.Display(byTheme.ToDictionary(c => c.Key, c => c.Value.Count), CaseCountReader.NotHandling, k, t["Rpt.Hidden"], culture);
        string Timely(IReadOnlyList<CaseRow> list)
        {
            var compliance = DeadlineCompliance.Of(list, c => c.AnalysisAt is { } at ? clock.DayOf(at) : null, c => c.TriageDueOn, clock.Today);
            return compliance.Rate is { } rate ? ReportText.Percent(rate) : "—";
        }
        bool Shown(string cell, int count) => cell == count.ToString(culture);
        var totalShown = Anonymity.MayShow(cases.Count, k) || cases.Count == 0;
        document.Add(new Heading(t["Authority.Report.Cases"]));
        document.Add(new Paragraph(t["Authority.Report.CasesIntro", request.Quarter.Label], Muted: true));
        var rows = categories.Select(c => (IReadOnlyList<string>)[t["Rpt.Category." + c], cells[c], Shown(cells[c], byTheme[c].Count) && byTheme[c].Count > 0 ? Timely(byTheme[c]) : "—"]).ToList();
        rows.Add([t["Authority.Report.AllThemes"], totalShown ? cases.Count.ToString(culture) : $"< {k}", totalShown && cases.Count > 0 ? Timely(cases) : "—"]);
        document.Add(new Table([new TableColumn(t["Review.Category"], 2.6f), new TableColumn(t["Authority.Report.CasesOpened"], 1.2f, true), new TableColumn(t["Authority.Report.TriagedInTime"], 1.6f, true)],
            rows, t["Authority.Report.CasesNote", k]));
    }

    /// <summary>Diversity realisation: the service-area targets (TargetFigures, as on the team dashboard) of the teams with a profile and a
    /// recorded composition, summed, against their composition counts (SmallCounts).</summary>
    private async Task AddDiversityAsync(ReportDocument document, IReadOnlyList<int> teamIds, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var targets = PopulationCategories.All.ToDictionary(c => c, _ => 0);
        var current = PopulationCategories.All.ToDictionary(c => c, _ => 0);
        var population = PopulationCategories.All.ToDictionary(c => c, _ => 0.0);
        int profiled = 0, composed = 0, headcount = 0;
        foreach (var teamId in teamIds)
        {
            if (await diversity.LoadAsync(teamId) is not { Shares.Count: > 0 } team) continue;
            profiled++;
            if (team.Composition is null) continue;
            composed++;
            headcount += team.Headcount;
            foreach (var target in team.Targets)
            {
                targets[target.Category] += target.TargetCount;
                current[target.Category] += target.CurrentCount ?? 0;
                population[target.Category] += target.PopulationShare * team.Headcount;
            }
        }
        document.Add(new Heading(t["Authority.Report.Diversity"]));
        document.Add(new Paragraph(t["Authority.Report.DiversityIntro", profiled, teamIds.Count, composed]));
        if (composed == 0) return;
        var cells = SmallCounts.Display(current, k, t["Rpt.Hidden"], culture);
        document.Add(new Table(
            [new TableColumn(t["Dashboard.Group"], 3.2f), new TableColumn(t["Dashboard.PopulationShare"], 1.3f, true), new TableColumn(t["Rpt.Competency.TargetCount"], 1.9f, true),
             new TableColumn(t["Dashboard.CurrentCount"], 1.5f, true), new TableColumn(t["Authority.Report.Realisation"], 1.2f, true)],
            PopulationCategories.All.Select(c => (IReadOnlyList<string>)
            [
                t["Population." + c], headcount == 0 ? "—" : (population[c] / headcount).ToString("0.#", culture) + " %", targets[c].ToString(culture), cells[c],
                cells[c] == current[c].ToString(culture) && targets[c] > 0 ? ReportText.Percent(current[c] / (double)targets[c]) : "—",
            ]).ToList(),
            t["Authority.Report.DiversityNote", k]));
    }

    private sealed class Row
    {
        public int TeamId { get; set; }
        public int DistrictId { get; set; }
        public string DistrictName { get; set; } = "";
        public int UnitId { get; set; }
        public int? RoundId { get; set; }
        public DateOnly? PeriodStart { get; set; }
        public DateTime? CompletedAt { get; set; }
        public int? K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
    }

    private sealed class CaseRow
    {
        public int Id { get; set; }
        public int SignalId { get; set; }
        public string Category { get; set; } = "";
        public DateTime? AnalysisAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
    }
}
