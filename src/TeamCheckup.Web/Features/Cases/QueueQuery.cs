using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Cases;

public sealed class QueueRow : CaseHeader
{
    public int SignalCount { get; set; }
    public bool IsMine { get; set; }
    public bool IsUnread { get; set; }
    public DateOnly? OldestReportReceivedOn { get; set; }
    public bool ReportUnacknowledged { get; set; }
    public bool ReportUnanswered { get; set; }
}

public sealed class Queue
{
    public required string Discipline { get; init; }
    public required IReadOnlyList<QueueRow> Cases { get; init; }
    public required IReadOnlyList<(int Id, string Name)> Units { get; init; }
    public QueueFilter Filter { get; init; } = new();
    /// <summary>All cases matching the filter (the page shows at most <see cref="QueueFilter.PageSize"/>).</summary>
    public int Total { get; init; }
    /// <summary>The teams of the open cases the user sees, for the team filter.</summary>
    public IReadOnlyList<(int Id, string Name)> Teams { get; init; } = [];
    public int PageCount => Math.Max(1, (Total + QueueFilter.PageSize - 1) / QueueFilter.PageSize);
}

/// <summary>An advisor's open-case counts for the home page: each links to the queue filtered that way.</summary>
public sealed class QueueCounts
{
    /// <summary>Open cases ("Open" itself is a reserved word in T-SQL, so not the column alias).</summary>
    public int OpenCases { get; set; }
    public int DueSoon { get; set; }
    public int Breached { get; set; }
    public int Unread { get; set; }
}

/// <summary>
/// Which open cases an advisor sees: their discipline's cases in the units they hold, plus every open case they sit
/// on. The one definition for the queue and the home counts, so that a count always matches its filtered queue.
/// </summary>
public static class QueueScope
{
    /// <summary>Open cases of the discipline in the user's units, and open cases the user sits on. Written as a union of
    /// two index seeks rather than an OR over every open case (a correlated lookup per case): 5× faster on the home page's
    /// counts at 3,000 teams (docs/PERFORMANCE.md).</summary>
    public const string Visible =
        "c.id IN (SELECT v.id FROM cases v WHERE v.unit_id IN @unitIds AND v.lead_discipline = @discipline AND v.closed_at IS NULL " +
        "UNION SELECT m.case_id FROM case_members m WHERE m.user_id = @userId AND m.removed_at IS NULL " +
        "AND m.case_id IN (SELECT o.id FROM cases o WHERE o.closed_at IS NULL))";
    public const string Unread = "EXISTS (SELECT 1 FROM case_unread r WHERE r.case_id = c.id AND r.user_id = @userId)";
    public const string Breached = "(c.analysis_at IS NULL AND c.triage_due_on < @today)";
    public const string DueSoon = "(c.analysis_at IS NULL AND c.triage_due_on >= @today AND c.triage_due_on <= @soon)";

    /// <summary>The queue of the user's own discipline (VIK before HRM before Communications if several).</summary>
    public static string DisciplineOf(CurrentUser user) => user.IsInRole(Roles.VikAdvisor) ? Disciplines.Vik
        : user.IsInRole(Roles.HrmAdvisor) ? Disciplines.Hrm : Disciplines.Communications;

    public static async Task<DynamicParameters> ParametersAsync(DbConnection connection, CurrentUser user, Clock clock, string discipline)
    {
        var scope = await user.ScopeAsync();
        var districtUnits = scope.DistrictIds.Count == 0 ? []
            : await connection.QueryAsync<int>("SELECT DISTINCT unit_id FROM districts WHERE id IN @ids", new { ids = scope.DistrictIds.ToArray() });
        var today = clock.Today;
        return new DynamicParameters(new
        {
            userId = user.Id, discipline, unitIds = scope.UnitIds.Concat(districtUnits).Distinct().ToArray(),
            today, soon = WorkingDays.Add(today, QueueFilter.Deadlines.DueSoonWorkingDays),
        });
    }

    public static async Task<QueueCounts> CountsAsync(DbConnection connection, CurrentUser user, Clock clock)
    {
        var parameters = await ParametersAsync(connection, user, clock, DisciplineOf(user));
        return await connection.QuerySingleAsync<QueueCounts>(
            $"SELECT COUNT(*) AS OpenCases, COALESCE(SUM(CASE WHEN {DueSoon} THEN 1 ELSE 0 END), 0) AS DueSoon, " +
            $"COALESCE(SUM(CASE WHEN {Breached} THEN 1 ELSE 0 END), 0) AS Breached, COALESCE(SUM(CASE WHEN {Unread} THEN 1 ELSE 0 END), 0) AS Unread " +
            $"FROM cases c WHERE {Visible}", parameters);
    }
}

/// <summary>An advisor's queue, filtered, searched, sorted (high priority first, then the nearest triage deadline;
/// or by deadline alone) and paged.</summary>
public sealed class QueueQuery(DbConnectionFactory connections, CurrentUser user, Clock clock)
{
    public async Task<Queue> RunAsync(string discipline, QueueFilter filter)
    {
        await using var connection = await connections.OpenAsync();
        var parameters = await QueueScope.ParametersAsync(connection, user, clock, discipline);
        var where = Where(filter, parameters);
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {CaseHeader.From} WHERE {where}", parameters);
        var order = filter.SortsByDeadline ? "c.triage_due_on, c.id" : "CASE WHEN c.priority = 'High' THEN 0 ELSE 1 END, c.triage_due_on, c.id";
        var rows = (await connection.QueryAsync<QueueRow>(
            $"SELECT {CaseHeader.Columns}, (SELECT COUNT(*) FROM signals s WHERE s.case_id = c.id) AS SignalCount, " +
            "CASE WHEN EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = @userId AND m.removed_at IS NULL) THEN 1 ELSE 0 END AS IsMine, " +
            $"CASE WHEN {QueueScope.Unread} THEN 1 ELSE 0 END AS IsUnread, " +
            "(SELECT MIN(r.received_on) FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id) AS OldestReportReceivedOn, " +
            "CASE WHEN EXISTS (SELECT 1 FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id AND r.acknowledged_at IS NULL) THEN 1 ELSE 0 END AS ReportUnacknowledged, " +
            "CASE WHEN EXISTS (SELECT 1 FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id AND r.feedback_at IS NULL) THEN 1 ELSE 0 END AS ReportUnanswered " +
            $"{CaseHeader.From} WHERE {where} ORDER BY {order} {connections.Dialect.Page((filter.PageNumber - 1) * QueueFilter.PageSize, QueueFilter.PageSize)}",
            parameters)).ToList();
        var units = (await connection.QueryAsync<Organisation.Choice>("SELECT id AS Id, name AS Name FROM units WHERE id IN @unitIds ORDER BY name", parameters))
            .Select(u => (u.Id, u.Name)).ToList();
        var teams = (await connection.QueryAsync<Organisation.Choice>(
            $"SELECT DISTINCT t.id AS Id, t.name AS Name FROM cases c JOIN teams t ON t.id = c.team_id WHERE {QueueScope.Visible} ORDER BY t.name", parameters))
            .Select(t => (t.Id, t.Name)).ToList();
        return new Queue { Discipline = discipline, Cases = rows, Units = units, Filter = filter, Total = total, Teams = teams };
    }

    private static string Where(QueueFilter filter, DynamicParameters parameters)
    {
        var clauses = new List<string> { QueueScope.Visible };
        if (filter.Status is { } status) { clauses.Add("c.status = @status"); parameters.Add("status", status); }
        if (filter.Priority is { } priority) { clauses.Add("c.priority = @priority"); parameters.Add("priority", priority); }
        if (filter.Deadline == QueueFilter.Deadlines.Breached) clauses.Add(QueueScope.Breached);
        if (filter.Deadline == QueueFilter.Deadlines.DueSoon) clauses.Add(QueueScope.DueSoon);
        if (filter.Unread == true) clauses.Add(QueueScope.Unread);
        if (filter.Team is { } team) { clauses.Add("c.team_id = @team"); parameters.Add("team", team); }
        if (filter.Search?.Trim() is { Length: > 0 } search)
        {
            var like = "%" + search.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            parameters.Add("like", like);
            parameters.Add("caseNumber", filter.CaseNumber ?? 0);
            clauses.Add("(c.id = @caseNumber OR t.name LIKE @like ESCAPE '\\' OR u.name LIKE @like ESCAPE '\\')");
        }
        return string.Join(" AND ", clauses);
    }
}
