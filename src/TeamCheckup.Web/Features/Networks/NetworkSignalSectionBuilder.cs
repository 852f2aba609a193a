using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Networks;

/// <summary>
/// The networks' part of the chief report (issue 17 item 1): the signals about the unit filed in the quarter — by theme,
/// acknowledged and answered on time, median working days — and how many went to Leadership about the whole
/// organisation. Figures only: no title, no text, no network representative's name.
/// </summary>
public sealed class NetworkSignalSectionBuilder(IStringLocalizer<SharedResource> t)
{
    public async Task AddForUnitAsync(DbConnection connection, ReportDocument document, int unitId, Quarter quarter)
    {
        var figures = await NetworkSignalFigures.LoadAsync(connection, quarter, unitId);
        var organisationWide = await NetworkSignalFigures.OrganisationWideCountAsync(connection, quarter);
        document.Add(new Heading(t["Rpt.Signals.Heading"]));
        document.Add(new Paragraph(t["Rpt.Signals.IntroUnit", quarter.Label], Muted: true));
        if (figures.Count == 0) document.Add(new Paragraph(t["Rpt.Signals.None"]));
        else
        {
            document.Add(KeyFigures(t, figures));
            document.Add(ThemeTable(t, figures));
        }
        document.Add(new Paragraph(t.Count("Rpt.Signals.OrganisationWide", organisationWide)));
    }

    /// <summary>Signals, acknowledged on time, answered on time, median working days to answer.</summary>
    internal static KeyFigures KeyFigures(IStringLocalizer t, NetworkSignalFigures figures)
    {
        var culture = CultureInfo.CurrentCulture;
        var acknowledged = figures.Acknowledged();
        var answered = figures.Answered();
        string Rate(DeadlineCompliance c) => c.Rate is { } r ? ReportText.Percent(r) : "—";
        var median = figures.MedianDaysToAnswer();
        return new KeyFigures(
        [
            new KeyFigure(t["Rpt.Signals.Filed"], figures.Count.ToString(culture),
                t["Rpt.Signals.KindSplit", figures.CountOf(r => r.Kind == SignalKinds.Unasked), figures.CountOf(r => r.Kind == SignalKinds.AdviceOnRequest)]),
            new KeyFigure(t["Rpt.Signals.AcknowledgedOnTime"], Rate(acknowledged), t["Rpt.Signals.OnTimeOf", acknowledged.Met, acknowledged.Due, acknowledged.Pending]),
            new KeyFigure(t["Rpt.Signals.AnsweredOnTime"], Rate(answered), t["Rpt.Signals.OnTimeOf", answered.Met, answered.Due, answered.Pending]),
            new KeyFigure(t["Rpt.Signals.MedianAnswer"], median is { } m ? t.Count("Report.WorkingDays", m, "0.#") : "—"),
        ]);
    }

    /// <summary>Per theme: signals, answered on time, not answered by the quarter's end.</summary>
    internal static Table ThemeTable(IStringLocalizer t, NetworkSignalFigures figures)
    {
        var culture = CultureInfo.CurrentCulture;
        return new Table(
            [new TableColumn(t["Signal.Theme"], 2.4f), new TableColumn(t["Rpt.Signals.Count"], 1, true), new TableColumn(t["Rpt.Signals.AnsweredOnTimeShort"], 1.2f, true),
             new TableColumn(t["Rpt.Signals.NotAnswered"], 1.2f, true)],
            SignalThemes.All.Select(theme =>
            {
                var rows = figures.Signals.Where(r => r.Theme == theme).ToList();
                var answered = figures.Answered(rows);
                return (IReadOnlyList<string>)[t["SignalTheme." + theme], rows.Count.ToString(culture), answered.Met.ToString(culture),
                    rows.Count(r => !figures.IsAnswered(r)).ToString(culture)];
            }).ToList(),
            t["Rpt.Signals.ThemeCaption"]);
    }
}
