using System.Data.Common;
using System.Text.Json;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>The cases of one discipline in a unit (or nationally) over the five trend quarters, with their signals, read
/// once for a case report.</summary>
public sealed class CaseReportData
{
    private readonly Clock clock;
    private readonly ILookup<int, SignalRow> signals;

    private CaseReportData(Clock clock, Quarter quarter, List<CaseRow> cases, List<SignalRow> signals, List<UnitRow> units)
    {
        this.clock = clock;
        Cases = cases;
        this.signals = signals.ToLookup(s => s.CaseId);
        Units = units;
        var next = Start(quarter.Next);
        var yearAgo = Start(quarter.Previous.Previous.Previous);
        Opened = OpenedIn(quarter);
        Closed = ClosedIn(quarter);
        OpenAtEnd = cases.Where(c => c.OpenedAt < next && (c.ClosedAt is null || c.ClosedAt >= next)).ToList();
        LastFourQuarters = cases.Where(c => c.OpenedAt < next && (c.ClosedAt is null || c.ClosedAt >= yearAgo)).ToList();
    }

    public IReadOnlyList<CaseRow> Cases { get; }
    public IReadOnlyList<UnitRow> Units { get; }
    public IReadOnlyList<CaseRow> Opened { get; }
    public IReadOnlyList<CaseRow> Closed { get; }
    public IReadOnlyList<CaseRow> OpenAtEnd { get; }
    /// <summary>Cases open at some time in the last four quarters (for "repeated cases").</summary>
    public IReadOnlyList<CaseRow> LastFourQuarters { get; }

    private static DateTime Start(Quarter q) => q.Start.ToDateTime(TimeOnly.MinValue);

    public IReadOnlyList<CaseRow> OpenedIn(Quarter q) => Cases.Where(c => c.OpenedAt >= Start(q) && c.OpenedAt < Start(q.Next)).ToList();
    public IReadOnlyList<CaseRow> ClosedIn(Quarter q) => Cases.Where(c => c.ClosedAt >= Start(q) && c.ClosedAt < Start(q.Next)).ToList();

    public IEnumerable<SignalRow> SignalsOf(int caseId) => signals[caseId];

    /// <summary>Working days from the day a case was opened to the day of its analysis (the triage deadline is in working days).</summary>
    public int WorkingDaysToTriage(CaseRow c) => WorkingDays.Between(clock.DayOf(c.OpenedAt), clock.DayOf(c.AnalysisAt!.Value));

    /// <summary>Triage deadlines of these cases: an analysis after the deadline, and no analysis with the deadline passed, are misses.</summary>
    public DeadlineCompliance TriageCompliance(IEnumerable<CaseRow> cases) =>
        DeadlineCompliance.Of(cases, c => c.AnalysisAt is { } at ? clock.DayOf(at) : null, c => c.TriageDueOn, clock.Today);

    public static async Task<CaseReportData> LoadAsync(DbConnection connection, ReportRequest request, string discipline, Clock clock)
    {
        var national = request.ScopeId == ReportTypes.National;
        var unitFilter = national ? "" : "AND c.unit_id = @ScopeId ";
        var from = Start(request.Quarter.Trailing(TeamReportBuilder.TrendQuarters)[0]);
        var next = Start(request.Quarter.Next);
        var args = new { discipline, request.ScopeId, from, next };
        // A team is named (in a unit report) only when it belongs to the case's unit.
        var cases = (await connection.QueryAsync<CaseRow>(
            "SELECT c.id AS Id, c.unit_id AS UnitId, u.name AS UnitName, c.team_id AS TeamId, t.name AS TeamName, " +
            "CASE WHEN d.unit_id = c.unit_id THEN 1 ELSE 0 END AS TeamInUnit, c.opened_at AS OpenedAt, c.analysis_at AS AnalysisAt, " +
            "c.triage_due_on AS TriageDueOn, c.closed_at AS ClosedAt FROM cases c JOIN units u ON u.id = c.unit_id " +
            "LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN districts d ON d.id = t.district_id " +
            $"WHERE c.lead_discipline = @discipline {unitFilter}AND c.opened_at < @next AND (c.closed_at IS NULL OR c.closed_at >= @from)", args)).ToList();
        // The signals of the cases opened or closed in the quarter (a join, not a list of ids: a national report has hundreds).
        var signals = (await connection.QueryAsync<SignalRow>(
            "SELECT s.case_id AS CaseId, s.outcome AS Outcome, COALESCE(i.category, r.category) AS Category " +
            "FROM signals s JOIN cases c ON c.id = s.case_id LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports r ON r.id = s.report_id " +
            $"WHERE c.lead_discipline = @discipline {unitFilter}AND ((c.opened_at >= @quarter AND c.opened_at < @next) OR (c.closed_at >= @quarter AND c.closed_at < @next))",
            new { discipline, request.ScopeId, quarter = Start(request.Quarter), next })).ToList();
        var units = national
            ? (await connection.QueryAsync<UnitRow>("SELECT id AS Id, name AS Name FROM units WHERE is_active = 1 ORDER BY name")).ToList()
            : [];
        return new CaseReportData(clock, request.Quarter, cases, signals, units);
    }

    public sealed class CaseRow
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
        public string UnitName { get; set; } = "";
        public int? TeamId { get; set; }
        public string? TeamName { get; set; }
        public bool TeamInUnit { get; set; }
        public DateTime OpenedAt { get; set; }
        public DateTime? AnalysisAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
        public DateTime? ClosedAt { get; set; }
    }

    public sealed class SignalRow
    {
        private IReadOnlyList<string>? rules;
        public int CaseId { get; set; }
        public string? Outcome { get; set; }
        public string? Category { get; set; }

        public IReadOnlyList<string> Rules()
        {
            if (rules is not null) return rules;
            if (Outcome is null) return rules = [];
            using var doc = JsonDocument.Parse(Outcome);
            return rules = doc.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString() ?? "").ToList();
        }
    }

    public sealed class UnitRow
    {
        public int Id { get; set; }
        public string Name { get; set; } = "";
    }
}
