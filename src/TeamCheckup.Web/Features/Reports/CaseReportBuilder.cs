using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The HRM and VIK reports (SPEC §7), per unit or national: cases of the discipline opened and closed by
/// rule and category, time to triage (median, p90), deadline compliance, backlog ageing, teams with
/// repeated cases and agreement follow-through; the VIK report adds the anonymous-report deadlines.
/// Small counts are shown as "&lt; k" with complementary suppression.
/// </summary>
public sealed class CaseReportBuilder(DbConnectionFactory connections, TeamReportBuilder documents, Clock clock, IStringLocalizer<SharedResource> t)
{
    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        var discipline = request.Type == ReportTypes.Vik ? Disciplines.Vik : Disciplines.Hrm;
        await using var connection = await connections.OpenAsync();
        string scopeName;
        if (request.ScopeId == ReportTypes.National) scopeName = t["Rpt.National"];
        else if (await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @ScopeId", new { request.ScopeId }) is { } unit) scopeName = unit;
        else return null;

        var k = (await ThresholdSettings.ReadAsync(connection)).K;
        var from = request.Quarter.Start.ToDateTime(TimeOnly.MinValue);
        var next = request.Quarter.Next.Start.ToDateTime(TimeOnly.MinValue);
        var unitFilter = request.ScopeId == ReportTypes.National ? "" : "AND c.unit_id = @ScopeId ";
        var cases = (await connection.QueryAsync<CaseRow>(
            "SELECT c.id AS Id, c.team_id AS TeamId, t.name AS TeamName, c.opened_at AS OpenedAt, c.analysis_at AS AnalysisAt, c.triage_due_on AS TriageDueOn, " +
            "c.closed_at AS ClosedAt FROM cases c LEFT JOIN teams t ON t.id = c.team_id " +
            $"WHERE c.lead_discipline = @discipline {unitFilter}AND c.opened_at < @next AND (c.closed_at IS NULL OR c.closed_at >= @yearAgo)",
            new { discipline, request.ScopeId, next, yearAgo = request.Quarter.Previous.Previous.Previous.Start.ToDateTime(TimeOnly.MinValue) })).ToList();
        var opened = cases.Where(c => c.OpenedAt >= from && c.OpenedAt < next).ToList();
        var closed = cases.Where(c => c.ClosedAt >= from && c.ClosedAt < next).ToList();
        var openAtEnd = cases.Where(c => c.ClosedAt is null || c.ClosedAt >= next).ToList();

        var signals = (await connection.QueryAsync<SignalRow>(
            "SELECT s.case_id AS CaseId, s.source AS Source, s.outcome AS Outcome, COALESCE(i.category, r.category) AS Category " +
            "FROM signals s JOIN cases c ON c.id = s.case_id LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id " +
            // the signals of the cases opened this quarter (a join, not a list of ids: a national report has hundreds)
            $"WHERE c.lead_discipline = @discipline {unitFilter}AND c.opened_at >= @from AND c.opened_at < @next", new { discipline, request.ScopeId, from, next })).ToList();

        var title = t[request.Type == ReportTypes.Vik ? "Rpt.Vik.Title" : "Rpt.Hrm.Title", scopeName];
        var document = documents.NewDocument(title, request, t["Rpt.Cases.Subject"]);
        document.Add(new Paragraph(t["Rpt.Cases.Intro", t["Discipline." + discipline], scopeName, request.Quarter.Label, k]));

        var triageDays = opened.Where(c => c.AnalysisAt is not null).Select(c => (c.AnalysisAt!.Value - c.OpenedAt).TotalDays).Order().ToList();
        var withAnalysis = opened.Where(c => c.AnalysisAt is not null).ToList();
        var onTime = withAnalysis.Count(c => clock.DayOf(c.AnalysisAt!.Value) <= c.TriageDueOn);
        // Counts below k, and figures computed from fewer than k cases, are not shown (SPEC §9).
        string Count(int n) => n > 0 && n < k ? $"< {k}" : n.ToString(culture);
        var enough = triageDays.Count >= k;
        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Rpt.Cases.Opened"], Count(opened.Count)),
            new KeyFigure(t["Rpt.Cases.Closed"], Count(closed.Count)),
            new KeyFigure(t["Rpt.Cases.MedianTriage"], !enough ? t["Rpt.TooFewCases"] : t["Rpt.Days", Percentile(triageDays, 0.5)!.Value.ToString("0.0", culture)]),
            new KeyFigure(t["Rpt.Cases.P90Triage"], !enough ? t["Rpt.TooFewCases"] : t["Rpt.Days", Percentile(triageDays, 0.9)!.Value.ToString("0.0", culture)]),
            new KeyFigure(t["Rpt.Cases.Compliance"], withAnalysis.Count < k ? t["Rpt.TooFewCases"] : (onTime / (double)withAnalysis.Count).ToString("P0", culture)),
        ]));

        // By rule and by category (cases opened this quarter; a case counts once per rule/category it carries).
        var byRule = RuleNames.ToDictionary(r => r, r => opened.Count(c => signals.Any(s => s.CaseId == c.Id && s.Rules().Contains(r))));
        var categories = IncidentCategories.All.Append("CheckUp").ToList();
        var byCategory = categories.ToDictionary(cat => cat, cat => opened.Count(c => signals.Any(s => s.CaseId == c.Id && (s.Category ?? "CheckUp") == cat)));
        var hidden = t["Rpt.Hidden"].Value;
        var categoryCells = SmallCounts.Display(byCategory, k, hidden, culture);
        // The chart shows only categories whose count may be shown; suppressed ones are in the table as "< k".
        var charted = categories.Where(c => int.TryParse(categoryCells[c], NumberStyles.None, culture, out _)).ToList();
        document.Add(new Heading(t["Rpt.Cases.ByRuleAndCategory"]));
        if (charted.Any(c => byCategory[c] > 0))
            document.Add(ReportCharts.Bars(t["Rpt.Cases.ByCategory"], charted.Select(c => t["Rpt.Category." + c].Value).ToList(),
            charted.Select(c => (double)byCategory[c]).ToList(), t["Review.Category"], t["Rpt.Axis.Cases"], t["Rpt.Cases.OpenedInQuarter", request.Quarter.Label]));
        var ruleCells = SmallCounts.Display(byRule, k, hidden, culture);
        document.Add(new Table([new TableColumn(t["Rpt.Rule"], 3), new TableColumn(t["Rpt.Cases.Opened"], 1, true)],
            RuleNames.Select(r => (IReadOnlyList<string>)[t["Rule." + r], ruleCells[r]]).ToList(), t["Rpt.SmallCountsNote", k]));
        document.Add(new Table([new TableColumn(t["Review.Category"], 3), new TableColumn(t["Rpt.Cases.Opened"], 1, true)],
            categories.Select(c => (IReadOnlyList<string>)[t["Rpt.Category." + c], categoryCells[c]]).ToList()));

        document.Add(new Heading(t["Rpt.Cases.Backlog"]));
        var end = request.Quarter.End.ToDateTime(new TimeOnly(23, 59));
        var buckets = new (string Key, Func<double, bool> Match)[]
        {
            ("0-7", d => d <= 7), ("8-30", d => d is > 7 and <= 30), ("31-90", d => d is > 30 and <= 90), ("90+", d => d > 90),
        };
        document.Add(new Table([new TableColumn(t["Rpt.Cases.Age"], 2), new TableColumn(t["Rpt.Cases.OpenAtEnd"], 1, true)],
            Backlog(buckets.ToDictionary(b => b.Key, b => openAtEnd.Count(c => b.Match((end - c.OpenedAt).TotalDays))), k, hidden, culture, t)));

        var repeated = cases.Where(c => c.TeamId is not null).GroupBy(c => c.TeamName ?? "").Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.CurrentCulture).ToList();
        document.Add(new Heading(t["Rpt.Cases.Repeated"]));
        if (repeated.Count == 0) document.Add(new Paragraph(t["Rpt.Cases.NoRepeated"]));
        // Listed without their counts: a count per team would be a small number (SPEC §9).
        else document.Add(new Table([new TableColumn(t["Org.Team"], 3)], repeated.Select(g => (IReadOnlyList<string>)[g.Key]).ToList(), t["Rpt.Cases.RepeatedNote"]));

        await AddAgreementsAsync(connection, document, request, discipline);
        if (request.Type == ReportTypes.Vik) await AddReportDeadlinesAsync(connection, document, request);
        return document;
    }

    private static readonly string[] RuleNames = ["incident", "tension", "low-satisfaction", "drop", "unacceptable-behaviour"];

    private async Task AddAgreementsAsync(System.Data.Common.DbConnection connection, ReportDocument document, ReportRequest request, string discipline)
    {
        var culture = CultureInfo.CurrentCulture;
        var unitFilter = request.ScopeId == ReportTypes.National ? "" : "AND d.unit_id = @ScopeId ";
        var party = discipline == Disciplines.Vik ? "VIK" : "HRM";
        var rows = (await connection.QueryAsync<string>(
            "SELECT a.status FROM agreements a JOIN teams t ON t.id = a.team_id JOIN districts d ON d.id = t.district_id " +
            $"WHERE a.supporting_party = @party AND a.due_date >= @from AND a.due_date <= @to {unitFilter}",
            new { party, from = request.Quarter.Start, to = request.Quarter.End, request.ScopeId })).ToList();
        document.Add(new Heading(t["Rpt.Cases.FollowThrough"]));
        document.Add(new Paragraph(rows.Count == 0 ? t["Rpt.Cases.NoAgreementsDue", party]
            : t["Rpt.Cases.FollowThroughText", rows.Count, party, rows.Count(s => s == "Done"), (rows.Count(s => s == "Done") / (double)rows.Count).ToString("P0", culture),
                rows.Count(s => s is "Open" or "InProgress")]));
    }

    private async Task AddReportDeadlinesAsync(System.Data.Common.DbConnection connection, ReportDocument document, ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        var unitFilter = request.ScopeId == ReportTypes.National ? "" : "AND unit_id = @ScopeId ";
        var reports = (await connection.QueryAsync<ReportRow>(
            "SELECT received_on AS ReceivedOn, acknowledged_at AS AcknowledgedAt, feedback_at AS FeedbackAt FROM anonymous_reports " +
            $"WHERE received_on >= @from AND received_on <= @to {unitFilter}", new { from = request.Quarter.Start, to = request.Quarter.End, request.ScopeId })).ToList();
        document.Add(new Heading(t["Rpt.Vik.Reports"]));
        if (reports.Count == 0)
        {
            document.Add(new Paragraph(t["Rpt.Vik.NoReports"]));
            return;
        }
        var acknowledgedInTime = reports.Count(r => r.AcknowledgedAt is { } at && clock.DayOf(at) <= TriageDeadlines.AcknowledgeBy(r.ReceivedOn));
        var answeredInTime = reports.Count(r => r.FeedbackAt is { } at && clock.DayOf(at) <= TriageDeadlines.FeedbackBy(r.ReceivedOn));
        var k = (await ThresholdSettings.ReadAsync(connection)).K;
        document.Add(new Table([new TableColumn(t["Rpt.Vik.Measure"], 3), new TableColumn(t["Rpt.Vik.Value"], 1, true)],
        [
            [t["Rpt.Vik.Received"], reports.Count < k ? $"< {k}" : reports.Count.ToString(culture)],
            [t["Rpt.Vik.AckInTime"], reports.Count < k ? t["Rpt.Hidden"] : (acknowledgedInTime / (double)reports.Count).ToString("P0", culture)],
            [t["Rpt.Vik.FeedbackInTime"], reports.Count < k ? t["Rpt.Hidden"] : (answeredInTime / (double)reports.Count).ToString("P0", culture)],
        ], t["Rpt.Vik.ReportsNote"]));
    }

    private static IReadOnlyList<IReadOnlyList<string>> Backlog(Dictionary<string, int> counts, int k, string hidden, CultureInfo culture, IStringLocalizer<SharedResource> t)
    {
        var cells = SmallCounts.Display(counts, k, hidden, culture);
        return counts.Keys.Select(key => (IReadOnlyList<string>)[t["Rpt.Days", key], cells[key]]).ToList();
    }

    private static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private sealed class CaseRow
    {
        public int Id { get; set; }
        public int? TeamId { get; set; }
        public string? TeamName { get; set; }
        public DateTime OpenedAt { get; set; }
        public DateTime? AnalysisAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
        public DateTime? ClosedAt { get; set; }
    }

    private sealed class SignalRow
    {
        public int CaseId { get; set; }
        public string Source { get; set; } = "";
        public string? Outcome { get; set; }
        public string? Category { get; set; }

        public IReadOnlyList<string> Rules()
        {
            if (Outcome is null) return [];
            using var doc = JsonDocument.Parse(Outcome);
            return doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString() ?? "").ToList();
        }
    }

    private sealed class ReportRow
    {
        public DateOnly ReceivedOn { get; set; }
        public DateTime? AcknowledgedAt { get; set; }
        public DateTime? FeedbackAt { get; set; }
    }
}
