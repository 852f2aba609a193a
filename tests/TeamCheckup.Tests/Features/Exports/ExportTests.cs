using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Exports;

/// <summary>
/// The tables of the team dashboard, the unit overview and the HRM report's figures page against their CSV and XLSX
/// downloads and the PDF, cell by cell, on the known quarter (Q2 2026: team 1 with 8 responses and 3 in Q4 2025, team 2
/// with 3, team 6 with 4; HRM cases with small counts), suppressed cells included.
/// </summary>
public class ExportTests
{
    private static readonly CultureInfo Dutch = new("nl-NL");
    private static readonly Quarter Q = KnownQuarter.Quarter;
    private TestApp app = null!;
    private readonly Dictionary<string, HttpClient> clients = new();

    [OneTimeSetUp]
    public async Task Start() => app = await KnownQuarter.StartAsync();

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        app.Dispose();
    }

    [TearDown]
    public void ShowAppErrors()
    {
        foreach (var entry in app.Log.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error))
            TestContext.Out.WriteLine($"{entry.Category}: {entry.Message} {entry.Exception}");
    }

    private async Task<HttpClient> Client(string user) =>
        clients.TryGetValue(user, out var client) ? client : clients[user] = await app.SignInAsync(user);

    private async Task<(byte[] Content, HttpResponseMessage Response)> DownloadAsync(string user, string url)
    {
        var response = await (await Client(user)).GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        return (await response.Content.ReadAsByteArrayAsync(), response);
    }

    /// <summary>The page's table, CSV and XLSX hold the same cells; the file's header is the page's header.</summary>
    private async Task<List<FileTable>> AssertFilesMatchAsync(string user, string url, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> pageTables)
    {
        var separator = url.Contains('?') ? "&" : "?";
        var (csv, csvResponse) = await DownloadAsync(user, url + separator + "format=csv");
        var (xlsx, xlsxResponse) = await DownloadAsync(user, url + separator + "format=xlsx");
        var several = pageTables.Count > 1;
        var csvTables = ExportFiles.CsvTables(csv, several);
        var xlsxTables = ExportFiles.XlsxTables(xlsx, Dutch);
        Assert.Multiple(() =>
        {
            Assert.That(csv.Take(3), Is.EqualTo(ExportFiles.Bom), "UTF-8 with a byte-order mark");
            Assert.That(csvResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(xlsxResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That(csvTables.Select(t => t.Body), Is.EqualTo(pageTables), "CSV = page, cell by cell");
            Assert.That(xlsxTables.Select(t => t.Body), Is.EqualTo(pageTables), "XLSX = page, cell by cell");
            Assert.That(xlsxTables.Select(t => t.Header), Is.EqualTo(csvTables.Select(t => t.Header)));
        });
        return xlsxTables;
    }

    [Test]
    public async Task The_team_dashboards_results_download_with_the_pages_cells_and_the_pdfs_figures()
    {
        var html = await (await Client(Demo.TeamLead)).GetHtmlAsync("/teams/1");
        var trend = Html.TableRows(html, "trend-table");
        var pageTables = new List<IReadOnlyList<IReadOnlyList<string>>> { trend };
        if (Html.ByTestId(html, "mix-table") is not null) pageTables.Add(Html.TableRows(html, "mix-table"));
        if (Html.ByTestId(html, "diversity-table") is not null) pageTables.Add(Html.TableRows(html, "diversity-table"));
        var files = await AssertFilesMatchAsync(Demo.TeamLead, "/teams/1", pageTables);

        // The quarter and the suppressed quarter against the team report's pulse table.
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Team, 1);
        foreach (var (quarter, shown) in new[] { (Q, true), (Q.Previous.Previous, false) })
        {
            var label = CheckupPeriod.For(quarter.Start, 3).Label(Dutch);
            var row = trend.Single(r => r[0] == label);
            // period, respondents, [response rate], index, satisfaction, workload, experienced, witnessed; the PDF adds " %" to shares
            var cells = new[] { quarter.Label, row[1], row[3], row[4], row[5], Percent(row[6]), Percent(row[7]) };
            // The PDF's narrow columns wrap "niet genoeg reacties" onto a second line: "niet genoeg" in the row, "reacties" below.
            var wrapped = cells.Count(c => c == NotEnough);
            var line = pdf.LineStartingWith(quarter.Label + " ", after: "Resultaten van de teampuls");
            Assert.That(line, Is.EqualTo(string.Join(" ", cells.Select(c => c == NotEnough ? "niet genoeg" : c))), "the PDF's row = the page's cells");
            if (wrapped > 0)
            {
                var lines = pdf.AllLines.Select(l => l.Text).ToList();
                Assert.That(lines[lines.IndexOf(line) + 1], Is.EqualTo(string.Join(" ", Enumerable.Repeat("reacties", wrapped))));
            }
            Assert.That(row.Skip(3).All(c => c == NotEnough), Is.EqualTo(!shown), string.Join(" | ", row));
        }
        Assert.That(files[0].Title, Is.EqualTo("Resultaten van de teampuls"));
        Assert.That(files[0].Header, Is.EqualTo(new[] { "Periode", "Reacties", "Respons (%)", "Psychologische veiligheid (0–100)", "Tevredenheid (1–10)",
            "Werkdruk (1–5)", "Zelf ongewenst gedrag meegemaakt (%)", "Ongewenst gedrag gezien (%)" }));
    }

    private const string NotEnough = "niet genoeg reacties";

    private static string Percent(string cell) => cell == NotEnough ? cell : cell + " %";

    [Test]
    public async Task The_unit_overview_downloads_with_teams_below_k_only_counted_in_the_totals()
    {
        var html = await (await Client(Demo.Chief)).GetHtmlAsync("/units/1");
        var rows = OverviewRows(html);
        var (csv, _) = await DownloadAsync(Demo.Chief, "/units/1?format=csv");
        var (xlsx, _) = await DownloadAsync(Demo.Chief, "/units/1?format=xlsx");
        var fromCsv = ExportFiles.CsvTables(csv, several: true)[0].Body;
        var fromXlsx = ExportFiles.XlsxTables(xlsx, Dutch)[0].Body;
        Assert.That(fromXlsx, Is.EqualTo(fromCsv));
        // The page shows figure and band in one cell ("61 · hoog"), the file in two.
        var asOnPage = fromCsv.Select(r => (IReadOnlyList<string>)[r[0], r[2], r[3], r[4], WithBand(r[5], r[6]), WithBand(r[7], r[8])]).ToList();
        Assert.That(asOnPage, Is.EqualTo(rows));

        Assert.Multiple(() =>
        {
            Assert.That(fromCsv.Where(r => r[1] == "Team" && r[5] == "alleen in totaal meegeteld").ToList(), Is.Not.Empty, "a team below k");
            foreach (var hidden in fromCsv.Where(r => r[5] is "alleen in totaal meegeteld" or "niet genoeg reacties"))
                Assert.That(hidden.Skip(4).Any(c => Regex.IsMatch(c, @"\d")), Is.False, "no figure of a hidden line: " + string.Join(" | ", hidden));
        });
    }

    private static string WithBand(string value, string band) => band.Length == 0 || value == band ? value : $"{value} · {band}";

    /// <summary>The overview table's lines (districts, teams, unit) as the page shows them; a hidden team's one spanning cell counts for both figures.</summary>
    private static List<IReadOnlyList<string>> OverviewRows(string html)
    {
        var table = Html.ByTestId(html, "overview-table")!;
        return Regex.Matches(table, @"<tr\b[^>]*data-group=""[^""]+""[^>]*>(.*?)</tr>", RegexOptions.Singleline).Select(row =>
        {
            var cells = Regex.Matches(row.Groups[1].Value, @"<t[hd]\b([^>]*)>(.*?)</t[hd]>", RegexOptions.Singleline)
                .SelectMany(c => Enumerable.Repeat(Html.Text(c.Groups[2].Value), c.Groups[1].Value.Contains("colspan=\"2\"") ? 2 : 1)).ToList();
            return (IReadOnlyList<string>)cells;
        }).ToList();
    }

    [Test]
    public async Task The_hrm_figures_page_its_files_and_the_pdf_show_the_same_cells_with_real_counts_for_their_readers()
    {
        var url = $"/reports/figures?type=Hrm&scopeId=1&quarter={Q.Key}";
        var html = await (await Client(Demo.Hrm)).GetHtmlAsync(url);
        var pageTables = Enumerable.Range(1, 20).Select(n => Html.ByTestId(html, $"figures-table-{n}") is null ? null : Html.TableRows(html, $"figures-table-{n}"))
            .TakeWhile(t => t is not null).Select(t => t!).ToList();
        Assert.That(pageTables, Has.Count.GreaterThanOrEqualTo(4), "key figures, rules, categories, backlog");
        var files = await AssertFilesMatchAsync(Demo.Hrm, url, pageTables);

        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Hrm, 1);
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        foreach (var row in files.Skip(1).SelectMany(f => f.Body))
            Assert.That(lines, Does.Contain(string.Join(" ", row)), "the PDF prints the row");
        // The discipline that handles the cases reads their real counts (docs/reports.md: suppressed only where a count
        // could point at a reporter); the file says exactly what the page and the PDF say.
        var cells = files.SelectMany(f => f.Body).SelectMany(r => r).ToList();
        Assert.That(cells, Has.None.EqualTo($"< {KnownQuarter.K}"));
        Assert.That(cells.Where(c => int.TryParse(c, out var n) && n is > 0 and < KnownQuarter.K), Is.Not.Empty, "small counts are shown as they are");
    }

    [Test]
    public async Task A_user_who_may_not_see_the_page_gets_the_same_refusal_for_the_file()
    {
        var mark = await app.AuditMarkAsync();
        foreach (var format in new[] { "csv", "xlsx" })
        {
            foreach (var (user, url, expected) in new[]
            {
                (Demo.TeamLead, "/teams/7", HttpStatusCode.NotFound), (Demo.Chief, "/units/2", HttpStatusCode.NotFound),
                (Demo.Communications, "/teams/1", HttpStatusCode.Forbidden), (Demo.TeamLead, "/units/1", HttpStatusCode.Forbidden),
                (Demo.Vik, $"/reports/figures?type=Hrm&scopeId=1&quarter={Q.Key}", HttpStatusCode.NotFound),
                (Demo.TeamLead, $"/reports/figures?type=Team&scopeId=7&quarter={Q.Key}", HttpStatusCode.NotFound),
            })
            {
                var page = await (await Client(user)).GetAsync(url);
                var file = await (await Client(user)).GetAsync(url + (url.Contains('?') ? "&" : "?") + "format=" + format);
                Assert.That((page.StatusCode, file.StatusCode), Is.EqualTo((expected, expected)), $"{user} {url} {format}");
                Assert.That(file.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), "no file");
            }
        }
        var denials = (await app.AuditSinceAsync(mark)).Where(a => a.Action == "auth.permission-denied").ToList();
        Assert.That(denials, Has.Count.GreaterThanOrEqualTo(12), "page and file refusals are audited alike");
        Assert.That((await app.AuditSinceAsync(mark)).Any(a => a.Action == "export.downloaded"), Is.False);
    }

    [TestCase("pdf"), TestCase("CSV;"), TestCase("xls"), TestCase("csv,xlsx")]
    public async Task An_unknown_format_is_refused_with_its_reason(string format)
    {
        var response = await (await Client(Demo.TeamLead)).GetAsync("/teams/1?format=" + Uri.EscapeDataString(format));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("Gebruik format=csv of format=xlsx"));
    }

    [Test]
    public async Task A_download_is_audited_and_named_after_the_team_and_quarter()
    {
        var mark = await app.AuditMarkAsync();
        var (_, response) = await DownloadAsync(Demo.TeamLead, "/teams/1?format=xlsx");
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        Assert.That(name?.Trim('"'), Is.EqualTo("team-1-resultaten-2026-Q3.xlsx"), "a demo team has no HR code: its id");
        var audit = (await app.AuditSinceAsync(mark)).Single(a => a.Action == "export.downloaded");
        Assert.That((audit.Actor, audit.Subject), Is.EqualTo((Demo.TeamLead, "team:1")));
    }

    [Test]
    public async Task Headers_and_words_follow_the_users_language()
    {
        var (csv, response) = await DownloadAsync(Demo.TeamLead, "/teams/1?format=csv&culture=en-GB&ui-culture=en-GB");
        var (xlsx, _) = await DownloadAsync(Demo.TeamLead, "/teams/1?format=xlsx&culture=en-GB&ui-culture=en-GB");
        var sheets = ExportFiles.XlsxTables(xlsx, new CultureInfo("en-GB"));
        Assert.Multiple(() =>
        {
            Assert.That(sheets[0].Title, Is.EqualTo("Team pulse results"));
            Assert.That(sheets[0].Header[0], Is.EqualTo("Period"));
            Assert.That(ExportFiles.CsvRows(csv).SelectMany(r => r), Does.Contain("not enough responses"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Does.Contain("-results-"));
        });
    }

    [Test]
    public async Task Every_page_with_tables_has_keyboard_reachable_download_links()
    {
        foreach (var (user, url) in new[] { (Demo.TeamLead, "/teams/1"), (Demo.Chief, "/units/1"), (Demo.Hrm, $"/reports/figures?type=Hrm&scopeId=1&quarter={Q.Key}") })
        {
            var html = await (await Client(user)).GetHtmlAsync(url);
            var links = Html.ByTestId(html, "export-links");
            Assert.That(links, Is.Not.Null, url);
            Assert.That(Regex.Matches(links!, @"<a [^>]*href=""[^""]*format=(csv|xlsx)""").Count, Is.EqualTo(2), links);
            Assert.That(links, Does.Not.Contain("tabindex=\"-1\""));
        }
        Assert.That(await (await Client(Demo.Hrm)).GetHtmlAsync($"/reports?quarter={Q.Key}"), Does.Contain("/reports/figures?type=Hrm&amp;scopeId=1&amp;quarter=" + Q.Key));
    }
}
