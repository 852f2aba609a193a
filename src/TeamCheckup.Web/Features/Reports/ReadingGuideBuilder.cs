using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// "Hoe lees je dit rapport" / "How to read this report" (issue 14, item 6): the last page of every report — the scales
/// and their words, the index formula, the bands, the anonymity rules, a glossary, the data's as-of date (peildatum), the
/// generation date, the generator version and the content hash. The archive's SHA-256 of the PDF cannot be printed inside
/// that PDF (it would change the hash), so the page carries the SHA-256 of the report's content — every block before this
/// page, as text — which stays the same when the same quarter is rendered again from the same data, also on another day;
/// the file's own SHA-256 is kept with the archived copy (docs/reports.md, "How to read this report").
/// </summary>
public sealed class ReadingGuideBuilder(DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t)
{
    public async Task AddToAsync(ReportDocument document, ReportRequest request)
    {
        var culture = CultureInfo.CurrentCulture;
        await using var connection = await connections.OpenAsync();
        var thresholds = await ThresholdSettings.ReadAsync(connection);
        var limits = BandLimits.From(await Triage.RuleSettings.LoadAsync(connection));
        var contentHash = ContentHash(document);
        var definition = QuestionnaireDefinition.Parse(QuestionnaireCatalog.BundledVersion1Json());

        document.Add(new PageBreak());
        document.Add(new Heading(t["Report.Guide.Heading"]));
        // The reports of cases and signals alone (the annual integrity report, the networks' signals) have no pulse figures:
        // their guide is the glossary and the colophon; their own pages say how their counts are protected.
        if (AboutPulse(request.Type))
        {
            document.Add(new Heading(t["Report.Guide.Scales"], 2));
            string Words(IReadOnlyList<string> words, int min) => string.Join(" · ", words.Select((w, i) => $"{min + i} {w}"));
            document.Add(new Table(
                [new TableColumn(t["Report.Guide.Question"], 1.3f), new TableColumn(t["Report.Guide.Scale"], 0.9f), new TableColumn(t["Report.Guide.Words"], 3.4f)],
                [
                    [t["Dashboard.PsIndex"], "1–7", Words(definition.PsychologicalSafety.Scale.For(culture), 1) + ". " + t["Report.Guide.Reverse"]],
                    [t["Dashboard.Satisfaction"], "1–10", t["Report.Guide.Mark"]],
                    [t["Dashboard.Workload"], "1–5", Words(definition.Workload.Labels?.For(culture) ?? [], 1)],
                    [t["Report.Items.Aftercare"], "1–5", Words(definition.Aftercare.Labels?.For(culture) ?? [], 1)],
                    [t["Report.Items.SocialSafety"], "—", string.Join(" · ", definition.SocialSafety.Options.Values.Select(o => o.For(culture)))],
                ]));
            document.Add(new Paragraph(t["Report.Guide.Index"]));
            document.Add(new Heading(t["Report.Guide.Bands"], 2));
            string N(double v, string format) => v.ToString(format, culture);
            document.Add(new Paragraph(t["Report.Heat.Bands", N(limits.PsLow, "0"), N(limits.PsHigh, "0"), N(limits.SatisfactionLow, "0.0"), N(limits.SatisfactionHigh, "0.0"),
                N(BandLimits.WorkloadTooHigh, "0.0"), N(BandLimits.WorkloadTooLow, "0.0"), ReportText.Percent(limits.UnacceptableShare), ReportText.Percent(limits.UnacceptableShare / 2)]));
            document.Add(new Paragraph(t["Report.Guide.Noise"]));
            document.Add(new Heading(t["Report.Guide.Anonymity"], 2));
            document.Add(new Paragraph(t["Report.Guide.AnonymityText", thresholds.K, thresholds.Kc]));
            // The guide is a little more than a page: the glossary and the colophon go together on the next page, so that the
            // report never ends with a page holding one small table.
            document.Add(new PageBreak());
            document.Add(new Heading(t["Report.Guide.Targets"], 2));
            document.Add(new Paragraph(t["Targets.CellNote"] + " " + t["Targets.FallBackRule"]));
        }
        document.Add(new Heading(t["Report.Guide.Glossary"], 2));
        document.Add(new Table([new TableColumn(t["Report.Guide.Term"], 1.1f), new TableColumn(t["Report.Guide.Meaning"], 4.5f)],
            (AboutPulse(request.Type) ? new[] { "Median", "P90", "Lead", "Signal", "Case", "Points", "Respondents" } : new[] { "Median", "P90", "Lead", "Signal", "Case" })
                .Select(term => (IReadOnlyList<string>)[t["Report.Guide.Term." + term], t["Report.Guide.Meaning." + term]]).ToList()));
        document.Add(new Heading(t["Report.Guide.About"], 2));
        document.Add(new Table([new TableColumn(t["Report.Guide.Item"], 1.3f), new TableColumn(t["Report.Guide.Value"], 4.3f)],
        [
            [t["Report.Guide.AsOf"], t["Report.Guide.AsOfValue", request.Quarter.End.ToString("d MMMM yyyy", culture)]],
            [t["Report.Guide.Generated"], clock.Today.ToString("d MMMM yyyy", culture)],
            [t["Report.Guide.Version"], ReportGenerator.Version],
            [t["Report.Guide.ContentHash"], contentHash],
        ], t["Report.Guide.HashNote"]));
    }

    /// <summary>Whether a report of this type shows pulse figures (scales, bands, k, diversity targets).</summary>
    public static bool AboutPulse(string type) => type is not (ReportTypes.Integrity or ReportTypes.NetworkSignals);

    /// <summary>SHA-256 (hex) of the report's content as text: title, period and every block in order (charts by their title
    /// and alternative text). Layout and the PDF's bytes do not enter, so it identifies what the report says.</summary>
    public static string ContentHash(ReportDocument document)
    {
        var text = new StringBuilder().Append(document.Title).Append('\n').Append(document.Period).Append('\n');
        foreach (var block in document.Blocks)
        {
            text.Append(block.GetType().Name).Append(':');
            switch (block)
            {
                case Heading h: text.Append(h.Text); break;
                case Paragraph p: text.Append(p.Text); break;
                case KeyFigures k: foreach (var tile in k.Tiles) text.Append(tile.Label).Append('|').Append(tile.Value).Append('|').Append(tile.Change).Append(';'); break;
                case Table table:
                    text.AppendJoin('|', table.Columns.Select(c => c.Header)).Append(';');
                    foreach (var row in table.Rows) text.AppendJoin('|', row).Append(';');
                    text.Append(table.Caption);
                    break;
                case Chart c: text.Append(c.Title).Append('|').Append(c.AltText); break;
                case HeatMap m:
                    text.AppendJoin('|', m.Columns).Append(';');
                    foreach (var row in m.Rows) text.Append(row.Label).Append('|').AppendJoin('|', row.Cells.Select(x => $"{x.Text}/{x.Level}")).Append(';');
                    break;
                case Distribution d:
                    text.Append(d.Title).Append(';');
                    foreach (var bar in d.Bars) text.Append(bar.Label).Append('|').AppendJoin(',', bar.Counts).Append(';');
                    break;
            }
            text.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
