using System.Reflection;
using System.Security.Cryptography;
using Dapper;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class ArchivedReport
{
    public int Id { get; set; }
    public string ReportType { get; set; } = "";
    public int ScopeId { get; set; }
    public string Quarter { get; set; } = "";
    public string Language { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTime GeneratedAt { get; set; }
    public DateTime DataAsOf { get; set; }
    public string GeneratorVersion { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public int SizeBytes { get; set; }

    public const string Columns =
        "id AS Id, report_type AS ReportType, scope_id AS ScopeId, quarter AS Quarter, language AS Language, title AS Title, generated_at AS GeneratedAt, " +
        "data_as_of AS DataAsOf, generator_version AS GeneratorVersion, sha256 AS Sha256, size_bytes AS SizeBytes";
}

/// <summary>
/// Produces a report and archives it, once: the archive is immutable (a trigger refuses updates) and
/// keyed by type, scope, quarter and language, so asking again returns what was archived. Each PDF is
/// stored with its SHA-256, the time its data was read and the generator version.
/// </summary>
public sealed class ReportGenerator(
    DbConnectionFactory connections,
    IReportRenderer renderer,
    TeamReportBuilder teamReports,
    CaseReportBuilder caseReports,
    ChiefReportBuilder chiefReports,
    Authority.AuthorityReportBuilder authorityReports,
    IntegrityReportBuilder integrityReports,
    ReadingGuideBuilder guide,
    Networks.NetworkSignalReportBuilder networkSignals,
    Clock clock)
{
    public static readonly string Version = "reports-1/" +
        (typeof(ReportGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];

    public async Task<ArchivedReport?> FindAsync(ReportRequest request)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<ArchivedReport>(
            $"SELECT {ArchivedReport.Columns} FROM report_archive WHERE report_type = @Type AND scope_id = @ScopeId AND quarter = @quarter AND language = @Language",
            new { request.Type, request.ScopeId, quarter = request.Quarter.Key, request.Language });
    }

    /// <summary>The archived report, generating and archiving it first if needed; null when the scope does not exist.</summary>
    public async Task<ArchivedReport?> GetOrCreateAsync(ReportRequest request)
    {
        if (await FindAsync(request) is { } existing) return existing;
        var dataAsOf = clock.UtcNow;
        var rendered = await RenderAsync(request);
        if (rendered is null) return null;
        var (title, pdf) = rendered.Value;
        await using var connection = await connections.OpenAsync();
        var insert = connections.Dialect.InsertIfMissing("report_archive",
            ["report_type", "scope_id", "quarter", "language", "title", "generated_at", "data_as_of", "generator_version", "sha256", "size_bytes", "content"],
            ["report_type", "scope_id", "quarter", "language"]);
        await connection.ExecuteAsync(insert, new
        {
            report_type = request.Type, scope_id = request.ScopeId, quarter = request.Quarter.Key, language = request.Language, title,
            generated_at = clock.UtcNow, data_as_of = dataAsOf, generator_version = Version,
            sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)), size_bytes = pdf.Length, content = pdf,
        });
        return await FindAsync(request);
    }

    /// <summary>Builds and renders without archiving (also used by the benchmark and the tests).</summary>
    public async Task<(string Title, byte[] Pdf)?> RenderAsync(ReportRequest request)
    {
        using var scope = new CultureScope(request.Culture);
        var document = await BuildWithGuideInCultureAsync(request);
        return document is null ? null : (document.Title, renderer.Render(document));
    }

    /// <summary>The document exactly as it is rendered: the report's blocks and the closing reading guide.</summary>
    public async Task<ReportDocument?> BuildWithGuideAsync(ReportRequest request)
    {
        using var scope = new CultureScope(request.Culture);
        return await BuildWithGuideInCultureAsync(request);
    }

    private async Task<ReportDocument?> BuildWithGuideInCultureAsync(ReportRequest request)
    {
        var document = await BuildInCultureAsync(request);
        if (document is not null) await guide.AddToAsync(document, request);
        return document;
    }

    /// <summary>The report's document (what the PDF is rendered from) in the report's language; the figures page and its
    /// CSV/XLSX export show its tables.</summary>
    public async Task<ReportDocument?> BuildAsync(ReportRequest request)
    {
        using var scope = new CultureScope(request.Culture);
        return await BuildInCultureAsync(request);
    }

    private async Task<ReportDocument?> BuildInCultureAsync(ReportRequest request) => request.Type switch
    {
        ReportTypes.Team => await teamReports.BuildAsync(request),
        ReportTypes.Hrm or ReportTypes.Vik => await caseReports.BuildAsync(request),
        ReportTypes.Chief => await chiefReports.BuildAsync(request),
        ReportTypes.Authority or ReportTypes.AuthorityTeam => await authorityReports.BuildAsync(request),
        ReportTypes.NetworkSignals => await networkSignals.BuildAsync(request),
        ReportTypes.Integrity when request.Quarter.Number == 4 => await integrityReports.BuildAsync(request),
        _ => null,
    };

    public async Task<byte[]?> ContentAsync(int archiveId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<byte[]?>("SELECT content FROM report_archive WHERE id = @archiveId", new { archiveId });
    }
}
