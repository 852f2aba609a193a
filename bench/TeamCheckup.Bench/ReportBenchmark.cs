using System.Diagnostics;
using System.Net;
using System.Text;
using Dapper;
using Microsoft.Playwright;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Bench;

/// <summary>
/// Quarterly reports at police scale. <c>reports-batch</c>: every report of the last closed quarter (all team
/// reports, HRM/VIK per unit and national, chief per unit) through the app's own batch, as the quarterly job runs
/// it (two at a time, archived with their hash): total time and the process's peak memory. <c>reports-each</c>: each
/// report built and rendered alone (queries, charts and PDF; not archived): median and p99 per type; then one team
/// report against printing the same content as HTML with headless Chromium, side by side.
/// </summary>
public static class ReportBenchmark
{
    public static async Task<int> RunBatchAsync(IServiceProvider services)
    {
        var quarter = Quarter.LastClosed(DateOnly.FromDateTime(DateTime.Today));
        var batches = services.GetRequiredService<ReportBatches>();
        var connections = services.GetRequiredService<DbConnectionFactory>();
        var stopwatch = Stopwatch.StartNew();
        var batchId = await batches.CreateAsync(quarter, ReportBatches.Manual, "benchmark");
        await batches.ProcessAsync(batchId);
        var elapsed = stopwatch.Elapsed;
        await using var connection = await connections.OpenAsync();
        var counts = (await connection.QueryAsync<(string Type, string Status, long Count)>(
            "SELECT report_type, status, COUNT(*) FROM report_batch_items WHERE batch_id = @batchId GROUP BY report_type, status ORDER BY 1, 2", new { batchId })).ToList();
        var total = counts.Sum(c => c.Count);
        var failed = counts.Where(c => c.Status != "Done").Sum(c => c.Count);
        var teams = counts.Where(c => c.Type == ReportTypes.Team).Sum(c => c.Count);
        var bytes = await connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(a.size_bytes), 0) FROM report_batch_items i JOIN report_archive a ON a.id = i.archive_id WHERE i.batch_id = @batchId", new { batchId });
        Console.WriteLine($"Report batch {quarter.Label}: {string.Join(", ", counts.Select(c => $"{c.Type} {c.Status} {c.Count}"))}");
        Console.WriteLine($"FIGURE reports-batch reports={total} team_reports={teams} failed={failed} seconds={elapsed.TotalSeconds:0.0} " +
                          $"per_minute={total / elapsed.TotalMinutes:0} archived_mb={bytes / 1048576.0:0.0} peak_memory={BenchHost.PeakMemory().Replace(" ", "")}");
        return failed == 0 ? 0 : 1;
    }

    public static async Task<int> RenderOneAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var request = new ReportRequest(args[0], int.Parse(args[1]), Quarter.LastClosed(DateOnly.FromDateTime(DateTime.Today)), args.Count > 3 ? args[3] : "nl");
        using var scope = services.CreateScope();
        var rendered = await scope.ServiceProvider.GetRequiredService<ReportGenerator>().RenderAsync(request);
        if (rendered is null) { Console.Error.WriteLine("No such scope."); return 1; }
        await File.WriteAllBytesAsync(args[2], rendered.Value.Pdf);
        Console.WriteLine($"{rendered.Value.Title}: {args[2]} ({rendered.Value.Pdf.Length} bytes)");
        return 0;
    }

    /// <summary>Where a team report's time goes: the document (queries), the layout, Skia drawing the pieces, and the
    /// tagged PDF/A pass joining them (median over the sample, and the pieces Skia drew per report).</summary>
    private static async Task TimeStagesAsync(ReportGenerator generator, IReadOnlyList<int> sample, Quarter quarter)
    {
        var (build, lay, draw, compose, pieces) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        foreach (var teamId in sample)
        {
            var request = new ReportRequest(ReportTypes.Team, teamId, quarter, "nl");
            var watch = Stopwatch.StartNew();
            var document = (await generator.BuildWithGuideAsync(request))!;
            build.Add(watch.Elapsed.TotalMilliseconds);
            using var culture = new CultureScope(request.Culture);
            watch.Restart();
            var layout = SkiaPdfRenderer.Lay(document);
            lay.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var (skia, fragments) = SkiaPdfRenderer.DrawPieces(document, layout);
            draw.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            TaggedPdf.Compose(skia, fragments, layout.Root, document);
            compose.Add(watch.Elapsed.TotalMilliseconds);
            pieces.Add(fragments.Count);
        }
        foreach (var list in new[] { build, lay, draw, compose, pieces }) list.Sort();
        double M(List<double> list) => BenchHost.Percentile(list, 50);
        Console.WriteLine($"FIGURE report-team-stages count={sample.Count} build_ms={M(build):0.0} layout_ms={M(lay):0.0} draw_ms={M(draw):0.0} " +
                          $"compose_ms={M(compose):0.0} pieces={M(pieces):0}");
    }

    public static async Task<int> RunEachAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var teamSample = args.Count > 0 ? int.Parse(args[0]) : 300;
        var quarter = Quarter.LastClosed(DateOnly.FromDateTime(DateTime.Today));
        var connections = services.GetRequiredService<DbConnectionFactory>();
        List<int> teamIds, unitIds;
        await using (var connection = await connections.OpenAsync())
        {
            teamIds = (await connection.QueryAsync<int>("SELECT id FROM teams WHERE is_active = 1 ORDER BY id")).ToList();
            unitIds = (await connection.QueryAsync<int>("SELECT id FROM units WHERE is_active = 1 ORDER BY id")).ToList();
        }
        // Every n-th team, so the sample spans all units and sizes.
        var step = Math.Max(1, teamIds.Count / teamSample);
        var sample = teamIds.Where((_, i) => i % step == 0).Take(teamSample).ToList();

        using var scope = services.CreateScope();
        var generator = scope.ServiceProvider.GetRequiredService<ReportGenerator>();
        // Warm-up: the first report pays for JIT, fonts and ScottPlot's start-up.
        for (var i = 0; i < 5; i++) await generator.RenderAsync(new ReportRequest(ReportTypes.Team, sample[i], quarter, "nl"));

        async Task<List<double>> TimeAsync(string type, IEnumerable<int> scopes)
        {
            var times = new List<double>();
            foreach (var scopeId in scopes)
            {
                var watch = Stopwatch.StartNew();
                var rendered = await generator.RenderAsync(new ReportRequest(type, scopeId, quarter, "nl"));
                times.Add(watch.Elapsed.TotalMilliseconds);
                if (rendered is null) throw new InvalidOperationException($"{type} report {scopeId} has no scope");
            }
            times.Sort();
            return times;
        }

        var team = await TimeAsync(ReportTypes.Team, sample);
        var hrm = await TimeAsync(ReportTypes.Hrm, unitIds.Append(ReportTypes.National));
        var vik = await TimeAsync(ReportTypes.Vik, unitIds.Append(ReportTypes.National));
        var chief = await TimeAsync(ReportTypes.Chief, unitIds);
        foreach (var (name, times) in new[] { ("team", team), ("hrm", hrm), ("vik", vik), ("chief", chief) })
            Console.WriteLine($"FIGURE report-{name} count={times.Count} median_ms={BenchHost.Percentile(times, 50):0.0} p99_ms={BenchHost.Percentile(times, 99):0.0} max_ms={times[^1]:0.0}");
        await TimeStagesAsync(generator, sample, quarter);

        // One typical team report, both routes from the same document: ours (build + PDF) against Chromium printing
        // the same blocks as HTML (build + HTML + print), cold (the command line) and warm (a browser kept open).
        var chromium = Environment.GetEnvironmentVariable("TEAMCHECKUP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium)) { Console.WriteLine($"SKIP chromium comparison: {chromium} not found"); return 0; }
        var teamId = sample[sample.Count / 2];
        var request = new ReportRequest(ReportTypes.Team, teamId, quarter, "nl");
        var builder = scope.ServiceProvider.GetRequiredService<TeamReportBuilder>();
        var renderer = scope.ServiceProvider.GetRequiredService<IReportRenderer>();
        const int runs = 20;
        var ours = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            using (new CultureScope(request.Culture)) renderer.Render((await builder.BuildAsync(request))!);
            ours.Add(watch.Elapsed.TotalMilliseconds);
        }
        ours.Sort();

        var work = Path.Combine(Path.GetTempPath(), "teamcheckup-bench-html");
        Directory.CreateDirectory(work);
        var htmlFile = Path.Combine(work, "team-report.html");
        var cold = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            string html;
            using (new CultureScope(request.Culture)) html = HtmlReport.Render((await builder.BuildAsync(request))!);
            await File.WriteAllTextAsync(htmlFile, html);
            var pdf = Path.Combine(work, "team-report-chromium.pdf");
            using var process = Process.Start(new ProcessStartInfo(chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(htmlFile).AbsoluteUri])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            cold.Add(watch.Elapsed.TotalMilliseconds);
            if (!File.Exists(pdf)) { Console.Error.WriteLine("Chromium printed no PDF"); return 1; }
        }
        cold.Sort();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            { ExecutablePath = chromium, Headless = true, ChromiumSandbox = false, Args = ["--disable-gpu", "--no-first-run"] });
        var page = await browser.NewPageAsync();
        var warm = new List<double>();
        for (var i = 0; i < runs + 3; i++)
        {
            var watch = Stopwatch.StartNew();
            string html;
            using (new CultureScope(request.Culture)) html = HtmlReport.Render((await builder.BuildAsync(request))!);
            await page.SetContentAsync(html);
            await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
            if (i >= 3) warm.Add(watch.Elapsed.TotalMilliseconds); // the first runs warm the browser up
        }
        warm.Sort();
        double Median(List<double> list) => BenchHost.Percentile(list, 50);
        Console.WriteLine($"FIGURE report-vs-chromium team={teamId} ours_median_ms={Median(ours):0.0} chromium_cli_median_ms={Median(cold):0.0} " +
                          $"chromium_warm_median_ms={Median(warm):0.0} speedup_cli={Median(cold) / Median(ours):0.0} speedup_warm={Median(warm) / Median(ours):0.0}");
        return 0;
    }
}

/// <summary>The same document blocks as HTML (charts as ScottPlot SVG), for the Chromium side of the comparison.</summary>
public static class HtmlReport
{
    public static string Render(ReportDocument document)
    {
        var html = new StringBuilder();
        string E(string text) => WebUtility.HtmlEncode(text);
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").Append(E(document.Title)).Append("</title><style>")
            .Append("body{font-family:'Liberation Sans',Arial,sans-serif;font-size:10pt;color:#1d2a36;margin:0}h1{font-size:18pt}h2{font-size:13pt}")
            .Append(".tiles{display:flex;gap:8px}.tile{border:1px solid #c9d3dc;border-radius:4px;padding:6px;flex:1}.tile b{display:block;font-size:16pt}")
            .Append("table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #dde3e8;padding:3px;text-align:left}thead{display:table-header-group}")
            .Append(".muted{color:#5a6b7a}@page{size:A4;margin:18mm}</style></head><body>");
        html.Append("<header><small>").Append(E(document.Classification)).Append(" · ").Append(E(document.Period)).Append("</small></header>");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case Heading h: html.Append($"<h{h.Level + 0}>").Append(E(h.Text)).Append($"</h{h.Level + 0}>"); break;
                case Paragraph p: html.Append(p.Muted ? "<p class=\"muted\">" : "<p>").Append(E(p.Text)).Append("</p>"); break;
                case KeyFigures k:
                    html.Append("<div class=\"tiles\">");
                    foreach (var tile in k.Tiles)
                        html.Append("<div class=\"tile\">").Append(E(tile.Label)).Append("<b>").Append(E(tile.Value)).Append("</b>").Append(E(tile.Change ?? "")).Append("</div>");
                    html.Append("</div>");
                    break;
                case Table t:
                    html.Append("<table>");
                    if (t.Caption is not null) html.Append("<caption>").Append(E(t.Caption)).Append("</caption>");
                    html.Append("<thead><tr>");
                    foreach (var column in t.Columns) html.Append("<th>").Append(E(column.Header)).Append("</th>");
                    html.Append("</tr></thead><tbody>");
                    foreach (var row in t.Rows)
                    {
                        html.Append("<tr>");
                        foreach (var cell in row) html.Append("<td>").Append(E(cell)).Append("</td>");
                        html.Append("</tr>");
                    }
                    html.Append("</tbody></table>");
                    break;
                case Chart c:
                    var plot = new ScottPlot.Plot();
                    c.Build(plot);
                    html.Append("<figure><figcaption>").Append(E(c.Title)).Append("</figcaption>").Append(plot.GetSvgXml(680, (int)c.Height)).Append("</figure>");
                    break;
                case PageBreak: html.Append("<div style=\"break-after:page\"></div>"); break;
            }
        }
        return html.Append("</body></html>").ToString();
    }
}
