using System.Net;
using System.Text;
using DocumentFormat.OpenXml;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.OrganisationImport;

/// <summary>
/// Files the import refuses, through the admin page: each answers with a readable message (and every problem's row),
/// and nothing at all is stored — not the organisation, not the upload.
/// </summary>
public class BadFileTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;
    private OrganisationFile good = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
        good = await OrganisationFile.OfDatabaseAsync(app);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    private OrganisationFile Copy()
    {
        var copy = new OrganisationFile();
        foreach (var row in good.Rows) copy.Add(new Dictionary<string, string>(row));
        return copy;
    }

    private int RowOf(OrganisationFile file, string column, string value) => file.Rows.IndexOf(file.Where(column, value).First()) + 2;

    private async Task<IReadOnlyList<IReadOnlyList<string>>> RefusedAsync(byte[] content, string fileName, HttpStatusCode expected = HttpStatusCode.BadRequest)
    {
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");
        var (status, html) = await OrganisationFile.UploadAsync(admin, content, fileName);
        var after = await app.SnapshotAsync("user_sessions.last_seen_at");
        Assert.That(status, Is.EqualTo(expected), Html.Text(html));
        Assert.That(after, Is.EqualTo(before), "a refused file stores nothing");
        Assert.That(Html.Forms(html).Any(f => f.Action == "/admin/organisation/import/confirm"), Is.False, "nothing to confirm");
        return Html.ByTestId(html, "import-problems") is null ? [[Html.Text(Html.ByTestId(html, "import-error") ?? "")]] : Html.TableRows(html, "import-problems");
    }

    [Test]
    public async Task Wrong_columns_are_named()
    {
        var text = good.Csv().Replace("headcount", "headcont");
        var problems = await RefusedAsync(Encoding.UTF8.GetBytes(text), "organisatie.csv");
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0], Is.EqualTo(new[] { "1", "Kolommen ontbreken in de kopregel: headcount." }));
        Assert.That(problems[1][1], Does.StartWith("Onbekende kolommen in de kopregel: headcont."));
    }

    [Test]
    public async Task A_file_in_another_encoding_is_refused_with_the_line_where_it_shows()
    {
        var file = Copy();
        file.Where("code", "T5").Single()["name"] = "Intake & Service Gooi-Zuid-Oost é";
        var latin = Encoding.Latin1.GetBytes(file.Csv());
        var problems = await RefusedAsync(latin, "organisatie.csv");
        Assert.That(problems, Is.EqualTo(new[] { new[] { RowOf(file, "code", "T5").ToString(),
            "Het bestand is niet in UTF-8 opgeslagen (vanaf deze regel klopt de tekstcodering niet, waarschijnlijk ANSI/Windows-1252). Sla het op als CSV UTF-8." } }));
        var utf16 = await RefusedAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(good.Csv())).ToArray(), "organisatie.csv");
        Assert.That(utf16[0][1], Does.Contain("UTF-16"));
    }

    [Test]
    public async Task Duplicates_unknown_types_parents_and_bad_values_are_reported_row_by_row()
    {
        var file = Copy();
        file.Team("T2", "Tweede Utrecht-Noord", "D1");                                     // duplicate code
        file.Team("T99", "Basisteam Utrecht-Centrum", "D1");                               // duplicate name in the district
        file.Team("T100", "Waterpolitie", "D1", type: "Waterpolitie");                     // unknown team type
        file.Team("T101", "Basisteam Nergens", "D77");                                     // unknown district
        file.Add(new() { ["record"] = "team", ["code"] = "T102", ["name"] = "Basisteam Veel", ["parent_code"] = "D1", ["team_type"] = "Basisteam", ["headcount"] = "veel" });
        file.Lead(Demo.TeamLead, "Tom Teamchef", null, "T1");                              // the same lead twice
        file.Lead("ander.iemand", "Ander Iemand", "geen-adres", "T404");                   // bad e-mail, unknown team
        file.Add(new() { ["record"] = "afdeling", ["code"] = "X1", ["name"] = "Afdeling" }); // unknown record
        var problems = await RefusedAsync(file.CsvBytes(), "organisatie.csv");

        var first = good.Rows.Count + 2; // the row of the first added line (the header is row 1)
        var expected = new[] { 0, 1, 2, 3, 4, 5, 6, 6, 7 }.Select(i => (first + i).ToString());
        Assert.That(problems.Select(p => p[0]), Is.EqualTo(expected), string.Join("\n", problems.Select(p => string.Join(" | ", p))));
        var text = string.Join("\n", problems.Select(p => p[1]));
        Assert.That(text, Does.Contain("De code T2 staat al op rij " + RowOf(file, "code", "T2")));
        Assert.That(text, Does.Contain("De naam 'Basisteam Utrecht-Centrum' staat onder dezelfde eenheid of hetzelfde district al op rij"));
        Assert.That(text, Does.Contain("Onbekend teamtype 'Waterpolitie'. Kies uit: Basisteam, Recherche, IntakeService"));
        Assert.That(text, Does.Contain("Het district D77 staat niet in het bestand."));
        Assert.That(text, Does.Contain("De formatie 'veel' is geen geheel getal van 1 tot en met 2000."));
        Assert.That(text, Does.Contain("De teamchef teamchef staat al op rij"));
        Assert.That(text, Does.Contain("'geen-adres' is geen geldig e-mailadres."));
        Assert.That(text, Does.Contain("Het team T404 staat niet in het bestand."));
        Assert.That(text, Does.Contain("Onbekend record 'afdeling'"));
    }

    [Test]
    public async Task A_file_of_50_MB_is_refused_before_it_is_read()
    {
        var huge = new byte[50 * 1024 * 1024];
        Array.Fill(huge, (byte)'a');
        var problems = await RefusedAsync(huge, "organisatie.csv", HttpStatusCode.RequestEntityTooLarge);
        Assert.That(problems[0][0], Is.EqualTo("Het bestand is te groot: maximaal 10 MB."));
    }

    [Test]
    public async Task A_macro_enabled_workbook_is_refused_by_name_and_by_content()
    {
        var macros = Workbooks.Xlsx(good, SpreadsheetDocumentType.MacroEnabledWorkbook, withMacros: true);
        var byName = await RefusedAsync(macros, "organisatie.xlsm");
        var renamed = await RefusedAsync(macros, "organisatie.xlsx");
        var vbaInWorkbook = await RefusedAsync(Workbooks.Xlsx(good, withMacros: true), "organisatie.xlsx");
        Assert.Multiple(() =>
        {
            foreach (var problems in new[] { byName, renamed, vbaInWorkbook })
                Assert.That(problems[0][1], Does.StartWith("Werkmappen met macro's (.xlsm) worden niet geopend."));
        });
    }

    [TestCase("organisatie.xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0 }, "oud of ander werkmapformaat")]
    [TestCase("organisatie.xlsx", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31 }, "geen leesbare Excel-werkmap")]
    [TestCase("organisatie.xlsx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0, 1, 2, 3 }, "geen leesbare Excel-werkmap")]
    [TestCase("organisatie.csv", new byte[] { 0x52, 0, 0x45, 0, 0x43, 0 }, "geen tekstbestand")]
    public async Task Other_files_are_refused_with_what_to_do(string name, byte[] content, string message)
    {
        var problems = await RefusedAsync(content, name);
        Assert.That(problems[0][1], Does.Contain(message));
    }

    [Test]
    public async Task An_empty_upload_and_a_file_without_teams_are_refused()
    {
        var empty = await RefusedAsync([], "organisatie.csv");
        Assert.That(empty[0][0], Is.EqualTo("Kies een bestand om te importeren."));
        var onlyUnits = new OrganisationFile().Unit("MNE", "Eenheid Midden-Nederland");
        var problems = await RefusedAsync(onlyUnits.CsvBytes(), "organisatie.csv");
        Assert.That(problems[0][1], Does.Contain("geen teams"));
    }
}
