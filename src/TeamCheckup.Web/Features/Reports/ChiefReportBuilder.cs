using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The chief report per unit (SPEC §7): check-up completion, a heat map of teams by psychological-safety
/// and satisfaction band, five-quarter trends of the unit, cases by theme and teams needing attention.
/// Team figures follow the same rules as the unit overview: below k, or needed to hide a sibling below k,
/// a team is only counted in its district and unit totals.
/// </summary>
public sealed class ChiefReportBuilder(DbConnectionFactory connections, TeamReportBuilder documents, CompetencySectionBuilder competencies,
    Networks.NetworkSignalSectionBuilder networkSignals, Clock clock, IStringLocalizer<SharedResource> t, ComparisonSums comparisonSums)
{
    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        await using var connection = await connections.OpenAsync();
        if (await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @ScopeId", new { request.ScopeId }) is not { } unitName) return null;
        var quarters = request.Quarter.Trailing(TeamReportBuilder.TrendQuarters);
        var rows = (await connection.QueryAsync<Row>(
            "SELECT t.id AS TeamId, t.name AS TeamName, d.id AS DistrictId, d.name AS DistrictName, r.period_start AS PeriodStart, " +
            "r.completed_at AS CompletedAt, r.k_threshold AS K, x.respondents AS Respondents, x.ps_index AS PsIndex, x.satisfaction_mean AS Satisfaction, " +
            "x.workload_mean AS Workload, x.experienced_share AS ExperiencedShare " +
            "FROM teams t JOIN districts d ON d.id = t.district_id LEFT JOIN checkup_rounds r ON r.team_id = t.id AND r.period_start >= @from AND r.period_start <= @to " +
            "LEFT JOIN round_results x ON x.round_id = r.id WHERE d.unit_id = @ScopeId AND t.is_active = 1 ORDER BY d.name, t.name, r.period_start",
            new { request.ScopeId, from = quarters[0].Start, to = request.Quarter.End })).ToList();
        var k = RollUps.K(await ThresholdSettings.ReadAsync(connection), rows.Select(r => r.K));
        Row? Latest(IEnumerable<Row> teamRows, Quarter q) => teamRows.LastOrDefault(r => r.PeriodStart is { } p && Quarter.Of(p) == q);

        var document = documents.NewDocument(t["Rpt.Chief.Title", unitName], request, t["Rpt.Chief.Subject"]);
        document.Add(new Paragraph(t["Rpt.Chief.Intro", unitName, request.Quarter.Label, k]));

        // Check-up completion in the quarter: completed on time, completed late, not completed — three counts that add up.
        var teams = rows.GroupBy(r => r.TeamId).ToList();
        var roundsThisQuarter = teams.Select(g => Latest(g, request.Quarter)).OfType<Row>().ToList();
        var completed = roundsThisQuarter.Count(r => r.CompletedAt is not null);
        var late = roundsThisQuarter.Count(r => r.CompletedAt is { } at && clock.DayOf(at) > r.PeriodStart!.Value.AddDays(Organisation.CheckupPeriod.OverdueAfterDays));
        var notCompleted = roundsThisQuarter.Count - completed;

        // Team and district figures for the quarter, suppressed by the same roll-up as the unit overview.
        var rules = await RuleSettings.LoadAsync(connection);
        var limits = BandLimits.From(rules);
        var rolled = RollUps.Apply(request.ScopeId, unitName, teams.GroupBy(g => (g.First().DistrictId, g.First().DistrictName)).Select(district =>
            new RollUps.District(district.Key.DistrictId, district.Key.DistrictName, district.Select(g => Latest(g, request.Quarter) is { Respondents: > 0 } r
                ? new GroupFigures
                {
                    Id = g.Key, Name = g.First().TeamName, Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction,
                    Workload = r.Workload, ExperiencedShare = r.ExperiencedShare, Limits = limits,
                }
                : new GroupFigures { Id = g.Key, Name = g.First().TeamName, Limits = limits }).ToList())).ToList(), k);
        var lines = rolled.Districts.SelectMany(d => d.Teams.Select(team => (District: d.Total.Name, Team: team))).ToList();
        var districtLines = rolled.Districts.Select(d => d.Total).ToList();
        var overdue = roundsThisQuarter.Where(r => r.CompletedAt is null && request.Quarter.End > r.PeriodStart!.Value.AddDays(Organisation.CheckupPeriod.OverdueAfterDays))
            .Select(r => r.TeamId).ToHashSet();
        var attention = await TeamAttention.ForUnitAsync(connection, request.ScopeId, lines.Select(l => new TeamState(l.Team, overdue.Contains(l.Team.Id))).ToList(),
            new AttentionPeriod(request.Quarter.Start, request.Quarter.End), rules, clock);

        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Rpt.Chief.Teams"], teams.Count.ToString(culture)),
            new KeyFigure(t["Rpt.Chief.Completed"], roundsThisQuarter.Count == 0 ? "—" : ReportText.Percent(completed / (double)roundsThisQuarter.Count),
                t["Rpt.Chief.CompletedOf", completed, roundsThisQuarter.Count]),
            new KeyFigure(t["Report.Chief.CompletedLate"], late.ToString(culture)),
            new KeyFigure(t["Report.Chief.NotCompleted"], notCompleted.ToString(culture)),
        ]));
        // Unit trends over five quarters (respondent-weighted; shown at n >= k).
        var unitTrend = quarters.Select(q => RollUps.Total(0, unitName, teams.Select(g => Latest(g, q)).OfType<Row>()
            .Where(r => r.Respondents > 0).Select(r => new GroupFigures { Id = r.TeamId, Name = r.TeamName, Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction }).ToList(), k)).ToList();
        AddSummary(document, attention, unitTrend, lines.Select(l => l.Team).ToList(), completed - late, roundsThisQuarter.Count, notCompleted);
        AddAttention(document, attention, rules);

        document.Add(new Heading(t["Overview.HeatMap"]));
        var bands = new[] { Band.Low, Band.Medium, Band.High };
        var shownTeams = lines.Select(l => l.Team).Where(l => l.PsBand.HasValue && l.SatisfactionBand.HasValue).ToList();
        document.Add(new Table(
            [new TableColumn(t["Rpt.Chief.PsBand"], 1.6f), .. bands.Select(b => new TableColumn(t["Overview.Satisfaction"] + ": " + t["Band." + b], 1, true))],
            bands.Reverse().Select(ps => (IReadOnlyList<string>)
                [t["Band." + ps], .. bands.Select(s => shownTeams.Count(l => l.PsBand == ps && l.SatisfactionBand == s).ToString(culture))]).ToList(),
            t["Rpt.Chief.HeatMapNote", lines.Count(l => !l.Team.IsShown && l.Team.Respondents > 0)]));
        document.Add(ChiefHeatMap.Build(t, rolled, limits));
        var coHeld = await ComparisonGroups.CoHeldUnitsAsync(connection, request.ScopeId);
        var organisationSums = new List<IReadOnlyList<TeamSums>>();
        foreach (var q in quarters) organisationSums.Add(await comparisonSums.ReadAsync(connection, q));
        ComparisonGroup OrganisationGroup(int i, int unitRespondents) => ComparisonGroups.Of(t["Report.Compare.Organisation"], organisationSums[i], unitRespondents, k,
            organisationSums[i].Where(s => coHeld.Contains(s.UnitId)).Sum(s => s.Respondents));
        AddComparison(document, rolled.Total, OrganisationGroup(quarters.Count - 1, rolled.Total.Respondents), k);

        document.Add(new Heading(t["Rpt.Chief.Districts"]));
        var notEnough = t["Anonymity.NotEnough"].Value;
        document.Add(new Table(
            [new TableColumn(t["Rpt.Chief.DistrictOrTeam"], 3), new TableColumn(t["Dashboard.Respondents"], 1, true), new TableColumn(t["Rpt.Short.Ps"], 1.2f, true), new TableColumn(t["Rpt.Short.Satisfaction"], 1.2f, true)],
            districtLines.SelectMany(d => new[] { Line(d, "", culture, notEnough) }
                .Concat(lines.Where(l => l.District == d.Name).Select(l => Line(l.Team, "   ", culture, notEnough)))).ToList()));

        document.Add(new Heading(t["Rpt.Trends"]));
        var organisation = quarters.Select((_, i) => OrganisationGroup(i, unitTrend[i].Respondents)).ToList();
        var unitPs = unitTrend.Select(u => u.IsShown ? u.PsIndex : null).ToList();
        var unitSatisfaction = unitTrend.Select(u => u.IsShown ? u.Satisfaction : null).ToList();
        var orgPs = organisation.Select(o => o.PsIndex).ToList();
        var orgSatisfaction = organisation.Select(o => o.Satisfaction).ToList();
        var orgName = t["Report.Compare.Organisation"].Value;
        document.Add(ReportCharts.Trend(t["Dashboard.PsIndex"], quarters, unitPs, 0, 100, t["Rpt.Quarter"], t["Rpt.Axis.Index"], unitName, t["Rpt.NotEnough.Short"],
            orgPs, orgName, ReportCharts.TrendAlt(t, t["Dashboard.PsIndex"], quarters, unitPs, orgName, orgPs, "0")));
        document.Add(ReportCharts.Trend(t["Dashboard.Satisfaction"], quarters, unitSatisfaction, 0, 10, t["Rpt.Quarter"], t["Rpt.Axis.Mark"], unitName, t["Rpt.NotEnough.Short"],
            orgSatisfaction, orgName, ReportCharts.TrendAlt(t, t["Dashboard.Satisfaction"], quarters, unitSatisfaction, orgName, orgSatisfaction, "0.0")));

        // Cases by theme: opened this quarter in the unit (counts only).
        var themes = (await connection.QueryAsync<string>(
            "SELECT COALESCE(i.category, r.category, 'CheckUp') FROM cases c JOIN signals s ON s.case_id = c.id " +
            "LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id " +
            "WHERE c.unit_id = @ScopeId AND c.opened_at >= @from AND c.opened_at < @next",
            new { request.ScopeId, from = request.Quarter.Start.ToDateTime(TimeOnly.MinValue), next = request.Quarter.Next.Start.ToDateTime(TimeOnly.MinValue) })).ToList();
        var categories = IncidentCategories.All.Append("CheckUp").ToList();
        var cells = CaseCounts.Display(categories.ToDictionary(c => c, c => themes.Count(x => x == c)), CaseCountReader.NotHandling, k, t["Rpt.Hidden"], culture);
        document.Add(new Heading(t["Rpt.Chief.CasesByTheme"]));
        document.Add(new Table([new TableColumn(t["Review.Category"], 3), new TableColumn(t["Rpt.Chief.Signals"], 1, true)],
            categories.Select(c => (IReadOnlyList<string>)[t["Rpt.Category." + c], cells[c]]).ToList(), t["Rpt.SmallCountsNote", k]));

        await competencies.AddForUnitAsync(connection, document, request.ScopeId, request.Quarter, k);
        await networkSignals.AddForUnitAsync(connection, document, request.ScopeId, request.Quarter);
        return document;
    }

    /// <summary>The unit against the organisation (issue 14, item 2), each shown where it and the rest of the organisation — without
    /// every unit its readers hold — hold k.</summary>
    private void AddComparison(ReportDocument document, GroupFigures unit, ComparisonGroup organisation, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Report.Compare.Heading"]));
        document.Add(new Paragraph(t["Report.Compare.IntroUnit", k], Muted: true));
        KeyFigure Own(string measure, double? value, string format) =>
            new(t["Report.Compare.Own", measure, unit.Name], unit.IsShown && value is { } v ? v.ToString(format, culture) : t["Anonymity.NotEnough"]);
        KeyFigure Other(double? mine, double? theirs, string format)
        {
            if (!organisation.IsShown || theirs is not { } o || !unit.IsShown || mine is not { } m)
                return new KeyFigure(organisation.Name, t["Anonymity.NotEnough"], t["Report.Compare.Hidden"]);
            var decimals = format == "0" ? 0 : 1;
            var delta = Math.Round(m, decimals) - Math.Round(o, decimals);
            return new KeyFigure(organisation.Name, o.ToString(format, culture), t["Report.Compare.UnitDelta", delta.ToString(format == "0" ? "+0;−0;0" : "+0.0;−0.0;0.0", culture)]);
        }
        document.Add(new KeyFigures([Own(t["Dashboard.PsIndex"], unit.PsIndex, "0"), Other(unit.PsIndex, organisation.PsIndex, "0")]));
        document.Add(new KeyFigures([Own(t["Dashboard.Satisfaction"], unit.Satisfaction, "0.0"), Other(unit.Satisfaction, organisation.Satisfaction, "0.0")]));
    }

    private void AddSummary(ReportDocument document, IReadOnlyList<TeamNeedingAttention> attention, IReadOnlyList<GroupFigures> unitTrend,
        IReadOnlyList<GroupFigures> teams, int onTime, int rounds, int notCompleted)
    {
        var (now, before) = (unitTrend[^1], unitTrend[^2]);
        var summary = new ReportSummary(t);
        var shown = teams.Where(x => x.IsShown).ToList();
        summary.Good(t["Report.Summary.ChiefGood", onTime, rounds, shown.Count(x => x.PsBand == Band.High), shown.Count]);
        summary.Attention(attention.Count == 0 ? t["Report.Attention.None"]
            : t["Report.Summary.ChiefAttention", t.Count("Report.Teams", attention.Count), string.Join(", ", attention.Take(3).Select(a => a.TeamName))]);
        string?[] changes = now.IsShown && before.IsShown
            ? [ReportSummary.Change(t, t["Dashboard.PsIndex"], before.PsIndex, now.PsIndex, Noise.Margin(Noise.PsSpread, before.Respondents, now.Respondents), "0"),
               ReportSummary.Change(t, t["Dashboard.Satisfaction"], before.Satisfaction, now.Satisfaction, Noise.Margin(Noise.MarkSpread, before.Respondents, now.Respondents), "0.0")]
            : [];
        summary.Changed(changes.Any(c => c is not null) ? string.Join(" ", changes.OfType<string>()) : t["Report.Summary.NoChange"]);
        var breached = attention.Count(a => a.Signs.Any(s => s.Reason == AttentionReason.BreachedCaseDeadline));
        summary.Overdue(notCompleted == 0 && breached == 0 ? t["Report.Summary.NothingOverdue"]
            : t["Report.Summary.ChiefOverdue", t.Count("Report.Checkups", notCompleted), t.Count("Report.Teams", breached)]);
        summary.AddTo(document);
    }

    private void AddAttention(ReportDocument document, IReadOnlyList<TeamNeedingAttention> attention, RuleSettings rules)
    {
        document.Add(new Heading(t["Report.Attention.Heading"]));
        document.Add(new Paragraph(t["Report.Attention.Intro", ReportText.Percent(rules.UnacceptableShare), ReportText.Percent(TeamAttention.LowResponseRate)], Muted: true));
        if (attention.Count == 0) document.Add(new Paragraph(t["Report.Attention.None"]));
        else document.Add(new Table([new TableColumn(t["Org.Team"], 2), new TableColumn(t["Report.Attention.Reasons"], 4)],
            attention.Select(a => (IReadOnlyList<string>)[a.TeamName, TeamAttention.Describe(a, t)]).ToList()));
    }

    private static IReadOnlyList<string> Line(GroupFigures line, string indent, CultureInfo culture, string notEnough) =>
    [
        indent + line.Name,
        line.IsShown ? line.Respondents.ToString(culture) : "",
        line.IsShown ? $"{line.PsIndex?.ToString("0", culture)}" : notEnough,
        line.IsShown ? $"{line.Satisfaction?.ToString("0.0", culture)}" : notEnough,
    ];

    private sealed class Row
    {
        public int TeamId { get; set; }
        public string TeamName { get; set; } = "";
        public int DistrictId { get; set; }
        public string DistrictName { get; set; } = "";
        public DateOnly? PeriodStart { get; set; }
        public DateTime? CompletedAt { get; set; }
        public int? K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
        public double? Workload { get; set; }
        public double? ExperiencedShare { get; set; }
    }
}
