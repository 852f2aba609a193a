using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Every report type of the seeded quarter in both languages, written to artifacts/reports/ so that each page
/// can be rendered (pdftoppm -r 60 -png) and looked at; each must be a PDF that reads back with text on every page.</summary>
public class ReportPreviewTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await KnownQuarter.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    public static readonly object[] ReportsAndLanguages = ReportPdfs.All
        .Append(new object[] { ReportTypes.Team, 4, "nl" }).Append(new object[] { ReportTypes.Chief, 2, "nl" }).ToArray();

    [TestCaseSource(nameof(ReportsAndLanguages))]
    public async Task Each_report_is_written_for_looking_at(string type, int scope, string language)
    {
        var pdf = await KnownQuarter.RenderBytesAsync(app, type, scope, language);
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "reports");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{type.ToLowerInvariant()}-{scope}-{language}.pdf"), pdf);
        Assert.That(PdfText.Read(pdf).Pages.All(p => p.Body.Count > 0), Is.True, "no empty page");
    }
}
