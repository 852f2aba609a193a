using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The HRM and VIK reports (SPEC §7), per unit or national, for the discipline that handles the cases: cases opened and
/// closed by rule and category, five-quarter trends of cases and of the time to triage (in working days, as the triage
/// deadline is), deadline compliance with unanalysed overdue cases counted as misses, backlog ageing, teams with
/// repeated cases and agreement follow-through; the VIK report adds the anonymous-report deadlines. Which counts are
/// exact and which are protected is decided by <see cref="CaseCounts"/> (docs/reports.md): a national report is read by
/// advisors of every unit, so it aggregates by unit and names no team.
/// </summary>
public sealed class CaseReportBuilder(DbConnectionFactory connections, TeamReportBuilder documents, Clock clock, IStringLocalizer<SharedResource> t)
{
    private static readonly string[] RuleNames = ["incident", "tension", "low-satisfaction", "drop", "unacceptable-behaviour"];
    private static readonly IReadOnlyList<string> Categories = [.. IncidentCategories.All, "CheckUp"];

    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        var discipline = request.Type == ReportTypes.Vik ? Disciplines.Vik : Disciplines.Hrm;
        var national = request.ScopeId == ReportTypes.National;
        await using var connection = await connections.OpenAsync();
        string? scopeName = national ? t["Rpt.National"].Value
            : await connection.ExecuteScalarAsync<string?>("SELECT name FROM units WHERE id = @ScopeId", new { request.ScopeId });
        if (scopeName is null) return null;

        var k = (await ThresholdSettings.ReadAsync(connection)).K;
        var data = await CaseReportData.LoadAsync(connection, request, discipline, clock);
        var title = t[request.Type == ReportTypes.Vik ? "Rpt.Vik.Title" : "Rpt.Hrm.Title", scopeName];
        var document = documents.NewDocument(title, request, t["Rpt.Cases.Subject"]);
        var who = t["Discipline." + discipline].Value;
        document.Add(new Paragraph(national ? t["Report.Cases.IntroNational", who, request.Quarter.Label] : t["Report.Cases.IntroUnit", who, scopeName, request.Quarter.Label]));

        AddSummary(document, data, request);
        AddKeyFigures(document, data);
        AddTrends(document, data, request);
        AddRulesAndCategories(document, data, request);
        AddBacklog(document, data, request);
        AddRepeated(document, data, national);
        if (national) AddUnits(document, data);
        await AddAgreementsAsync(connection, document, request, discipline);
        if (request.Type == ReportTypes.Vik) await AddReportDeadlinesAsync(connection, document, request, national, k);
        await AddCommunicationsAsync(connection, document, request, discipline);
        return document;
    }

    private void AddKeyFigures(ReportDocument document, CaseReportData data)
    {
        var triage = data.Opened.Where(c => c.AnalysisAt is not null).Select(c => (double)data.WorkingDaysToTriage(c)).ToList();
        var compliance = data.TriageCompliance(data.Opened);
        string Days(double? value) => value is { } v ? t.Count("Report.WorkingDays", v, "0.#") : "—";
        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(new KeyFigures(
        [
            new KeyFigure(t["Rpt.Cases.Opened"], data.Opened.Count.ToString(CultureInfo.CurrentCulture)),
            new KeyFigure(t["Rpt.Cases.Closed"], data.Closed.Count.ToString(CultureInfo.CurrentCulture)),
            new KeyFigure(t["Rpt.Cases.OpenAtEnd"], data.OpenAtEnd.Count.ToString(CultureInfo.CurrentCulture)),
            new KeyFigure(t["Rpt.Cases.MedianTriage"], Days(CaseFigures.Percentile(triage, 0.5))),
            new KeyFigure(t["Rpt.Cases.P90Triage"], Days(CaseFigures.Percentile(triage, 0.9))),
            new KeyFigure(t["Rpt.Cases.Compliance"], compliance.Rate is { } rate ? ReportText.Percent(rate) : "—", ComplianceDetail(compliance)),
        ]));
        document.Add(new Paragraph(t["Report.Cases.ComplianceNote"], Muted: true));
    }

    /// <summary>Page 1 in words. A change in a count is beyond noise when larger than twice its Poisson spread (2·√(a + b)).</summary>
    private void AddSummary(ReportDocument document, CaseReportData data, ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        var compliance = data.TriageCompliance(data.Opened);
        var unanalysed = data.Opened.Count(c => c.AnalysisAt is null && c.TriageDueOn < clock.Today);
        var end = request.Quarter.End.ToDateTime(new TimeOnly(23, 59));
        var old = data.OpenAtEnd.Count(c => (end - c.OpenedAt).TotalDays > 90);
        var summary = new ReportSummary(t);
        summary.Good(compliance.Rate is { } rate ? t["Report.Summary.CasesGood", ReportText.Percent(rate), compliance.Due, t.Count("Report.Cases.N", data.Closed.Count)] : null);
        summary.Attention(compliance.Missed == 0 ? t["Report.Summary.CasesNoMisses"] : t["Report.Summary.CasesMisses", t.Count("Report.Deadlines", compliance.Missed), unanalysed]);
        var (before, now) = (data.OpenedIn(request.Quarter.Previous).Count, data.Opened.Count);
        summary.Changed(Math.Abs(now - before) > 2 * Math.Sqrt(now + before)
            ? t[now > before ? "Report.Summary.CasesRose" : "Report.Summary.CasesFell", before, now] : t["Report.Summary.CasesSteady", before, now]);
        summary.Overdue(old == 0 && unanalysed == 0 ? t["Report.Summary.NothingOverdue"] : t["Report.Summary.CasesOverdue", t.Count("Report.Cases.N", old), unanalysed]);
        summary.AddTo(document);
    }

    private string ComplianceDetail(DeadlineCompliance compliance) =>
        compliance.Pending == 0 ? t["Report.Cases.OnTimeOf", compliance.Met, compliance.Due]
            : t["Report.Cases.OnTimeOfPending", compliance.Met, compliance.Due, compliance.Pending];

    private void AddTrends(ReportDocument document, CaseReportData data, ReportRequest request)
    {
        var quarters = request.Quarter.Trailing(TeamReportBuilder.TrendQuarters);
        document.Add(new Heading(t["Rpt.Trends"]));
        document.Add(ReportCharts.GroupedBars(t["Report.Cases.TrendCases"], quarters.Select(q => q.Label).ToList(),
            quarters.Select(q => (double)data.OpenedIn(q).Count).ToList(), quarters.Select(q => (double)data.ClosedIn(q).Count).ToList(),
            t["Rpt.Cases.Opened"], t["Rpt.Cases.Closed"], t["Rpt.Quarter"], t["Rpt.Axis.Cases"]));
        var medians = quarters.Select(q => CaseFigures.Percentile(data.OpenedIn(q).Where(c => c.AnalysisAt is not null).Select(c => (double)data.WorkingDaysToTriage(c)), 0.5)).ToList();
        document.Add(ReportCharts.Trend(t["Report.Cases.TrendTriage"], quarters, medians, 0, Math.Max(5, Math.Ceiling(medians.Max() ?? 0) + 1),
            t["Rpt.Quarter"], t["Report.Axis.WorkingDays"], t["Rpt.Cases.MedianTriage"], t["Report.Cases.NoCasesShort"]));
    }

    private void AddRulesAndCategories(ReportDocument document, CaseReportData data, ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        int Count(IEnumerable<CaseReportData.CaseRow> rows, Func<CaseReportData.SignalRow, bool> match) => rows.Count(c => data.SignalsOf(c.Id).Any(match));
        var openedByCategory = Categories.ToDictionary(cat => cat, cat => Count(data.Opened, s => (s.Category ?? "CheckUp") == cat));
        var closedByCategory = Categories.ToDictionary(cat => cat, cat => Count(data.Closed, s => (s.Category ?? "CheckUp") == cat));
        document.Add(new Heading(t["Rpt.Cases.ByRuleAndCategory"]));
        if (openedByCategory.Values.Concat(closedByCategory.Values).Any(n => n > 0))
            document.Add(ReportCharts.GroupedBars(t["Report.Cases.ByCategoryChart", request.Quarter.Label], Categories.Select(c => t["Rpt.Category." + c].Value).ToList(),
                Categories.Select(c => (double)openedByCategory[c]).ToList(), Categories.Select(c => (double)closedByCategory[c]).ToList(),
                t["Rpt.Cases.Opened"], t["Rpt.Cases.Closed"], t["Review.Category"], t["Rpt.Axis.Cases"]));
        var columns = new Func<string, TableColumn[]>(first => [new TableColumn(first, 3), new TableColumn(t["Rpt.Cases.Opened"], 1, true), new TableColumn(t["Rpt.Cases.Closed"], 1, true)]);
        document.Add(new Table(columns(t["Rpt.Rule"]), RuleNames.Select(r => (IReadOnlyList<string>)
            [t["Rule." + r], Count(data.Opened, s => s.Rules().Contains(r)).ToString(culture), Count(data.Closed, s => s.Rules().Contains(r)).ToString(culture)]).ToList()));
        document.Add(new Table(columns(t["Review.Category"]), Categories.Select(c => (IReadOnlyList<string>)
            [t["Rpt.Category." + c], openedByCategory[c].ToString(culture), closedByCategory[c].ToString(culture)]).ToList(), t["Report.Cases.CountedOnce"]));
    }

    private void AddBacklog(ReportDocument document, CaseReportData data, ReportRequest request)
    {
        var end = request.Quarter.End.ToDateTime(new TimeOnly(23, 59));
        var buckets = new (string Label, Func<double, bool> Match)[]
        {
            (t["Report.Days.Range", 0, 7], d => d <= 7), (t["Report.Days.Range", 8, 30], d => d is > 7 and <= 30),
            (t["Report.Days.Range", 31, 90], d => d is > 30 and <= 90), (t["Report.Days.Over", 90], d => d > 90),
        };
        document.Add(new Heading(t["Rpt.Cases.Backlog"]));
        document.Add(new Table([new TableColumn(t["Rpt.Cases.Age"], 2), new TableColumn(t["Rpt.Cases.OpenAtEnd"], 1, true)],
            buckets.Select(b => (IReadOnlyList<string>)[b.Label, data.OpenAtEnd.Count(c => b.Match((end - c.OpenedAt).TotalDays)).ToString(CultureInfo.CurrentCulture)]).ToList()));
    }

    /// <summary>Teams with two or more cases in the last four quarters: named with their count in a unit report; in a national
    /// report only counted per unit (<see cref="CaseCounts.MayNameTeams"/>).</summary>
    private void AddRepeated(ReportDocument document, CaseReportData data, bool national)
    {
        var repeated = data.LastFourQuarters.Where(c => c.TeamId is not null && c.TeamInUnit).GroupBy(c => (c.TeamId, c.TeamName, c.UnitName))
            .Where(g => g.Count() >= 2).ToList();
        document.Add(new Heading(t["Rpt.Cases.Repeated"]));
        if (repeated.Count == 0)
        {
            document.Add(new Paragraph(t["Rpt.Cases.NoRepeated"]));
            return;
        }
        if (CaseCounts.MayNameTeams(!national))
            document.Add(new Table([new TableColumn(t["Org.Team"], 3), new TableColumn(t["Report.Cases.Count"], 1, true)],
                repeated.OrderByDescending(g => g.Count()).ThenBy(g => g.Key.TeamName, StringComparer.CurrentCulture)
                    .Select(g => (IReadOnlyList<string>)[g.Key.TeamName ?? "", g.Count().ToString(CultureInfo.CurrentCulture)]).ToList(), t["Report.Cases.RepeatedNote"]));
        else
            document.Add(new Table([new TableColumn(t["Org.Unit"], 3), new TableColumn(t["Report.Cases.RepeatedTeams"], 1.4f, true)],
                repeated.GroupBy(g => g.Key.UnitName).OrderBy(g => g.Key, StringComparer.CurrentCulture)
                    .Select(g => (IReadOnlyList<string>)[g.Key, g.Count().ToString(CultureInfo.CurrentCulture)]).ToList(), t["Report.Cases.RepeatedNationalNote"]));
    }

    /// <summary>The national report's figures per unit: counts of cases per unit are organisation figures, shown exactly.</summary>
    private void AddUnits(ReportDocument document, CaseReportData data)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Report.Cases.ByUnit"]));
        document.Add(new Table(
            [new TableColumn(t["Org.Unit"], 2.6f), new TableColumn(t["Rpt.Cases.Opened"], 1, true), new TableColumn(t["Rpt.Cases.Closed"], 1, true),
             new TableColumn(t["Rpt.Cases.OpenAtEnd"], 1.4f, true), new TableColumn(t["Rpt.Cases.Compliance"], 1.3f, true)],
            data.Units.Select(u =>
            {
                var compliance = data.TriageCompliance(data.Opened.Where(c => c.UnitId == u.Id));
                return (IReadOnlyList<string>)
                [
                    u.Name, data.Opened.Count(c => c.UnitId == u.Id).ToString(culture), data.Closed.Count(c => c.UnitId == u.Id).ToString(culture),
                    data.OpenAtEnd.Count(c => c.UnitId == u.Id).ToString(culture), compliance.Rate is { } rate ? ReportText.Percent(rate) : "—",
                ];
            }).ToList()));
    }

    private async Task AddAgreementsAsync(DbConnection connection, ReportDocument document, ReportRequest request, string discipline)
    {
        var unitFilter = request.ScopeId == ReportTypes.National ? "" : "AND d.unit_id = @ScopeId ";
        var party = discipline == Disciplines.Vik ? "VIK" : "HRM";
        var rows = (await connection.QueryAsync<string>(
            "SELECT a.status FROM agreements a JOIN teams t ON t.id = a.team_id JOIN districts d ON d.id = t.district_id " +
            $"WHERE a.supporting_party = @party AND a.due_date >= @from AND a.due_date <= @to {unitFilter}",
            new { party, from = request.Quarter.Start, to = request.Quarter.End, request.ScopeId })).ToList();
        document.Add(new Heading(t["Rpt.Cases.FollowThrough"]));
        if (rows.Count == 0)
        {
            document.Add(new Paragraph(t["Rpt.Cases.NoAgreementsDue", party]));
            return;
        }
        var done = rows.Count(s => s == "Done");
        var running = rows.Count(s => s is "Open" or "InProgress");
        var culture = CultureInfo.CurrentCulture;
        var total = t.Count("Report.Agreements", rows.Count);
        var share = ReportText.Percent(done / (double)rows.Count);
        document.Add(new Paragraph(t["Report.Cases.FollowThrough", party, request.Quarter.Label, total, done.ToString(culture), share, running.ToString(culture)]));
    }

    /// <summary>The communications step (issue 13 item 5): the discipline's cases open at some time in the quarter, by their
    /// communications decision — a plan for internal, external or both, none, or not decided yet. Counts of cases, exact.</summary>
    private async Task AddCommunicationsAsync(DbConnection connection, ReportDocument document, ReportRequest request, string discipline)
    {
        var unitFilter = request.ScopeId == ReportTypes.National ? "" : "AND c.unit_id = @ScopeId ";
        var quarter = request.Quarter.Start.ToDateTime(TimeOnly.MinValue);
        var next = request.Quarter.Next.Start.ToDateTime(TimeOnly.MinValue);
        var decisions = (await connection.QueryAsync<string?>(
            "SELECT cc.decision FROM cases c LEFT JOIN case_communications cc ON cc.case_id = c.id " +
            $"WHERE c.lead_discipline = @discipline {unitFilter}AND c.opened_at < @next AND (c.closed_at IS NULL OR c.closed_at >= @quarter)",
            new { discipline, request.ScopeId, quarter, next })).ToList();
        document.Add(new Heading(t["Report.Cases.Communication"]));
        if (decisions.Count == 0)
        {
            document.Add(new Paragraph(t["Report.Cases.CommunicationNone"]));
            return;
        }
        var culture = CultureInfo.CurrentCulture;
        var plans = decisions.Count(CommunicationDecisions.NeedsPlan);
        document.Add(new Paragraph(t["Report.Cases.CommunicationSummary", t.Count("Report.Cases.N", decisions.Count), plans.ToString(culture)]));
        var rows = new[] { CommunicationDecisions.Internal, CommunicationDecisions.External, CommunicationDecisions.Both, CommunicationDecisions.None }
            .Select(d => (IReadOnlyList<string>)[t["Case.Communication.Decision." + d].Value, decisions.Count(x => x == d).ToString(culture)])
            .Append([t["Report.Cases.CommunicationUndecided"].Value, decisions.Count(x => x is null).ToString(culture)]).ToList();
        document.Add(new Table([new TableColumn(t["Report.Cases.CommunicationDecision"], 3), new TableColumn(t["Report.Cases.Count"], 1, true)], rows,
            t["Report.Cases.CommunicationNote", request.Quarter.Label]));
    }

    private async Task AddReportDeadlinesAsync(DbConnection connection, ReportDocument document, ReportRequest request, bool national, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var reports = (await connection.QueryAsync<ReportRow>(
            "SELECT r.unit_id AS UnitId, u.name AS UnitName, r.received_on AS ReceivedOn, r.acknowledged_at AS AcknowledgedAt, r.feedback_at AS FeedbackAt " +
            "FROM anonymous_reports r JOIN units u ON u.id = r.unit_id " +
            $"WHERE r.received_on >= @from AND r.received_on <= @to {(national ? "" : "AND r.unit_id = @ScopeId ")}",
            new { from = request.Quarter.Start, to = request.Quarter.End, request.ScopeId })).ToList();
        document.Add(new Heading(t["Rpt.Vik.Reports"]));
        if (reports.Count == 0)
        {
            document.Add(new Paragraph(t["Rpt.Vik.NoReports"]));
            return;
        }
        var today = clock.Today;
        var acknowledged = DeadlineCompliance.Of(reports, r => r.AcknowledgedAt is { } at ? clock.DayOf(at) : null, r => TriageDeadlines.AcknowledgeBy(r.ReceivedOn), today);
        var answered = DeadlineCompliance.Of(reports, r => r.FeedbackAt is { } at ? clock.DayOf(at) : null, r => TriageDeadlines.FeedbackBy(r.ReceivedOn), today);
        string Rate(DeadlineCompliance c) => c.Rate is { } rate ? $"{ReportText.Percent(rate)} ({ComplianceDetail(c)})" : ComplianceDetail(c);
        document.Add(new Table([new TableColumn(t["Rpt.Vik.Measure"], 2.2f), new TableColumn(t["Rpt.Vik.Value"], 2, true)],
        [
            [t["Rpt.Vik.Received"], reports.Count.ToString(culture)],
            [t["Rpt.Vik.AckInTime"], Rate(acknowledged)],
            [t["Rpt.Vik.FeedbackInTime"], Rate(answered)],
        ], t["Rpt.Vik.ReportsNote"]));
        if (!national) return;
        // Read by VIK advisors of every unit: a unit's count of anonymous reports is protected (CaseCounts).
        var perUnit = reports.GroupBy(r => r.UnitName).ToDictionary(g => g.Key, g => g.Count());
        var cells = CaseCounts.Display(perUnit, CaseCountReader.OtherUnitsAnonymousReports, k, t["Rpt.Hidden"], culture);
        document.Add(new Table([new TableColumn(t["Org.Unit"], 3), new TableColumn(t["Rpt.Vik.Received"], 1, true)],
            perUnit.Keys.Order(StringComparer.CurrentCulture).Select(u => (IReadOnlyList<string>)[u, cells[u]]).ToList(), t["Rpt.SmallCountsNote", k]));
    }

    private sealed class ReportRow
    {
        public int UnitId { get; set; }
        public string UnitName { get; set; } = "";
        public DateOnly ReceivedOn { get; set; }
        public DateTime? AcknowledgedAt { get; set; }
        public DateTime? FeedbackAt { get; set; }
    }
}
