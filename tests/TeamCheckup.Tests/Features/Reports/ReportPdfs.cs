using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Every report type (team, HRM and VIK per unit and national, chief) in Dutch and English, rendered once per
/// test class from the known quarter. With REPORT_PDF_DIR set, each PDF is also written there (to look at with pdftoppm).</summary>
public sealed class ReportPdfs(TestApp app)
{
    private readonly Dictionary<(string, int, string), byte[]> rendered = [];

    public static readonly object[] All = new (string Type, int Scope)[]
        {
            (ReportTypes.Team, 1), (ReportTypes.Hrm, 1), (ReportTypes.Hrm, ReportTypes.National), (ReportTypes.Vik, 1),
            (ReportTypes.Vik, ReportTypes.National), (ReportTypes.Chief, 1), (ReportTypes.Integrity, 1), (ReportTypes.Integrity, ReportTypes.National),
            (ReportTypes.Authority, 1), (ReportTypes.AuthorityTeam, 1), (ReportTypes.AuthorityTeam, 2),
        }
        .SelectMany(r => new[] { new object[] { r.Type, r.Scope, "nl" }, new object[] { r.Type, r.Scope, "en" } }).Cast<object>().ToArray();

    /// <summary>The document the PDF is rendered from (its blocks: headings, paragraphs, tables, charts; the reading guide).</summary>
    public async Task<ReportDocument> DocumentAsync(string type, int scope, string language)
    {
        using var services = app.Services.CreateScope();
        var document = await services.ServiceProvider.GetRequiredService<ReportGenerator>().BuildWithGuideAsync(new ReportRequest(type, scope, KnownQuarter.QuarterOf(type), language));
        Assert.That(document, Is.Not.Null);
        return document!;
    }

    /// <summary>The archived copy (what the archive stores and serves).</summary>
    public async Task<byte[]> ArchivedAsync(string type, int scope, string language)
    {
        using var services = app.Services.CreateScope();
        var generator = services.ServiceProvider.GetRequiredService<ReportGenerator>();
        var archived = await generator.GetOrCreateAsync(new ReportRequest(type, scope, KnownQuarter.QuarterOf(type), language));
        Assert.That(archived, Is.Not.Null);
        return (await generator.ContentAsync(archived!.Id))!;
    }

    public async Task<byte[]> BytesAsync(string type, int scope, string language)
    {
        if (rendered.TryGetValue((type, scope, language), out var pdf)) return pdf;
        pdf = await KnownQuarter.RenderBytesAsync(app, type, scope, language);
        rendered[(type, scope, language)] = pdf;
        if (Environment.GetEnvironmentVariable("REPORT_PDF_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{type}-{(scope == ReportTypes.National ? "national" : scope.ToString())}-{language}.pdf"), pdf);
        }
        return pdf;
    }
}
