using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The team report for the team lead (SPEC §7): key figures this quarter against the previous one,
/// five-quarter trends, pulse results, the review, bottlenecks, agreements and the number of cases
/// (no case detail). Every pulse figure goes through <see cref="Anonymity"/> with its round's k.
/// </summary>
public sealed class TeamReportBuilder(DbConnectionFactory connections, CompetencySectionBuilder competencies, IStringLocalizer<SharedResource> t,
    TrendAlignmentQuery alignment, Infrastructure.Time.Clock clock, ComparisonSums comparisonSums)
{
    public const int TrendQuarters = 5;

    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        var quarters = request.Quarter.Trailing(TrendQuarters);
        await using var connection = await connections.OpenAsync();
        var team = await connection.QuerySingleOrDefaultAsync<TeamRow>(
            "SELECT t.id AS Id, t.name AS Name, d.name AS District, d.id AS DistrictId, u.name AS Unit, u.id AS UnitId, t.headcount AS Headcount FROM teams t " +
            "JOIN districts d ON d.id = t.district_id JOIN units u ON u.id = d.unit_id WHERE t.id = @ScopeId", new { request.ScopeId });
        if (team is null) return null;

        // The latest round per quarter (monthly teams have three; the last one speaks for the quarter).
        var rounds = (await connection.QueryAsync<RoundWithResult>(
            $"SELECT {RoundWithResult.Columns} FROM checkup_rounds r LEFT JOIN round_results x ON x.round_id = r.id " +
            "WHERE r.team_id = @ScopeId AND r.period_start >= @from AND r.period_start <= @to ORDER BY r.period_start",
            new { request.ScopeId, from = quarters[0].Start, to = request.Quarter.End })).ToList();
        var byQuarter = quarters.ToDictionary(q => q, q => rounds.LastOrDefault(r => Quarter.Of(r.PeriodStart) == q));
        // Rounds of different questionnaire versions compare only the items that are the same (Features/Checkups/TrendAlignment.cs).
        var basis = await alignment.AlignAsync(connection, byQuarter.Values.OfType<RoundWithResult>().ToList());
        var current = byQuarter[request.Quarter];
        var previous = byQuarter[request.Quarter.Previous];
        RoundFigures? Figures(RoundWithResult? r) => r is { HasResult: true } ? Anonymity.Apply(r.ToResult(), r.Thresholds) : null;

        var document = NewDocument(t["Rpt.Team.Title", team.Name], request, t["Rpt.Team.Subject"]);
        document.Add(new Paragraph(t["Rpt.Team.Intro", team.Name, team.District, team.Unit, team.Headcount, request.Quarter.Label]));

        var now = Figures(current);
        var before = Figures(previous);
        // A quarter without a check-up is said once (in the summary), not as a page of dashes.
        if (current is not null) AddKeyFigures(document, current, now, before);
        await AddSummaryAsync(connection, document, request, team.UnitId, team.Name, current, previous, now, before);
        var k = Math.Max((await ThresholdSettings.ReadAsync(connection)).K, current?.Thresholds.K ?? 0);
        if (now is { IsShown: true }) await AddComparisonsAsync(connection, document, request.Quarter, team, current!.Respondents, now, k);
        if (rounds.Count > 0)
        {
            var unitSeries = await UnitSeriesAsync(connection, quarters, team, byQuarter, k);
            AddPulse(document, quarters, byQuarter, basis, current, team.Unit, unitSeries);
        }
        else document.Add(new Paragraph(t["Report.Team.NoRounds"]));
        if (current is { HasResult: true }) await AddItemsAsync(connection, document, request.Quarter, team, current, now?.IsShown == true, k);

        await AddReviewAsync(connection, document, current, request);
        await competencies.AddForTeamAsync(connection, document, request.ScopeId, request.Quarter, (await ThresholdSettings.ReadAsync(connection)).K);
        await AddCasesAsync(connection, document, request);
        return document;
    }

    private void AddKeyFigures(ReportDocument document, RoundWithResult current, RoundFigures? now, RoundFigures? before)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(new KeyFigures(
        [
            Tile(t["Dashboard.PsIndex"], now?.PsychologicalSafetyIndex, before?.PsychologicalSafetyIndex, "0", 1, higherIsBetter: true),
            Tile(t["Dashboard.Satisfaction"], now?.Satisfaction, before?.Satisfaction, "0.0", 1, higherIsBetter: true),
            Tile(t["Dashboard.Workload"], now?.Workload, before?.Workload, "0.0", 1, higherIsBetter: null, isWorkload: true),
            Tile(t["Rpt.Experienced"], now?.ExperiencedShare, before?.ExperiencedShare, "0", 100, higherIsBetter: false, suffix: " %", isShare: true),
        ]));
        document.Add(new Paragraph(t["Rpt.Team.Respondents", current.Respondents, current.ResponseRate is { } rate ? rate.ToString("P0", culture) : "—", current.Thresholds.K], Muted: true));
        if (current.ResponseRate > 1) document.Add(new Paragraph(t["Abuse.Codes.RateAbove100"]));
    }

    /// <summary>Team against its district, unit and the organisation (issue 14, item 2): tiles per measure, each group shown
    /// only where it and the rest of it without this team hold k respondents (<see cref="RollUps.MayCompare"/>).</summary>
    private async Task AddComparisonsAsync(System.Data.Common.DbConnection connection, ReportDocument document, Quarter quarter, TeamRow team, int respondents, RoundFigures now, int k)
    {
        var sums = await comparisonSums.ReadAsync(connection, quarter);
        var known = ComparisonGroups.KnownRespondents(sums, await ComparisonGroups.CoLedTeamsAsync(connection, team.Id));
        var groups = new[]
        {
            ComparisonGroups.Of(team.District, sums.Where(s => s.DistrictId == team.DistrictId), respondents, k, known),
            ComparisonGroups.Of(team.Unit, sums.Where(s => s.UnitId == team.UnitId), respondents, k, known),
            ComparisonGroups.Of(t["Report.Compare.Organisation"], sums, respondents, k, known),
        };
        document.Add(new Heading(t["Report.Compare.Heading"]));
        document.Add(new Paragraph(t["Report.Compare.Intro", k], Muted: true));
        AddComparisonTiles(document, t["Dashboard.PsIndex"], now.PsychologicalSafetyIndex, groups.Select(g => (g, g.PsIndex)).ToList(), "0");
        AddComparisonTiles(document, t["Dashboard.Satisfaction"], now.Satisfaction, groups.Select(g => (g, g.Satisfaction)).ToList(), "0.0");
    }

    private void AddComparisonTiles(ReportDocument document, string measure, Guarded<double> own, IReadOnlyList<(ComparisonGroup Group, double? Value)> groups, string format)
    {
        var culture = CultureInfo.CurrentCulture;
        var tiles = new List<KeyFigure> { new(t["Report.Compare.Team", measure], own is { IsShown: true, Value: { } v } ? v.ToString(format, culture) : t["Anonymity.NotEnough"]) };
        foreach (var (group, value) in groups)
        {
            if (!group.IsShown || value is not { } shown || own.Value is not { } mine)
            {
                tiles.Add(new KeyFigure(group.Name, t["Anonymity.NotEnough"], t["Report.Compare.Hidden"]));
                continue;
            }
            var decimals = format == "0" ? 0 : 1;
            var delta = Math.Round(mine, decimals) - Math.Round(shown, decimals);
            var text = delta.ToString(format == "0" ? "+0;−0;0" : "+0.0;−0.0;0.0", culture);
            tiles.Add(new KeyFigure(group.Name, shown.ToString(format, culture), t["Report.Compare.TeamDelta", text]));
        }
        document.Add(new KeyFigures(tiles));
    }

    /// <summary>The unit's figure per quarter for the trend charts' second series (shown where the unit without this team holds k).</summary>
    private async Task<(IReadOnlyList<double?> Ps, IReadOnlyList<double?> Satisfaction)> UnitSeriesAsync(System.Data.Common.DbConnection connection, IReadOnlyList<Quarter> quarters,
        TeamRow team, Dictionary<Quarter, RoundWithResult?> byQuarter, int k)
    {
        var ps = new List<double?>();
        var satisfaction = new List<double?>();
        var coLed = await ComparisonGroups.CoLedTeamsAsync(connection, team.Id);
        foreach (var quarter in quarters)
        {
            var own = byQuarter[quarter] is { HasResult: true } r ? r.Respondents : 0;
            var sums = await comparisonSums.ReadAsync(connection, quarter, team.UnitId);
            var unit = ComparisonGroups.Of(team.Unit, sums, own, k, ComparisonGroups.KnownRespondents(sums, coLed));
            ps.Add(unit.PsIndex);
            satisfaction.Add(unit.Satisfaction);
        }
        return (ps, satisfaction);
    }

    /// <summary>Item-level results of the quarter's round and the social-safety answers by category (issue 14, item 3).</summary>
    private async Task AddItemsAsync(System.Data.Common.DbConnection connection, ReportDocument document, Quarter quarter, TeamRow team, RoundWithResult current, bool shown, int k)
    {
        var definition = current.QuestionnaireVersionId is { } versionId
            ? await QuestionnaireCatalog.LoadAsync(connection, null, versionId)
            : QuestionnaireDefinition.Parse(QuestionnaireCatalog.BundledVersion1Json());
        var counts = await ItemDistributions.ForRoundAsync(connection, current.Id);
        if (counts.Respondents == 0) return; // answers purged before their counts were kept
        if (shown && Anonymity.MayShow(counts.Respondents, k))
        {
            ItemDistributions.AddForRound(document, t, definition, counts, k);
            ItemDistributions.AddCategories(document, t, definition, t["Report.Compare.TheTeam"], counts, k);
            return;
        }
        var district = await ItemDistributions.SocialSafetyForGroupAsync(connection, quarter, team.DistrictId, null);
        if (Anonymity.MayShow(district.Respondents, k)) ItemDistributions.AddCategories(document, t, definition, team.District, district, k);
        else ItemDistributions.AddCategories(document, t, definition, team.Unit, await ItemDistributions.SocialSafetyForGroupAsync(connection, quarter, null, team.UnitId), k);
    }

    private void AddPulse(ReportDocument document, IReadOnlyList<Quarter> quarters, Dictionary<Quarter, RoundWithResult?> byQuarter, TrendBasis basis, RoundWithResult? current,
        string unitName, (IReadOnlyList<double?> Ps, IReadOnlyList<double?> Satisfaction) unitSeries)
    {
        var culture = CultureInfo.CurrentCulture;
        RoundFigures? Figures(RoundWithResult? r) => r is { HasResult: true } ? Anonymity.Apply(r.ToResult(), r.Thresholds) : null;
        var psPoints = quarters.Select(q => Figures(byQuarter[q])?.PsychologicalSafetyIndex is { IsShown: true, Value: { } v } ? v : (double?)null).ToArray();
        var satisfactionPoints = quarters.Select(q => Figures(byQuarter[q])?.Satisfaction is { IsShown: true, Value: { } v } ? v : (double?)null).ToArray();
        document.Add(new Heading(t["Rpt.Trends"]));
        if (basis.SpansVersions) document.Add(new Paragraph(TrendNote(basis), Muted: true));
        document.Add(ReportCharts.Trend(t["Dashboard.PsIndex"], quarters, psPoints, 0, 100, t["Rpt.Quarter"], t["Rpt.Axis.Index"], t["Rpt.Team.Legend"], t["Rpt.NotEnough.Short"],
            unitSeries.Ps, unitName, ReportCharts.TrendAlt(t, t["Dashboard.PsIndex"], quarters, psPoints, unitName, unitSeries.Ps, "0")));
        document.Add(ReportCharts.Trend(t["Dashboard.Satisfaction"], quarters, satisfactionPoints, 0, 10, t["Rpt.Quarter"], t["Rpt.Axis.Mark"], t["Rpt.Team.Legend"], t["Rpt.NotEnough.Short"],
            unitSeries.Satisfaction, unitName, ReportCharts.TrendAlt(t, t["Dashboard.Satisfaction"], quarters, satisfactionPoints, unitName, unitSeries.Satisfaction, "0.0")));

        document.Add(new Heading(t["Rpt.PulseResults"]));
        var notEnough = t["Anonymity.NotEnough"].Value;
        string? LeftOut(RoundWithResult round, string figure) => basis.IsLeftOut(round.Id, figure) ? t["Questionnaire.Trend.NotCompared"].Value : null;
        // The dashboard's own cell rule (Teams/TeamExportTables), so the PDF, the page and its export agree cell by cell.
        string Cell(Guarded<double>? g, string format, double scale = 1, string suffix = "") =>
            g is { IsShown: true } figure ? Teams.TeamExportTables.Figure(figure, format, notEnough, culture, scale) + suffix : notEnough;
        document.Add(new Table(
        [
            new TableColumn(t["Dashboard.Period"], 1), new TableColumn(t["Dashboard.Respondents"], 1.2f, true),
            new TableColumn(t["Rpt.Short.Ps"], 1.3f, true), new TableColumn(t["Rpt.Short.Satisfaction"], 1.3f, true),
            new TableColumn(t["Rpt.Short.Workload"], 1.3f, true), new TableColumn(t["Rpt.Short.Experienced"], 1.3f, true),
            new TableColumn(t["Rpt.Short.Witnessed"], 1.3f, true),
        ],
        quarters.Select(q =>
        {
            var r = byQuarter[q];
            var f = Figures(r);
            return (IReadOnlyList<string>)
            [
                q.Label, r is { HasResult: true } ? r.Respondents.ToString(culture) : "—",
                f is null ? "—" : LeftOut(r!, TrendFigures.PsIndex) ?? Cell(f.PsychologicalSafetyIndex, "0"),
                f is null ? "—" : LeftOut(r!, TrendFigures.Satisfaction) ?? Cell(f.Satisfaction, "0.0"),
                f is null ? "—" : LeftOut(r!, TrendFigures.Workload) ?? Cell(f.Workload, "0.0"), f is null ? "—" : Cell(f.ExperiencedShare, "0", 100, " %"),
                f is null ? "—" : Cell(f.WitnessedShare, "0", 100, " %"),
            ];
        }).ToList(), t["Rpt.Team.PulseCaption", (current?.Thresholds ?? Thresholds.Default).K]));
    }

    /// <summary>Page 1 in words: the team's attention reasons (the same rules as the chief's list), changes beyond noise, what is overdue.</summary>
    private async Task AddSummaryAsync(System.Data.Common.DbConnection connection, ReportDocument document, ReportRequest request, int unitId, string name,
        RoundWithResult? current, RoundWithResult? previous, RoundFigures? now, RoundFigures? before)
    {
        var summary = new ReportSummary(t);
        var overdueAgreements = await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM agreements WHERE team_id = @ScopeId AND status IN ('Open', 'InProgress') AND due_date <= @end", new { request.ScopeId, end = request.Quarter.End });
        if (current is null)
        {
            summary.Attention(t["Report.Summary.NoCheckup"]);
            summary.Overdue(overdueAgreements == 0 ? t["Report.Summary.NothingOverdue"] : t["Report.Summary.AgreementsOverdue", t.Count("Report.Agreements", overdueAgreements)]);
            summary.AddTo(document);
            return;
        }
        var figures = new GroupFigures { Id = request.ScopeId, Name = name, Respondents = current.Respondents, PsIndex = current.PsIndex, Satisfaction = current.SatisfactionMean, IsShown = now?.IsShown == true };
        var roundOverdue = current.CompletedAt is null && request.Quarter.End > current.PeriodStart.AddDays(Organisation.CheckupPeriod.OverdueAfterDays);
        var rules = await Triage.RuleSettings.LoadAsync(connection);
        var attention = await Dashboard.TeamAttention.ForTeamAsync(connection, unitId, new Dashboard.TeamState(figures, roundOverdue),
            new Dashboard.AttentionPeriod(request.Quarter.Start, request.Quarter.End), rules, clock);
        if (figures.IsShown)
        {
            var good = new[] { figures.PsBand == Dashboard.Band.High ? t["Dashboard.PsIndex"].Value : null, figures.SatisfactionBand == Dashboard.Band.High ? t["Dashboard.Satisfaction"].Value : null }.OfType<string>().ToList();
            summary.Good(good.Count == 0 ? null : t["Report.Summary.TeamGood", string.Join(t["Report.And"], good)]);
        }
        summary.Attention(attention is null ? t["Report.Attention.None"] : Dashboard.TeamAttention.Describe(attention, t) + ".");
        if (now is { IsShown: true } && before is { IsShown: true } && previous is not null)
        {
            var changes = new[]
            {
                ReportSummary.Change(t, t["Dashboard.PsIndex"], before.PsychologicalSafetyIndex.Value, now.PsychologicalSafetyIndex.Value, Noise.Margin(Noise.PsSpread, previous.Respondents, current.Respondents), "0"),
                ReportSummary.Change(t, t["Dashboard.Satisfaction"], before.Satisfaction.Value, now.Satisfaction.Value, Noise.Margin(Noise.MarkSpread, previous.Respondents, current.Respondents), "0.0"),
            }.OfType<string>().ToList();
            summary.Changed(changes.Count > 0 ? string.Join(" ", changes) : t["Report.Summary.NoChange"]);
        }
        var overdue = new[] { roundOverdue ? t["Report.Attention.OverdueRound", Organisation.CheckupPeriod.OverdueAfterDays].Value : null,
            overdueAgreements > 0 ? t["Report.Summary.AgreementsOverdue", t.Count("Report.Agreements", overdueAgreements)].Value : null }.OfType<string>().ToList();
        summary.Overdue(overdue.Count == 0 ? t["Report.Summary.NothingOverdue"] : string.Join("; ", overdue) + ".");
        summary.AddTo(document);
    }

    private string TrendNote(TrendBasis basis) =>
        string.Join(" ", new[]
        {
            t["Questionnaire.Trend.Versions", string.Join(", ", basis.Versions)].Value,
            basis.SharedIndexItems is { } shared ? t["Questionnaire.Trend.SharedItems", shared].Value : null,
            basis.FiguresLeftOut.Count > 0 ? t["Questionnaire.Trend.LeftOut", string.Join(", ", basis.FiguresLeftOut.Select(f => t["Questionnaire.Figure." + f].Value))].Value : null,
        }.Where(s => s is not null));

    private async Task AddReviewAsync(System.Data.Common.DbConnection connection, ReportDocument document, RoundWithResult? round, ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Rpt.Review"]));
        if (round is null || round.CompletedAt is null)
        {
            document.Add(new Paragraph(t["Rpt.Team.NoReview"]));
        }
        else
        {
            var dimensions = (await connection.QueryAsync<DimensionEntry>(
                "SELECT dimension AS Dimension, score AS Score, note AS Note FROM review_dimensions WHERE round_id = @Id", new { round.Id }))
                .ToDictionary(d => d.Dimension);
            document.Add(new Table([new TableColumn(t["Rpt.Dimension"], 1.6f), new TableColumn(t["Rpt.Score"], 0.6f, true), new TableColumn(t["Review.Note"], 3.4f)],
                ReviewVocabulary.Dimensions.Select(d => (IReadOnlyList<string>)
                    [t["Dimension." + d], dimensions.GetValueOrDefault(d)?.Score?.ToString(culture) ?? "—", dimensions.GetValueOrDefault(d)?.Note ?? ""]).ToList()));
            if (round.TensionFlag)
                document.Add(new Paragraph(t["Rpt.Team.Tension", round.TensionDescription ?? ""]));

            var bottlenecks = (await connection.QueryAsync<BottleneckEntry>(
                "SELECT category AS Category, description AS Description, severity AS Severity FROM bottlenecks WHERE round_id = @Id ORDER BY id", new { round.Id })).ToList();
            document.Add(new Heading(t["Review.Bottlenecks"], 2));
            if (bottlenecks.Count == 0) document.Add(new Paragraph(t["Dashboard.NoBottlenecks"]));
            else document.Add(new Table([new TableColumn(t["Review.Category"], 1.2f), new TableColumn(t["Review.BottleneckDescription"], 3.6f), new TableColumn(t["Review.Severity"], 0.8f)],
                bottlenecks.Select(b => (IReadOnlyList<string>)[t["BottleneckCategory." + b.Category], b.Description ?? "", t["Severity." + b.Severity]]).ToList()));
        }

        var agreements = (await connection.QueryAsync<Teams.AgreementRow>(
            "SELECT id AS Id, what AS What, supporting_party AS SupportingParty, owner AS Owner, due_date AS DueDate, status AS Status, follow_up_note AS FollowUpNote " +
            "FROM agreements a WHERE team_id = @ScopeId AND (status IN ('Open', 'InProgress') OR (due_date >= @from AND due_date <= @to)) " +
            "AND (SELECT period_start FROM checkup_rounds o WHERE o.id = a.origin_round_id) <= @to ORDER BY due_date, id",
            new { request.ScopeId, from = request.Quarter.Start, to = request.Quarter.End })).ToList();
        document.Add(new Heading(t["Review.Agreements"], 2));
        if (agreements.Count == 0) document.Add(new Paragraph(t["Dashboard.NoAgreements"]));
        else document.Add(new Table(
            [new TableColumn(t["Review.AgreementWhat"], 2.6f), new TableColumn(t["Review.Party"], 1.5f), new TableColumn(t["Review.Owner"], 1.2f),
             new TableColumn(t["Review.DueDate"], 1.1f), new TableColumn(t["Review.Status"], 1f)],
            agreements.Select(a => (IReadOnlyList<string>)[a.What, t["Party." + a.SupportingParty], a.Owner, a.DueDate.ToString("d MMM yyyy", culture),
                a.Status is "Open" or "InProgress" && a.DueDate <= request.Quarter.End ? t["Report.Agreement.Overdue"] : t["AgreementStatus." + a.Status]]).ToList()));
    }

    private async Task AddCasesAsync(System.Data.Common.DbConnection connection, ReportDocument document, ReportRequest request)
    {
        var counts = await connection.QuerySingleAsync<CaseCounts>(
            "SELECT COALESCE(SUM(CASE WHEN opened_at >= @from AND opened_at < @next THEN 1 ELSE 0 END), 0) AS Opened, " +
            "COALESCE(SUM(CASE WHEN closed_at >= @from AND closed_at < @next THEN 1 ELSE 0 END), 0) AS Closed, " +
            "COALESCE(SUM(CASE WHEN opened_at < @next AND (closed_at IS NULL OR closed_at >= @next) THEN 1 ELSE 0 END), 0) AS OpenAtEnd " +
            "FROM cases WHERE team_id = @ScopeId",
            new { request.ScopeId, from = request.Quarter.Start.ToDateTime(TimeOnly.MinValue), next = request.Quarter.Next.Start.ToDateTime(TimeOnly.MinValue) });
        document.Add(new Heading(t["Rpt.Team.Cases"]));
        document.Add(new Paragraph(t["Rpt.Team.CasesText", counts.Opened, counts.Closed, counts.OpenAtEnd]));
    }

    /// <summary>A key-figure tile. A share's change is in percentage points ("+4,4 procentpunt"); workload (1–5, 3 = good,
    /// 4 = too high) carries its scale's word and a change towards 3 is good news.</summary>
    private KeyFigure Tile(string label, Guarded<double>? now, Guarded<double>? before, string format, double scale, bool? higherIsBetter, string suffix = "",
        bool isShare = false, bool isWorkload = false)
    {
        var culture = CultureInfo.CurrentCulture;
        if (now is not { IsShown: true, Value: { } value })
            return new KeyFigure(label, now is null ? "—" : t["Anonymity.NotEnough"]);
        var shown = (value * scale).ToString(format, culture) + suffix;
        if (isWorkload) shown += " · " + t[value >= 3.5 ? "Report.Workload.TooHigh" : value <= 2.5 ? "Report.Workload.TooLow" : "Report.Workload.Good"];
        if (before is not { IsShown: true, Value: { } earlier })
            return new KeyFigure(label, shown, t["Rpt.NoComparison"]);
        var delta = (value - earlier) * scale;
        var trend = Math.Abs(delta) < 0.05 ? Trend.Flat : delta > 0 ? Trend.Up : Trend.Down;
        bool? good = trend == Trend.Flat ? null
            : isWorkload ? Math.Abs(value - 3) < Math.Abs(earlier - 3)
            : higherIsBetter is null ? null : (trend == Trend.Up) == higherIsBetter;
        var change = delta.ToString("+0.0;−0.0;0.0", culture);
        return new KeyFigure(label, shown, t["Rpt.Change", isShare ? t["Report.Points", change].Value : change + suffix], trend, good);
    }

    internal ReportDocument NewDocument(string title, ReportRequest request, string subject) => new()
    {
        Title = title,
        Period = request.Quarter.Label,
        Classification = t["Rpt.Confidential"],
        PageLabel = t["Rpt.PageLabel"],
        Metadata = new DocumentMetadata(title, "TeamCheckup", subject, request.Quarter.End.ToDateTime(new TimeOnly(23, 59)), request.Language),
    };

    private sealed class TeamRow
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
        public string District { get; set; } = "";
        public string Unit { get; set; } = "";
        public int UnitId { get; set; }
        public int DistrictId { get; set; }
        public int Headcount { get; set; }
    }

    private sealed class CaseCounts { public int Opened { get; set; } public int Closed { get; set; } public int OpenAtEnd { get; set; } }
}
