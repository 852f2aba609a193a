using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.OrganisationImport;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Features.OrganisationImport;

/// <summary>
/// The import-organisation verb on an empty production database, as a new organisation starts: the sample HR file
/// (docs/organisation-import-sample.csv) imports, the app shows its teams, the same file again changes nothing, a
/// dry run changes nothing, and a broken file prints its rows, exits 1 and changes nothing.
/// </summary>
[NonParallelizable] // captures the process-wide console
public class ImportOrganisationVerbTests
{
    private static readonly string SamplePath = Path.Combine(RepositoryPaths.Root, "docs", "organisation-import-sample.csv");
    private static readonly string[] Ignored = ["audit_entries.*", "user_sessions.last_seen_at"];
    private TestApp app = null!;

    [SetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions { Environment = "Production" });

    [TearDown]
    public void Stop() => app.Dispose();

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        var (savedOut, savedError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exit = await ImportOrganisationVerb.RunAsync(app.Services, args);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    [Test]
    public async Task The_sample_file_imports_into_an_empty_database_and_the_app_shows_its_teams()
    {
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.Zero, "production starts empty");
        var dryRun = await RunAsync(SamplePath, "--dry-run");
        Assert.That(dryRun.Exit, Is.Zero, dryRun.Error);
        Assert.That(dryRun.Out, Does.Contain("dry run, nothing changed: units +3 ~0 ^0 -0; districts +11 ~0 ^0 -0; teams +91 ~0 ^0 -0; leads +83 ~0 ^0 -0"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.Zero, "a dry run writes nothing");

        var import = await RunAsync(SamplePath);
        Assert.That(import.Exit, Is.Zero, import.Error);
        Assert.That(import.Out, Does.Contain("Rij 17: Nieuw team MNE-UTR-BT02 (Basisteam Utrecht-Noord)"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE is_active = 1"), Is.EqualTo(91));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_roles WHERE role = 'TeamLead'"), Is.EqualTo(83));

        var before = await app.SnapshotAsync(Ignored);
        var again = await RunAsync(SamplePath);
        Assert.That(again.Exit, Is.Zero);
        Assert.That(again.Out.Trim(), Is.EqualTo("imported: units +0 ~0 ^0 -0; districts +0 ~0 ^0 -0; teams +0 ~0 ^0 -0; leads +0 ~0 ^0 -0"));
        Assert.That(await app.SnapshotAsync(Ignored), Is.EqualTo(before), "the same file twice: nothing changes");

        // The app shows the teams: to an administrator in the organisation, to an imported lead on the start page.
        await app.ExecuteAsync("INSERT INTO users (user_name, display_name, password_hash, is_active, failed_sign_in_count, created_at) " +
                               "VALUES ('admin', 'Beheer', @hash, 1, 0, '2026-01-01 00:00:00')", new { hash = LocalSignIn.HashPassword(TestApp.Password) });
        await app.ExecuteAsync("INSERT INTO user_roles (user_id, role) SELECT id, 'Administrator' FROM users WHERE user_name = 'admin'");
        await app.ExecuteAsync("UPDATE users SET password_hash = @hash WHERE user_name = 'a.devries'", new { hash = LocalSignIn.HashPassword(TestApp.Password) });
        using var admin = await SignInAsync("admin");
        var organisation = Html.Text(await admin.GetHtmlAsync("/admin/organisation"));
        Assert.That(organisation, Does.Contain("Eenheid Noord-Holland").And.Contain("District Kennemerland"));
        // The teams are paged (25 a page); the search finds one from the file.
        Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/organisation?search=Den+Helder")), Does.Contain("Basisteam Den Helder"));
        using var lead = await SignInAsync("a.devries");
        Assert.That(Html.Text(await lead.GetHtmlAsync("/")), Does.Contain("Basisteam Utrecht-Oost"));
    }

    [Test]
    public async Task A_broken_file_prints_each_problem_with_its_row_exits_1_and_changes_nothing()
    {
        await RunAsync(SamplePath);
        var lines = File.ReadAllLines(SamplePath).ToList();
        lines[16] = lines[16].Replace(";Basisteam;", ";Waterpolitie;");  // row 17
        lines.Add("team;MNE-UTR-BT01;Dubbel;MNE-UTR;Basisteam;10;;;;");   // row 190: duplicate code
        var broken = Path.Combine(app.DataDirectory, "kapot.csv");
        await File.WriteAllLinesAsync(broken, lines);
        var before = await app.SnapshotAsync(Ignored);

        var (exit, output, error) = await RunAsync(broken);

        Assert.Multiple(async () =>
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain("Rij 17: Onbekend teamtype 'Waterpolitie'"));
            Assert.That(error, Does.Contain("Rij 190: De code MNE-UTR-BT01 staat al op rij 16."));
            Assert.That(error, Does.Contain("Problemen gevonden: 2. Er is niets gewijzigd."));
            Assert.That(await app.SnapshotAsync(Ignored), Is.EqualTo(before));
        });
    }

    [TestCase]
    [TestCase("--dry-run")]
    [TestCase("a.csv", "b.csv")]
    [TestCase("/nowhere/organisatie.csv")]
    public async Task Wrong_usage_exits_2(params string[] args) => Assert.That((await RunAsync(args)).Exit, Is.EqualTo(2));

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var response = await client.PostSignInAsync(user, TestApp.Password);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), $"sign-in of {user}");
        return client;
    }
}
