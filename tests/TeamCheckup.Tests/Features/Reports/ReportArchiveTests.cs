using System.Data.Common;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>The report archive (SPEC §7): made once, stored with its SHA-256, downloaded byte for byte, never changed;
/// the same data gives the same content.</summary>
public class ReportArchiveTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private static readonly Quarter Q = KnownQuarter.Quarter;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        lead = await app.SignInAsync(Demo.TeamLead);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    private async Task<HttpResponseMessage> GenerateAsync(string type, int scope, string language = "nl") =>
        await lead.PostWithTokenAsync("/reports/generate", new Dictionary<string, string>
        {
            ["type"] = type, ["scopeId"] = scope.ToString(), ["quarter"] = Q.Key, ["language"] = language,
        }, "/reports");

    private async Task<int> GenerateTeamReportAsync(int team, string language)
    {
        using var response = await GenerateAsync(ReportTypes.Team, team, language);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var match = System.Text.RegularExpressions.Regex.Match(response.Headers.Location!.OriginalString, @"^/reports/(\d+)/download$");
        Assert.That(match.Success, Is.True, response.Headers.Location!.OriginalString);
        return int.Parse(match.Groups[1].Value);
    }

    private sealed class Stored
    {
        public string Sha256 { get; set; } = "";
        public long SizeBytes { get; set; }
        public byte[] Content { get; set; } = [];
        public string Title { get; set; } = "";
        public string GeneratorVersion { get; set; } = "";
        public DateTime GeneratedAt { get; set; }
    }

    private Task<Stored> StoredAsync(int id) => app.QueryAsync<Stored>(
        "SELECT sha256 AS Sha256, size_bytes AS SizeBytes, content AS Content, title AS Title, generator_version AS GeneratorVersion, generated_at AS GeneratedAt " +
        "FROM report_archive WHERE id = @id", new { id }).ContinueWith(t => t.Result.Single());

    [Test]
    public async Task The_download_is_exactly_the_archived_bytes_and_hashes_to_the_stored_SHA256()
    {
        var id = await GenerateTeamReportAsync(1, "nl");
        using var response = await lead.GetAsync($"/reports/{id}/download");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var stored = await StoredAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.Contain($"teamcheckup-team-1-{Q.Key}-nl.pdf"));
            Assert.That(bytes, Is.EqualTo(stored.Content), "the archived bytes, not a new rendering");
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(stored.Sha256));
            Assert.That(response.Headers.GetValues("X-Content-SHA256").Single(), Is.EqualTo(stored.Sha256));
            Assert.That(stored.SizeBytes, Is.EqualTo(bytes.Length));
            Assert.That(stored.Title, Is.EqualTo("Teamrapportage Basisteam Utrecht-Centrum"));
            Assert.That(stored.GeneratorVersion, Does.StartWith("reports-1/"));
            Assert.That(stored.GeneratedAt, Is.EqualTo(KnownQuarter.Now.UtcDateTime));
            Assert.That(PdfText.Read(bytes).Pages[0].Lines[0].Text, Does.StartWith("Teamrapportage Basisteam Utrecht-Centrum"));
        });
    }

    [Test]
    public async Task Asking_again_returns_the_archived_report_and_stores_nothing_new()
    {
        var first = await GenerateTeamReportAsync(2, "en");
        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive");
        var again = await GenerateTeamReportAsync(2, "en");
        Assert.That(again, Is.EqualTo(first));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive"), Is.EqualTo(count));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive WHERE report_type = 'Team' AND scope_id = 2 AND quarter = @key AND language = 'en'",
            new { key = Q.Key }), Is.EqualTo(1));
    }

    [Test]
    public async Task Archived_reports_cannot_be_updated_or_deleted()
    {
        var id = await GenerateTeamReportAsync(1, "en");
        var before = await StoredAsync(id);

        var update = Assert.CatchAsync<DbException>(() => app.ExecuteAsync("UPDATE report_archive SET title = 'Vervalst', content = @bytes WHERE id = @id", new { id, bytes = new byte[] { 1 } }));
        var delete = Assert.CatchAsync<DbException>(() => app.ExecuteAsync("DELETE FROM report_archive WHERE id = @id", new { id }));
        var after = await StoredAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(update!.Message, Does.Contain("archived reports are immutable"));
            Assert.That(delete!.Message, Does.Contain("archived reports are immutable"));
            Assert.That(after.Title, Is.EqualTo(before.Title));
            Assert.That(after.Content, Is.EqualTo(before.Content));
            Assert.That(after.Sha256, Is.EqualTo(before.Sha256));
        });
    }

    [Test]
    public async Task The_same_quarter_from_the_same_data_gives_the_same_content()
    {
        foreach (var (type, scope) in new[] { (ReportTypes.Team, 1), (ReportTypes.Hrm, 1), (ReportTypes.Vik, ReportTypes.National), (ReportTypes.Chief, 1) })
        {
            var first = PdfText.Read(await KnownQuarter.RenderBytesAsync(app, type, scope));
            var second = PdfText.Read(await KnownQuarter.RenderBytesAsync(app, type, scope));
            Assert.That(second.Text, Is.EqualTo(first.Text), $"{type} {scope}");
            Assert.That((second.Title, second.Subject, second.CreationDate), Is.EqualTo((first.Title, first.Subject, first.CreationDate)));
        }
        // The archived copy reads the same as a rendering made now from the same data.
        var archived = await StoredAsync(await GenerateTeamReportAsync(1, "nl"));
        Assert.That(PdfText.Read(archived.Content).Text, Is.EqualTo(PdfText.Read(await KnownQuarter.RenderBytesAsync(app, ReportTypes.Team, 1)).Text));
    }

    [Test]
    public async Task After_the_data_changes_the_download_is_still_the_archived_report()
    {
        using var scope = app.Services.CreateScope();
        var generator = scope.ServiceProvider.GetRequiredService<ReportGenerator>();
        var archived = (await generator.GetOrCreateAsync(new ReportRequest(ReportTypes.Team, 2, Q, "nl")))!;
        var before = await StoredAsync(archived.Id);

        // A late-registered review note for team 2 changes what a new rendering would say.
        await app.ExecuteAsync("UPDATE review_dimensions SET note = 'Later toegevoegd' WHERE dimension = 'Leadership' AND round_id = " +
                               "(SELECT id FROM checkup_rounds WHERE team_id = 2 AND period_start = @start)", new { start = Q.Start });
        var fresh = PdfText.Read(await KnownQuarter.RenderBytesAsync(app, ReportTypes.Team, 2));
        using var response = await lead.GetAsync($"/reports/{archived.Id}/download");
        var downloaded = await response.Content.ReadAsByteArrayAsync();

        Assert.Multiple(() =>
        {
            Assert.That(fresh.Text, Does.Contain("Later toegevoegd"), "the data did change");
            Assert.That(downloaded, Is.EqualTo(before.Content));
            Assert.That(PdfText.Read(downloaded).Text, Does.Not.Contain("Later toegevoegd"));
        });
        var again = (await generator.GetOrCreateAsync(new ReportRequest(ReportTypes.Team, 2, Q, "nl")))!;
        Assert.That((again.Id, again.Sha256), Is.EqualTo((archived.Id, before.Sha256)), "asking again does not remake it");
    }

    [Test]
    public async Task A_quarter_that_has_not_ended_cannot_be_generated()
    {
        using var response = await lead.PostWithTokenAsync("/reports/generate", new Dictionary<string, string>
        {
            ["type"] = ReportTypes.Team, ["scopeId"] = "1", ["quarter"] = Q.Next.Key, ["language"] = "nl",
        }, "/reports");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_archive WHERE quarter = @key", new { key = Q.Next.Key }), Is.Zero);
    }
}
