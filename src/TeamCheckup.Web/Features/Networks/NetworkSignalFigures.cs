using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Web.Features.Networks;

/// <summary>
/// The quarterly figures of the networks' signals (issue 17 item 1), for the chief report's section and the national
/// report: the signals filed in the quarter, counted by theme, kind, network and unit; acknowledgement and answer on
/// time; and the median working days to acknowledge and to answer. Everything is read as it stood at the quarter's end
/// (a step taken after it counts as not done), so the same quarter gives the same figures on any later day.
/// Counts are exact: a signal is about a theme and a unit, never a person, and comes from a network, not from a
/// reporter (docs/networks.md, "Small counts"). No title or text ever enters a figure.
/// </summary>
public sealed class NetworkSignalFigures
{
    public required Quarter Quarter { get; init; }
    public required IReadOnlyList<Row> Signals { get; init; }

    public int Count => Signals.Count;
    public int CountOf(Func<Row, bool> which) => Signals.Count(which);

    public DeadlineCompliance Acknowledged(IEnumerable<Row>? rows = null) =>
        DeadlineCompliance.Of(rows ?? Signals, r => Done(r.AcknowledgedOn), r => r.AcknowledgeBy, Quarter.End.AddDays(1));

    public DeadlineCompliance Answered(IEnumerable<Row>? rows = null) =>
        DeadlineCompliance.Of(rows ?? Signals, r => Done(r.AnsweredOn), r => r.AnswerBy, Quarter.End.AddDays(1));

    /// <summary>Median working days from filing to the answer, over the signals answered by the quarter's end.</summary>
    public double? MedianDaysToAnswer(IEnumerable<Row>? rows = null) =>
        CaseFigures.Percentile((rows ?? Signals).Where(r => Done(r.AnsweredOn) is not null).Select(r => (double)WorkingDays.Between(r.FiledOn, r.AnsweredOn!.Value)), 0.5);

    public double? MedianDaysToAcknowledge(IEnumerable<Row>? rows = null) =>
        CaseFigures.Percentile((rows ?? Signals).Where(r => Done(r.AcknowledgedOn) is not null).Select(r => (double)WorkingDays.Between(r.FiledOn, r.AcknowledgedOn!.Value)), 0.5);

    /// <summary>Answered by the quarter's end.</summary>
    public bool IsAnswered(Row row) => Done(row.AnsweredOn) is not null;

    private DateOnly? Done(DateOnly? day) => day is { } d && d <= Quarter.End ? d : null;

    /// <summary>The signals filed in the quarter: about one unit (<paramref name="unitId"/>), or all of them (null).</summary>
    public static async Task<NetworkSignalFigures> LoadAsync(DbConnection connection, Quarter quarter, int? unitId)
    {
        var rows = await connection.QueryAsync<Row>(
            "SELECT s.id AS Id, s.network_id AS NetworkId, n.name AS NetworkName, n.kind AS NetworkKind, s.kind AS Kind, s.theme AS Theme, s.unit_id AS UnitId, " +
            "u.name AS UnitName, s.filed_on AS FiledOn, s.acknowledge_by AS AcknowledgeBy, s.answer_by AS AnswerBy, s.acknowledged_on AS AcknowledgedOn, s.answered_on AS AnsweredOn " +
            "FROM network_signals s JOIN networks n ON n.id = s.network_id LEFT JOIN units u ON u.id = s.unit_id " +
            "WHERE s.filed_on >= @from AND s.filed_on <= @to" + (unitId is null ? "" : " AND s.unit_id = @unitId") + " ORDER BY s.id",
            new { from = quarter.Start, to = quarter.End, unitId });
        return new NetworkSignalFigures { Quarter = quarter, Signals = rows.ToList() };
    }

    /// <summary>How many signals about the whole organisation were filed in the quarter (context for a unit's section).</summary>
    public static Task<int> OrganisationWideCountAsync(DbConnection connection, Quarter quarter) =>
        connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM network_signals WHERE unit_id IS NULL AND filed_on >= @from AND filed_on <= @to",
            new { from = quarter.Start, to = quarter.End });

    public sealed class Row
    {
        public int Id { get; set; }
        public int NetworkId { get; set; }
        public string NetworkName { get; set; } = "";
        public string NetworkKind { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Theme { get; set; } = "";
        public int? UnitId { get; set; }
        public string? UnitName { get; set; }
        public DateOnly FiledOn { get; set; }
        public DateOnly AcknowledgeBy { get; set; }
        public DateOnly AnswerBy { get; set; }
        public DateOnly? AcknowledgedOn { get; set; }
        public DateOnly? AnsweredOn { get; set; }
    }
}
