using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Cases;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The annual integrity report (issue 17 item 3; docs/integrity.md), per unit and national: the integrity cases (the cases VIK
/// led) decided in a calendar year, by outcome, by the measure of a breach and by category, the time from opening to decision
/// (median and P90 in calendar days), the independent reviews asked and their results, each beside the year before, and the
/// number of decisions over five years. The request's quarter is the year's last (its key archives the report).
/// <para>Who reads it — the unit's VIK advisors and its chiefs; nationally every VIK advisor — does not all handle these cases,
/// and an outcome such as a dismissal in a unit points at a person sooner than any other count. So every count is protected as
/// for readers who do not handle the cases (<see cref="CaseCountReader.NotHandling"/>): 1 … k − 1 shows as "&lt; k" and, where
/// a total is shown, the next-smallest sibling is hidden too (<see cref="CaseCounts"/>, <see cref="SmallCounts"/>). The report
/// shows one dimension per table — never category × outcome — so no cell can be recomputed across tables, and a median or
/// P90 is shown only over k decisions or more. No team, no person, no text from a case.</para>
/// </summary>
public sealed class IntegrityReportBuilder(DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t)
{
    public const int TrendYears = 5;
    /// <summary>The category a case is counted under: the first of these among its signals' categories, otherwise "Other".</summary>
    public static readonly IReadOnlyList<string> Categories = ["Integrity", "Discrimination", "Harassment", "Other"];

    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var year = request.Quarter.Year;
        var national = request.ScopeId == ReportTypes.National;
        await using var connection = await connections.OpenAsync();
        string? scopeName = national ? t["Rpt.National"].Value
            : await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @ScopeId", new { request.ScopeId });
        if (scopeName is null) return null;
        var k = (await ThresholdSettings.ReadAsync(connection)).K;
        var decisions = await IntegrityDecisions.LoadAsync(connection, clock, national ? null : request.ScopeId, year - TrendYears + 1, year);
        var thisYear = decisions.Where(d => d.Year == year).ToList();
        var lastYear = decisions.Where(d => d.Year == year - 1).ToList();

        var title = t["Rpt.Integrity.Title", scopeName, year];
        var document = new ReportDocument
        {
            Title = title,
            Period = year.ToString(CultureInfo.InvariantCulture),
            Classification = t["Rpt.Confidential"],
            PageLabel = t["Rpt.PageLabel"],
            Metadata = new DocumentMetadata(title, "TeamCheckup", t["Rpt.Integrity.Subject"], request.Quarter.End.ToDateTime(new TimeOnly(23, 59)), request.Language),
        };
        document.Add(new Paragraph(national ? t["Rpt.Integrity.IntroNational", year] : t["Rpt.Integrity.IntroUnit", scopeName, year]));

        var view = new Counts(k, t["Rpt.Hidden"]);
        AddSummary(document, view, thisYear, lastYear, year);
        AddKeyFigures(document, view, thisYear, lastYear, year, k);
        AddOutcomes(document, view, thisYear, lastYear, year, k);
        AddMeasures(document, view, thisYear, lastYear, year, k);
        AddCategories(document, view, thisYear, lastYear, year, k);
        AddReviews(document, view, thisYear, lastYear, year, k);
        AddTrend(document, view, decisions, year, k);
        if (national)
        {
            var units = (await connection.QueryAsync<(long Id, string Name)>("SELECT id, name FROM units WHERE is_active = 1 ORDER BY name")).ToList();
            AddUnits(document, view, thisYear, units.Select(u => ((int)u.Id, u.Name)).ToList(), year, k);
        }
        document.Add(new Heading(t["Rpt.Integrity.AboutHeading"]));
        document.Add(new Paragraph(t["Rpt.Integrity.AboutCounting"]));
        document.Add(new Paragraph(t["Rpt.Integrity.AboutPrivacy", k]));
        return document;
    }

    /// <summary>Counts as these readers may see them (<see cref="CaseCountReader.NotHandling"/>).</summary>
    private sealed class Counts(int k, string hidden)
    {
        private static IFormatProvider Culture => CultureInfo.CurrentCulture;
        public string One(int count) => CaseCounts.Display(count, CaseCountReader.NotHandling, k, Culture);
        public bool Shown(int count) => count == 0 || count >= k;
        /// <summary>A sentence about a count as shown: singular only for a shown 1 ("&lt; 5" reads as a plural).</summary>
        public string Sentence(IStringLocalizer t, string key, int count) => t[key + (One(count) == "1" ? ".One" : ".Other"), One(count)];
        /// <summary>A column of siblings whose total is shown elsewhere: next-smallest suppression.</summary>
        public IReadOnlyDictionary<string, string> Column(IReadOnlyList<string> keys, Func<string, int> count) =>
            CaseCounts.Display(keys.ToDictionary(key => key, count), CaseCountReader.NotHandling, k, hidden, Culture);
        /// <summary>A breakdown of a cell shown as <paramref name="parentCell"/> (a count of <paramref name="parentCount"/>).</summary>
        public IReadOnlyDictionary<string, string> Under(string parentCell, int parentCount, IReadOnlyList<string> keys, Func<string, int> count) =>
            SmallCounts.DisplayUnder(keys.ToDictionary(key => key, count), parentCell == parentCount.ToString(Culture), k, hidden, Culture);
        /// <summary>The outcomes of these decisions, as every table shows them.</summary>
        public IReadOnlyDictionary<string, string> Outcomes(IReadOnlyList<IntegrityDecision> decisions) =>
            Column(IntegrityOutcomes.Counted, o => decisions.Count(d => d.Outcome == o));
    }

    private void AddSummary(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year)
    {
        var summary = new ReportSummary(t);
        if (view.Shown(now.Count) && view.Shown(before.Count) && now.Count + before.Count > 0)
            summary.Changed(Math.Abs(now.Count - before.Count) > 2 * Math.Sqrt(now.Count + before.Count)
                ? t[now.Count > before.Count ? "Rpt.Integrity.Rose" : "Rpt.Integrity.Fell", year - 1, before.Count, year, now.Count]
                : t["Rpt.Integrity.Steady", year - 1, before.Count, year, now.Count]);
        else summary.Changed(t["Rpt.Integrity.TrendHidden", year - 1, view.One(before.Count), year, view.One(now.Count)]);
        var unknown = now.Count(d => d.Outcome == IntegrityOutcomes.Unknown);
        if (unknown > 0) summary.Attention(view.Sentence(t, "Rpt.Integrity.UnknownNote", unknown));
        var running = now.Count(d => d.ReviewAskedOn is not null && d.ReviewResult is null);
        if (running > 0) summary.Attention(view.Sentence(t, "Rpt.Integrity.ReviewsRunning", running));
        summary.AddTo(document);
    }

    private string Days(IReadOnlyList<IntegrityDecision> decided, double p, int k)
    {
        var days = decided.Where(d => d.DaysToDecision is not null).Select(d => (double)d.DaysToDecision!.Value).ToList();
        if (days.Count < k || CaseFigures.Percentile(days, p) is not { } value) return "—";
        return t.Count("Rpt.Integrity.Days", Math.Round(value, 1), "0.#");
    }

    private void AddKeyFigures(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year, int k)
    {
        var outcomes = view.Outcomes(now);
        var versus = t["Rpt.Integrity.Versus", year - 1];
        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Rpt.Integrity.Decided"], view.One(now.Count), $"{view.One(before.Count)} {versus}"),
            new KeyFigure(t["Rpt.Integrity.Breaches"], outcomes[IntegrityOutcomes.Breach]),
            new KeyFigure(t["Rpt.Integrity.ReviewsAsked"], view.One(now.Count(d => d.ReviewAskedOn is not null))),
            new KeyFigure(t["Rpt.Integrity.MedianDays"], Days(now, 0.5, k), $"{Days(before, 0.5, k)} {versus}"),
            new KeyFigure(t["Rpt.Integrity.P90Days"], Days(now, 0.9, k), $"{Days(before, 0.9, k)} {versus}"),
        ]));
        document.Add(new Paragraph(t["Rpt.Integrity.DaysNote", k], Muted: true));
    }

    private static TableColumn[] YearColumns(string first, int year) =>
        [new TableColumn(first, 3), new TableColumn(year.ToString(CultureInfo.InvariantCulture), 1, true), new TableColumn((year - 1).ToString(CultureInfo.InvariantCulture), 1, true)];

    /// <summary>Rows of a breakdown for the year and the year before, with its total: the count of <paramref name="within"/>, or
    /// (<paramref name="parent"/>) a cell of the outcomes table shown as there, the breakdown then protected under it.</summary>
    private IReadOnlyList<IReadOnlyList<string>> YearRows(Counts view, IReadOnlyList<string> keys, Func<string, string> label,
        List<IntegrityDecision> now, List<IntegrityDecision> before, Func<IntegrityDecision, string?> key, string totalLabel,
        Func<IntegrityDecision, bool>? within = null, string? parent = null)
    {
        within ??= _ => true;
        (IReadOnlyDictionary<string, string> Cells, string Total) Year(List<IntegrityDecision> decisions)
        {
            int Count(string x) => decisions.Count(d => within(d) && key(d) == x);
            var total = decisions.Count(within);
            if (parent is null) return (view.Column(keys, Count), view.One(total));
            var cell = view.Outcomes(decisions)[parent];
            return (view.Under(cell, total, keys, Count), cell);
        }
        var (a, b) = (Year(now), Year(before));
        return keys.Select(x => (IReadOnlyList<string>)[label(x), a.Cells[x], b.Cells[x]]).Append([totalLabel, a.Total, b.Total]).ToList();
    }

    private void AddOutcomes(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year, int k)
    {
        document.Add(new Heading(t["Rpt.Integrity.ByOutcome"]));
        document.Add(new Table(YearColumns(t["Rpt.Integrity.Outcome"], year),
            YearRows(view, IntegrityOutcomes.Counted, o => t["Integrity.Outcome." + o], now, before, d => d.Outcome, t["Rpt.Integrity.Total"]),
            t["Rpt.SmallCountsNote", k]));
    }

    private void AddMeasures(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year, int k)
    {
        document.Add(new Heading(t["Rpt.Integrity.ByMeasure"]));
        document.Add(new Table(YearColumns(t["Rpt.Integrity.Measure"], year),
            YearRows(view, IntegrityOutcomes.Measures, m => t["Integrity.Measure." + m], now, before, d => d.Measure, t["Rpt.Integrity.BreachTotal"],
                d => d.Outcome == IntegrityOutcomes.Breach, parent: IntegrityOutcomes.Breach),
            t["Rpt.Integrity.MeasureNote", k]));
    }

    private void AddCategories(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year, int k)
    {
        document.Add(new Heading(t["Rpt.Integrity.ByCategory"]));
        document.Add(new Table(YearColumns(t["Review.Category"], year),
            YearRows(view, Categories, c => t["Rpt.Integrity.Category." + c], now, before, d => d.Category, t["Rpt.Integrity.Total"]),
            t["Rpt.Integrity.CategoryNote", k]));
    }

    private void AddReviews(ReportDocument document, Counts view, List<IntegrityDecision> now, List<IntegrityDecision> before, int year, int k)
    {
        IReadOnlyList<string> results = [.. IntegrityOutcomes.ReviewResults, IntegrityOutcomes.ReviewPending];
        document.Add(new Heading(t["Rpt.Integrity.Reviews"]));
        document.Add(new Table(YearColumns(t["Rpt.Integrity.ReviewResult"], year),
            YearRows(view, results, r => t["Integrity.Review." + r], now, before, d => d.ReviewResult ?? IntegrityOutcomes.ReviewPending, t["Rpt.Integrity.ReviewsAsked"],
                d => d.ReviewAskedOn is not null),
            t["Rpt.Integrity.ReviewNote", k]));
    }

    /// <summary>Decisions per year over five years; a year whose count is hidden is left out of the chart and said so.</summary>
    private void AddTrend(ReportDocument document, Counts view, List<IntegrityDecision> decisions, int year, int k)
    {
        var years = Enumerable.Range(year - TrendYears + 1, TrendYears).ToList();
        var counts = years.ToDictionary(y => y, y => decisions.Count(d => d.Year == y));
        var shown = years.Where(y => view.Shown(counts[y])).ToList();
        document.Add(new Heading(t["Rpt.Integrity.Trend"]));
        var alt = t["Rpt.Integrity.TrendAlt", string.Join(", ", years.Select(y => $"{y}: {view.One(counts[y])}"))].Value;
        if (shown.Count > 0)
            document.Add(ReportCharts.Bars(t["Rpt.Integrity.TrendChart", years[0], year], shown.Select(y => y.ToString(CultureInfo.InvariantCulture)).ToList(),
                shown.Select(y => (double)counts[y]).ToList(), t["Rpt.Integrity.Year"], t["Rpt.Axis.Cases"], t["Rpt.Integrity.Decided"]) with { AltText = alt });
        document.Add(new Paragraph(shown.Count == years.Count ? alt : alt + " " + t["Rpt.Integrity.TrendHiddenYears", k]));
    }

    /// <summary>The national report per unit: decisions, breaches and reviews asked in the year, each column protected among
    /// the units (the national total is in the tables above).</summary>
    private void AddUnits(ReportDocument document, Counts view, List<IntegrityDecision> now, IReadOnlyList<(int Id, string Name)> units, int year, int k)
    {
        var keys = units.Select(u => u.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        int Unit(string key) => int.Parse(key, CultureInfo.InvariantCulture);
        var decided = view.Column(keys, key => now.Count(d => d.UnitId == Unit(key)));
        // The units' breaches add up to the national count of breaches: protected under that cell as the outcomes table shows it.
        var breaches = view.Under(view.Outcomes(now)[IntegrityOutcomes.Breach], now.Count(d => d.Outcome == IntegrityOutcomes.Breach),
            keys, key => now.Count(d => d.UnitId == Unit(key) && d.Outcome == IntegrityOutcomes.Breach));
        var reviews = view.Column(keys, key => now.Count(d => d.UnitId == Unit(key) && d.ReviewAskedOn is not null));
        document.Add(new Heading(t["Rpt.Integrity.ByUnit", year]));
        document.Add(new Table(
            [new TableColumn(t["Org.Unit"], 2.6f), new TableColumn(t["Rpt.Integrity.Decided"], 1.2f, true), new TableColumn(t["Rpt.Integrity.Breaches"], 1.2f, true),
             new TableColumn(t["Rpt.Integrity.ReviewsAsked"], 1.4f, true)],
            units.Select(u =>
            {
                var key = u.Id.ToString(CultureInfo.InvariantCulture);
                return (IReadOnlyList<string>)[u.Name, decided[key], breaches[key], reviews[key]];
            }).ToList(), t["Rpt.SmallCountsNote", k]));
    }
}

/// <summary>One integrity case as the annual report counts it: the year of its decision, its outcome (Unknown for a case closed
/// before outcomes were recorded), measure, category, the calendar days from opening to decision and its review.</summary>
public sealed class IntegrityDecision
{
    public int CaseId { get; init; }
    public int UnitId { get; init; }
    public int Year { get; init; }
    public string Outcome { get; init; } = IntegrityOutcomes.Unknown;
    public string? Measure { get; init; }
    public string Category { get; init; } = "Other";
    public int? DaysToDecision { get; init; }
    public DateOnly? ReviewAskedOn { get; init; }
    public string? ReviewResult { get; init; }
}

public static class IntegrityDecisions
{
    /// <summary>The closed cases VIK led with their decision in <paramref name="fromYear"/> … <paramref name="toYear"/>: the decision
    /// day where recorded, else (old cases) the day the case closed.</summary>
    public static async Task<List<IntegrityDecision>> LoadAsync(System.Data.Common.DbConnection connection, Clock clock, int? unitId, int fromYear, int toYear)
    {
        var from = new DateTime(fromYear, 1, 1).AddDays(-1); // a day earlier: closed_at is UTC, the organisation's day may start before it
        var rows = (await connection.QueryAsync<Row>(
            "SELECT c.id AS Id, c.unit_id AS UnitId, c.opened_at AS OpenedAt, c.closed_at AS ClosedAt, c.integrity_outcome AS Outcome, " +
            "c.integrity_measure AS Measure, c.integrity_decided_on AS DecidedOn, c.review_asked_on AS ReviewAskedOn, c.review_result AS ReviewResult " +
            "FROM cases c WHERE c.lead_discipline = @vik AND c.closed_at IS NOT NULL AND c.closed_at >= @from" + (unitId is null ? "" : " AND c.unit_id = @unitId"),
            new { vik = Disciplines.Vik, from, unitId })).ToList();
        var categories = (await connection.QueryAsync<(long CaseId, string? Category)>(
            "SELECT s.case_id, COALESCE(i.category, r.category) FROM signals s JOIN cases c ON c.id = s.case_id " +
            "LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id " +
            "WHERE c.lead_discipline = @vik AND c.closed_at IS NOT NULL AND c.closed_at >= @from" + (unitId is null ? "" : " AND c.unit_id = @unitId"),
            new { vik = Disciplines.Vik, from, unitId })).ToLookup(x => (int)x.CaseId, x => x.Category);
        return rows.Select(r =>
        {
            var day = r.DecidedOn ?? clock.DayOf(r.ClosedAt);
            var known = r.Outcome is not null && IntegrityOutcomes.All.Contains(r.Outcome);
            return new IntegrityDecision
            {
                CaseId = r.Id, UnitId = r.UnitId, Year = day.Year,
                Outcome = known ? r.Outcome! : IntegrityOutcomes.Unknown,
                Measure = known && r.Outcome == IntegrityOutcomes.Breach ? r.Measure : null,
                Category = IntegrityReportBuilder.Categories.FirstOrDefault(c => categories[r.Id].Contains(c)) ?? "Other",
                DaysToDecision = r.DecidedOn is { } decided ? Math.Max(0, decided.DayNumber - clock.DayOf(r.OpenedAt).DayNumber) : null,
                ReviewAskedOn = r.ReviewAskedOn, ReviewResult = r.ReviewResult,
            };
        }).Where(d => d.Year >= fromYear && d.Year <= toYear).ToList();
    }

    private sealed class Row
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public DateTime OpenedAt { get; set; }
        public DateTime ClosedAt { get; set; }
        public string? Outcome { get; set; }
        public string? Measure { get; set; }
        public DateOnly? DecidedOn { get; set; }
        public DateOnly? ReviewAskedOn { get; set; }
        public string? ReviewResult { get; set; }
    }
}
