using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Every report type in Dutch and English: its headings, the page frame (marking, "page x of y"), the
/// document information, and all text inside the page margins.</summary>
public class ReportDocumentsTests
{
    private TestApp app = null!;
    private readonly Dictionary<(string, int, string), PdfText> rendered = [];

    [OneTimeSetUp]
    public async Task Start() => app = await KnownQuarter.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private async Task<PdfText> PdfAsync(string type, int scope, string language)
    {
        if (!rendered.TryGetValue((type, scope, language), out var pdf))
            rendered[(type, scope, language)] = pdf = await KnownQuarter.RenderAsync(app, type, scope, language);
        return pdf;
    }

    public static readonly object[] Reports =
    [
        new object[] { ReportTypes.Team, 1 }, new object[] { ReportTypes.Hrm, 1 }, new object[] { ReportTypes.Hrm, ReportTypes.National },
        new object[] { ReportTypes.Vik, 1 }, new object[] { ReportTypes.Vik, ReportTypes.National }, new object[] { ReportTypes.Chief, 1 },
    ];

    public static readonly object[] ReportsAndLanguages = Reports.Cast<object[]>()
        .SelectMany(r => new[] { new[] { r[0], r[1], "nl" }, new[] { r[0], r[1], "en" } }).Cast<object>().ToArray();

    private static readonly Dictionary<(string Type, string Language), string[]> Headings = new()
    {
        [(ReportTypes.Team, "nl")] = ["Kerncijfers", "Ontwikkeling over vijf kwartalen", "Resultaten van de teampuls", "Bespreking", "Knelpunten", "Afspraken over ondersteuning", "Zaken"],
        [(ReportTypes.Team, "en")] = ["Key figures", "Trend over five quarters", "Team pulse results", "Review", "Bottlenecks", "Support agreements", "Cases"],
        [(ReportTypes.Hrm, "nl")] = ["Kerncijfers", "Zaken naar regel en categorie", "Werkvoorraad naar leeftijd", "Teams met herhaalde zaken (laatste vier kwartalen)", "Opvolging van afspraken"],
        [(ReportTypes.Hrm, "en")] = ["Key figures", "Cases by rule and category", "Backlog by age", "Teams with repeated cases (last four quarters)", "Follow-through of agreements"],
        [(ReportTypes.Vik, "nl")] = ["Kerncijfers", "Zaken naar regel en categorie", "Werkvoorraad naar leeftijd", "Opvolging van afspraken", "Anonieme meldingen"],
        [(ReportTypes.Vik, "en")] = ["Key figures", "Cases by rule and category", "Backlog by age", "Follow-through of agreements", "Anonymous reports"],
        [(ReportTypes.Chief, "nl")] = ["Kerncijfers", "Teams naar psychologische veiligheid en tevredenheid", "Districten en teams", "Ontwikkeling over vijf kwartalen", "Signalen naar thema", "Teams die aandacht vragen"],
        [(ReportTypes.Chief, "en")] = ["Key figures", "Teams by psychological safety and satisfaction", "Districts and teams", "Trend over five quarters", "Signals by theme", "Teams needing attention"],
    };

    private static readonly Dictionary<(string Type, string Language), (string Title, string Subject)> Information = new()
    {
        [(ReportTypes.Team, "nl")] = ("Teamrapportage {0}", "Kwartaalrapportage van de teamcheck-up"),
        [(ReportTypes.Team, "en")] = ("Team report {0}", "Quarterly report of the team check-up"),
        [(ReportTypes.Hrm, "nl")] = ("HRM-rapportage {0}", "Kwartaalrapportage triage en opvolging"),
        [(ReportTypes.Hrm, "en")] = ("HRM report {0}", "Quarterly report on triage and follow-up"),
        [(ReportTypes.Vik, "nl")] = ("VIK-rapportage {0}", "Kwartaalrapportage triage en opvolging"),
        [(ReportTypes.Vik, "en")] = ("VIK report {0}", "Quarterly report on triage and follow-up"),
        [(ReportTypes.Chief, "nl")] = ("Chefrapportage {0}", "Kwartaalrapportage voor de eenheidsleiding"),
        [(ReportTypes.Chief, "en")] = ("Chief report {0}", "Quarterly report for unit command"),
    };

    private async Task<string> ScopeNameAsync(string type, int scope, string language) =>
        type == ReportTypes.Team ? await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = @scope", new { scope })
        : scope == ReportTypes.National ? (language == "en" ? "National" : "Landelijk")
        : await app.ScalarAsync<string>("SELECT name FROM units WHERE id = @scope", new { scope });

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task Each_language_has_its_own_headings(string type, int scope, string language)
    {
        var pdf = await PdfAsync(type, scope, language);
        var other = Headings[(type, language == "en" ? "nl" : "en")];
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            foreach (var heading in Headings[(type, language)]) Assert.That(lines, Does.Contain(heading));
            foreach (var heading in other.Except(Headings[(type, language)])) Assert.That(lines, Does.Not.Contain(heading), "no heading of the other language");
        });
    }

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task Every_page_is_marked_confidential_and_numbered_page_x_of_y(string type, int scope, string language)
    {
        var pdf = await PdfAsync(type, scope, language);
        var title = string.Format(Information[(type, language)].Title, await ScopeNameAsync(type, scope, language));
        var (marking, pageLabel) = language == "en" ? ("CONFIDENTIAL", "Page {0} of {1}") : ("VERTROUWELIJK", "Pagina {0} van {1}");
        Assert.Multiple(() =>
        {
            foreach (var page in pdf.Pages)
            {
                Assert.That(page.Lines[0].Text, Is.EqualTo($"{title} {KnownQuarter.Quarter.Label} · {marking}"), $"header of page {page.Number}");
                Assert.That(page.Lines[^1].Text, Is.EqualTo("TeamCheckup " + string.Format(pageLabel, page.Number, pdf.Pages.Count)), $"footer of page {page.Number}");
            }
        });
    }

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task The_document_information_names_title_author_subject_and_the_end_of_the_quarter(string type, int scope, string language)
    {
        var pdf = await PdfAsync(type, scope, language);
        var (title, subject) = Information[(type, language)];
        var scopeName = await ScopeNameAsync(type, scope, language);
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Is.EqualTo(string.Format(title, scopeName)));
            Assert.That(pdf.Author, Is.EqualTo("TeamCheckup"));
            Assert.That(pdf.Subject, Is.EqualTo(subject));
            Assert.That(pdf.Created, Is.EqualTo(new DateTimeOffset(2026, 6, 30, 23, 59, 0, TimeSpan.Zero)), "dated at the end of the quarter, so a re-run dates the same");
        });
    }

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task All_text_stays_inside_the_page_margins(string type, int scope, string language) =>
        PdfLayoutTests.AssertInsideMargins(await PdfAsync(type, scope, language));

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task No_word_is_broken_inside_a_table_header(string type, int scope, string language)
    {
        var pdf = await PdfAsync(type, scope, language);
        var words = pdf.AllLines.SelectMany(l => l.Text.Split(' ')).ToHashSet();
        string[] headerWords = (type, language) switch
        {
            (ReportTypes.Team, "nl") => ["Periode", "Reacties", "veiligheid", "Tevredenheid", "Werkdruk", "Meegemaakt", "Gezien", "Ondersteunende", "Eigenaar", "Toelichting"],
            (ReportTypes.Team, _) => ["Period", "Responses", "safety", "Satisfaction", "Workload", "Experienced", "Witnessed", "Supporting", "Owner", "Note"],
            (ReportTypes.Chief, "nl") => ["Reacties", "veiligheid", "Tevredenheid", "Signalen", "Redenen"],
            (ReportTypes.Chief, _) => ["Responses", "safety", "Satisfaction", "Signals", "Reasons"],
            (_, "nl") => ["Regel", "Geopend", "Leeftijd", "Categorie"],
            _ => ["Rule", "Opened", "Age", "Category"],
        };
        Assert.That(headerWords.Where(w => !words.Contains(w)), Is.Empty, pdf.Text);
    }

    [Test]
    public async Task Numbers_follow_the_language()
    {
        var dutch = await PdfAsync(ReportTypes.Team, 1, "nl");
        var english = await PdfAsync(ReportTypes.Team, 1, "en");
        var satisfaction = (await FromDatabase.PulseAsync(app, 1, KnownQuarter.Quarter))!.Satisfaction;
        Assert.That(dutch.Text, Does.Contain(" " + satisfaction.ToString("0.0", FromDatabase.Dutch) + " ").And.Contain(","));
        Assert.That(english.Text, Does.Contain(" " + satisfaction.ToString("0.0", FromDatabase.English) + " "));
        Assert.That(satisfaction.ToString("0.0", FromDatabase.Dutch), Is.Not.EqualTo(satisfaction.ToString("0.0", FromDatabase.English)));
    }
}
