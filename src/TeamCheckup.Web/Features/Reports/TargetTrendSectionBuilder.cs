using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// Targets that follow the local context (issue 17, item 4), in the team and chief reports: realisation per quarter from the
/// kept history (<see cref="DiversityHistory"/>), the inflow against target over the last four quarters and the fall-back
/// warning (<see cref="FallBack"/>), for team members and for leaders, by origin and by gender. Every count passes
/// SmallCounts through <see cref="TrendTables"/>; a series without any recorded composition is left out.
/// </summary>
public sealed class TargetTrendSectionBuilder(IStringLocalizer<SharedResource> t)
{
    public async Task AddForTeamAsync(DbConnection connection, ReportDocument document, int teamId, Quarter quarter, int k) =>
        Add(document, await DiversityHistory.ForTeamAsync(connection, teamId, quarter.Trailing(TeamReportBuilder.TrendQuarters)), k, unit: false);

    public async Task AddForUnitAsync(DbConnection connection, ReportDocument document, int unitId, Quarter quarter, int k) =>
        Add(document, await DiversityHistory.ForUnitAsync(connection, unitId, quarter.Trailing(TeamReportBuilder.TrendQuarters)), k, unit: true);

    private void Add(ReportDocument document, IReadOnlyList<TrendSeries> series, int k, bool unit)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Targets.Realisation"], 2));
        var shown = series.Where(s => s.HasFigures).ToList();
        if (shown.Count == 0)
        {
            document.Add(new Paragraph(t["Targets.NoTrend"]));
            return;
        }
        document.Add(new Paragraph(t[unit ? "Targets.TrendIntroUnit" : "Targets.TrendIntroTeam"], Muted: true));
        foreach (var table in shown.Select(s => TrendTables.From(s, k, t, culture)))
        {
            document.Add(new Heading(table.Title, 2));
            if (table.Warning is { } warning) document.Add(new Paragraph(warning));
            document.Add(new Table(table.Headers.Select((h, i) => new TableColumn(h, i == 0 ? 1.1f : 1.6f, i > 0)).ToList(), table.Rows, t["Targets.CellNote"]));
            if (table.InflowRows.Count > 0)
                document.Add(new Table(table.InflowHeaders.Select((h, i) => new TableColumn(h, i == 0 ? 2.2f : 1.5f, i > 0)).ToList(), table.InflowRows, t["Targets.InflowCaption"]));
        }
        document.Add(new Paragraph(t["Targets.FallBackRule"], Muted: true));
    }
}
