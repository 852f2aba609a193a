using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Networks;

/// <summary>
/// The national report of the networks' signals for Leadership (issue 17 item 1; report type
/// <see cref="ReportTypes.NetworkSignals"/>, scope <see cref="ReportTypes.National"/>): the quarter's signals by theme, by
/// network and by unit (or the whole organisation), acknowledged and answered on time, and the median working days to
/// acknowledge and to answer. Figures only, read as they stood at the quarter's end; no title, no text, no names.
/// </summary>
public sealed class NetworkSignalReportBuilder(DbConnectionFactory connections, TeamReportBuilder documents, IStringLocalizer<SharedResource> t)
{
    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        if (request.ScopeId != ReportTypes.National) return null;
        var culture = CultureInfo.CurrentCulture;
        await using var connection = await connections.OpenAsync();
        var figures = await NetworkSignalFigures.LoadAsync(connection, request.Quarter, null);
        var title = t["Rpt.Signals.Title"].Value;
        var document = documents.NewDocument(title, request, t["Rpt.Signals.Subject"]);
        document.Add(new Paragraph(t["Rpt.Signals.IntroNational", request.Quarter.Label]));

        document.Add(new Heading(t["Rpt.KeyFigures"]));
        document.Add(NetworkSignalSectionBuilder.KeyFigures(t, figures));
        var acknowledge = figures.MedianDaysToAcknowledge();
        document.Add(new Paragraph(t["Rpt.Signals.MedianAcknowledge", acknowledge is { } a ? t.Count("Report.WorkingDays", a, "0.#") : "—"]));

        document.Add(new Heading(t["Rpt.Signals.ByTheme"]));
        document.Add(NetworkSignalSectionBuilder.ThemeTable(t, figures));

        string N(int n) => n.ToString(culture);
        string Median(double? m) => m is { } v ? v.ToString("0.#", culture) : "—";
        document.Add(new Heading(t["Rpt.Signals.ByNetwork"]));
        var networks = figures.Signals.GroupBy(r => (r.NetworkId, r.NetworkName, r.NetworkKind)).OrderBy(g => g.Key.NetworkName, StringComparer.CurrentCulture).ToList();
        if (networks.Count == 0) document.Add(new Paragraph(t["Rpt.Signals.None"]));
        else document.Add(new Table(
            [new TableColumn(t["Signal.Network"], 2.6f), new TableColumn(t["Rpt.Signals.Unasked"], 1, true), new TableColumn(t["Rpt.Signals.OnRequest"], 1, true),
             new TableColumn(t["Rpt.Signals.AnsweredOnTimeShort"], 1.2f, true), new TableColumn(t["Rpt.Signals.MedianShort"], 1.2f, true)],
            networks.Select(g => (IReadOnlyList<string>)[g.Key.NetworkName + " (" + t["NetworkKind." + g.Key.NetworkKind] + ")", N(g.Count(r => r.Kind == SignalKinds.Unasked)),
                N(g.Count(r => r.Kind == SignalKinds.AdviceOnRequest)), N(figures.Answered(g).Met), Median(figures.MedianDaysToAnswer(g))]).ToList()));

        document.Add(new Heading(t["Rpt.Signals.ByUnit"]));
        var units = figures.Signals.GroupBy(r => (r.UnitId, r.UnitName)).OrderBy(g => g.Key.UnitId is null ? 0 : 1).ThenBy(g => g.Key.UnitName, StringComparer.CurrentCulture).ToList();
        if (units.Count == 0) document.Add(new Paragraph(t["Rpt.Signals.None"]));
        else document.Add(new Table(
            [new TableColumn(t["Signal.Scope"], 2.6f), new TableColumn(t["Rpt.Signals.Count"], 1, true), new TableColumn(t["Rpt.Signals.AcknowledgedOnTimeShort"], 1.2f, true),
             new TableColumn(t["Rpt.Signals.AnsweredOnTimeShort"], 1.2f, true), new TableColumn(t["Rpt.Signals.MedianShort"], 1.2f, true)],
            units.Select(g => (IReadOnlyList<string>)[g.Key.UnitName ?? t["Signal.WholeOrganisation"].Value, N(g.Count()), N(figures.Acknowledged(g).Met),
                N(figures.Answered(g).Met), Median(figures.MedianDaysToAnswer(g))]).ToList()));

        document.Add(new Heading(t["Rpt.Signals.Deadlines"]));
        var acknowledged = figures.Acknowledged();
        var answered = figures.Answered();
        document.Add(new Table(
            [new TableColumn(t["Rpt.Signals.Step"], 2.4f), new TableColumn(t["Rpt.Signals.Met"], 1, true), new TableColumn(t["Rpt.Signals.Missed"], 1, true), new TableColumn(t["Rpt.Signals.Pending"], 1, true)],
            [
                [t["Rpt.Signals.StepAcknowledge"], N(acknowledged.Met), N(acknowledged.Missed), N(acknowledged.Pending)],
                [t["Rpt.Signals.StepAnswer"], N(answered.Met), N(answered.Missed), N(answered.Pending)],
            ],
            t["Rpt.Signals.DeadlinesCaption"]));
        document.Add(new Paragraph(t["Rpt.Signals.Privacy"], Muted: true));
        return document;
    }
}
