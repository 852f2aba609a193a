using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Queue;

public sealed class QueueRow : CaseHeader
{
    public int SignalCount { get; set; }
    public bool IsMine { get; set; }
    public DateOnly? OldestReportReceivedOn { get; set; }
    public bool ReportUnacknowledged { get; set; }
    public bool ReportUnanswered { get; set; }
}

public sealed class Queue
{
    public required string Discipline { get; init; }
    public required IReadOnlyList<QueueRow> Cases { get; init; }
    public required IReadOnlyList<(int Id, string Name)> Units { get; init; }
}

/// <summary>
/// An advisor's queue: open cases of their discipline in the units they hold, plus every open case they
/// sit on; high priority first, then the nearest triage deadline.
/// </summary>
public sealed class QueueQuery(DbConnectionFactory connections, CurrentUser user)
{
    public async Task<Queue> RunAsync(string discipline)
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var districtUnits = await connection.QueryAsync<int>("SELECT DISTINCT unit_id FROM districts WHERE id IN @ids", new { ids = scope.DistrictIds.ToArray() });
        var unitIds = scope.UnitIds.Concat(districtUnits).Distinct().ToArray();
        var rows = (await connection.QueryAsync<QueueRow>(
            $"SELECT {CaseHeader.Columns}, (SELECT COUNT(*) FROM signals s WHERE s.case_id = c.id) AS SignalCount, " +
            "CASE WHEN EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = @userId AND m.removed_at IS NULL) THEN 1 ELSE 0 END AS IsMine, " +
            "(SELECT MIN(r.received_on) FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id) AS OldestReportReceivedOn, " +
            "CASE WHEN EXISTS (SELECT 1 FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id AND r.acknowledged_at IS NULL) THEN 1 ELSE 0 END AS ReportUnacknowledged, " +
            "CASE WHEN EXISTS (SELECT 1 FROM anonymous_reports r JOIN signals s ON s.report_id = r.id WHERE s.case_id = c.id AND r.feedback_at IS NULL) THEN 1 ELSE 0 END AS ReportUnanswered " +
            $"{CaseHeader.From} WHERE c.closed_at IS NULL AND ((c.lead_discipline = @discipline AND c.unit_id IN @unitIds) " +
            "OR EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id AND m.user_id = @userId AND m.removed_at IS NULL)) " +
            "ORDER BY CASE WHEN c.priority = 'High' THEN 0 ELSE 1 END, c.triage_due_on, c.id",
            new { userId = user.Id, discipline, unitIds })).ToList();
        var units = (await connection.QueryAsync<Organisation.Choice>("SELECT id AS Id, name AS Name FROM units WHERE id IN @unitIds ORDER BY name", new { unitIds }))
            .Select(u => (u.Id, u.Name)).ToList();
        return new Queue { Discipline = discipline, Cases = rows, Units = units };
    }
}
