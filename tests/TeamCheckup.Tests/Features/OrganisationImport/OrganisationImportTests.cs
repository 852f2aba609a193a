using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.OrganisationImport;

namespace TeamCheckup.Tests.Features.OrganisationImport;

/// <summary>
/// The organisation import through the admin page on the demo organisation: upload, preview, confirm; the same file
/// twice; moves, renames, swaps, deactivation with history kept; leads who move lose the old team; the stale preview.
/// </summary>
public class OrganisationImportTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [TearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    private static readonly string[] Ignored = ["audit_entries.*", "organisation_import_uploads.*", "user_sessions.last_seen_at", "form_submissions.*"];

    [Test]
    public async Task A_file_of_the_organisation_as_it_is_adds_only_the_codes_and_the_same_file_again_changes_nothing()
    {
        var file = (await OrganisationFile.OfDatabaseAsync(app)).CsvBytes();
        var mark = await app.AuditMarkAsync();

        var (status, preview) = await OrganisationFile.UploadAsync(admin, file, "organisatie.csv");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), Html.Text(preview));
        Assert.Multiple(() =>
        {
            Assert.That(Count(preview, ImportLevel.District, ChangeKind.Change), Is.EqualTo(4), "every district gets its code");
            Assert.That(Count(preview, ImportLevel.Team, ChangeKind.Change), Is.EqualTo(12), "every team gets its code");
            foreach (var level in Enum.GetValues<ImportLevel>())
                foreach (var kind in new[] { ChangeKind.Create, ChangeKind.Deactivate, ChangeKind.Reactivate })
                    Assert.That(Count(preview, level, kind), Is.Zero, $"{level} {kind}");
        });
        var (confirmed, organisation) = await OrganisationFile.ImportAsync(admin, file);
        Assert.That(confirmed, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(Html.Text(organisation), Does.Contain("Import voltooid: 0 aangemaakt, 16 gewijzigd, 0 gedeactiveerd"));
        Assert.That(await app.ScalarAsync<string>("SELECT code FROM teams WHERE id = 7"), Is.EqualTo("T7"));

        var before = await app.SnapshotAsync(Ignored);
        var (again, page) = await OrganisationFile.UploadAsync(admin, file, "organisatie.csv");
        Assert.That(again, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Html.ByTestId(page, "import-no-changes"), Is.Not.Null, "the preview says nothing changes");
        var (secondStatus, _) = await OrganisationFile.ImportAsync(admin, file);
        Assert.That(secondStatus, Is.EqualTo(HttpStatusCode.Redirect));
        var after = await app.SnapshotAsync(Ignored);
        Assert.That(after, Is.EqualTo(before), "the second import changed nothing");

        var audit = (await app.AuditSinceAsync(mark)).Where(e => e.Action == OrganisationImportHandler.AuditAction).ToList();
        Assert.That(audit, Has.Count.EqualTo(2), "each import (with changes or without) is audited once, with its counts");
        Assert.That(audit[0].Details, Does.Contain("districts +0 ~4 ^0 -0; teams +0 ~12 ^0 -0; leads +0 ~0 ^0 -0").And.Contain("sha256="));
        Assert.That(audit[1].Details, Does.Contain("units +0 ~0 ^0 -0; districts +0 ~0 ^0 -0; teams +0 ~0 ^0 -0; leads +0 ~0 ^0 -0"));
        Assert.That(audit[0].Actor, Is.EqualTo(Demo.Administrator));
    }

    [Test]
    public async Task Moves_renames_swaps_and_deactivations_apply_at_once_and_moved_leads_lose_their_old_team()
    {
        var rounds = await Checkups.EnsureRoundsAsync(app);
        var roundsOfTeam6 = await app.ScalarAsync<long>("SELECT COUNT(*) FROM checkup_rounds WHERE team_id = 6");
        await OrganisationFile.ImportAsync(admin, (await OrganisationFile.OfDatabaseAsync(app)).CsvBytes()); // the first import gives every row its code
        using var teamLead = await app.SignInAsync(Demo.TeamLead);
        var file = await OrganisationFile.OfDatabaseAsync(app);
        var team3 = file.Where("code", "T3").Single();
        (team3["name"], team3["headcount"]) = ("Recherche Utrecht-Stad", "25");
        var (team4, team5) = (file.Where("code", "T4").Single(), file.Where("code", "T5").Single());
        (team4["name"], team5["name"]) = (team5["name"], team4["name"]);    // two teams of one district swap names
        file.Rows.Remove(file.Where("code", "T6").Single());                  // Wijkteam Huizen is gone from HR
        file.Team("NEW-1", "Basisteam Amersfoort", "D1", headcount: 33, area: "Amersfoort");
        file.Where("user_name", Demo.TeamLead).Single()["team_codes"] = "T2|NEW-1";   // moves from team 1 to the new team
        file.Rows.Remove(file.Where("user_name", Demo.TeamLead2).Single());  // no longer a lead
        file.Lead("Nieuwe.Chef", "Nina Nieuw", "nina.nieuw@politie.example", "T1");

        var (status, html) = await OrganisationFile.ImportAsync(admin, file.CsvBytes());
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect), Html.Text(html));

        var newTeam = await app.ScalarAsync<int>("SELECT id FROM teams WHERE code = 'NEW-1'");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await app.QueryAsync<(string, int)>("SELECT name, headcount FROM teams WHERE id = 3"), Is.EqualTo(new[] { ("Recherche Utrecht-Stad", 25) }));
            Assert.That(await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = 4"), Is.EqualTo("Intake & Service Gooi"));
            Assert.That(await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = 5"), Is.EqualTo("Basisteam Hilversum"));
            Assert.That(await app.ScalarAsync<long>("SELECT is_active FROM teams WHERE id = 6"), Is.Zero, "missing from the file: deactivated");
            Assert.That(await app.ScalarAsync<string?>("SELECT deactivated_at FROM teams WHERE id = 6"), Is.Not.Null);
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM checkup_rounds WHERE team_id = 6"), Is.EqualTo(roundsOfTeam6).And.GreaterThan(0), "history kept");
            Assert.That(await TeamsOf(Demo.TeamLead), Is.EquivalentTo(new[] { 2, newTeam }), "moved lead: the old team's scope is gone");
            Assert.That(await TeamsOf(Demo.TeamLead2), Is.Empty);
            Assert.That(await RolesOf(Demo.TeamLead2), Does.Not.Contain("TeamLead"));
            Assert.That(await app.ScalarAsync<long>("SELECT is_active FROM users WHERE user_name = 'teamchef2'"), Is.EqualTo(1), "the account stays");
            Assert.That(await TeamsOf("nieuwe.chef"), Is.EqualTo(new[] { 1 }));
            Assert.That(await RolesOf("nieuwe.chef"), Is.EqualTo(new[] { "TeamLead" }));
            Assert.That(await app.ScalarAsync<string?>("SELECT password_hash FROM users WHERE user_name = 'nieuwe.chef'"), Is.Null, "no password: single sign-on, or an administrator sets one");
        });
        using var signedOut = await teamLead.GetAsync("/");
        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "a lead whose teams changed signs in again, with the new rights");
        Assert.That(rounds, Is.Not.Empty);

        var audit = (await app.QueryAsync<string>($"SELECT details FROM audit_entries WHERE action = '{OrganisationImportHandler.AuditAction}' ORDER BY sequence")).Last();
        Assert.That(audit, Does.Contain("units +0 ~0 ^0 -0; districts +0 ~0 ^0 -0; teams +1 ~3 ^0 -1; leads +1 ~1 ^0 -1"));
    }

    [Test]
    public async Task The_preview_lists_every_change_with_its_row_and_a_team_back_in_the_file_comes_back()
    {
        await OrganisationFile.ImportAsync(admin, (await OrganisationFile.OfDatabaseAsync(app)).CsvBytes());
        await app.ExecuteAsync("UPDATE teams SET is_active = 0, deactivated_at = '2026-01-01 00:00:00' WHERE id = 9");
        var file = await OrganisationFile.OfDatabaseAsync(app);
        file.Team("T9", "Intake & Service Twente", "D3", "IntakeService", 9, "Twente");
        file.Where("code", "T8").Single()["headcount"] = "19";

        var (status, html) = await OrganisationFile.UploadAsync(admin, file.CsvBytes(), "organisatie.csv");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var rows = Html.TableRows(html, "import-changes");
        var rowOfTeam8 = file.Rows.IndexOf(file.Where("code", "T8").Single()) + 2;
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(2));
            Assert.That(rows, Has.Some.Matches<IReadOnlyList<string>>(r => r[0] == rowOfTeam8.ToString() && r[1].Contains("Wijziging") && r[4].Contains("headcount : 18 → 19")));
            Assert.That(rows, Has.Some.Matches<IReadOnlyList<string>>(r => r[1].Contains("Weer actief") && r[2] == "T9"));
        });
        await OrganisationFile.ImportAsync(admin, file.CsvBytes());
        Assert.That(await app.QueryAsync<(long, string?)>("SELECT is_active, deactivated_at FROM teams WHERE id = 9"), Is.EqualTo(new[] { (1L, (string?)null) }));
    }

    [Test]
    public async Task A_confirmation_after_the_organisation_changed_shows_the_new_changes_and_applies_nothing_until_confirmed_again()
    {
        var file = await OrganisationFile.OfDatabaseAsync(app);
        file.Where("code", "T1").Single()["headcount"] = "50";
        var (_, preview) = await OrganisationFile.UploadAsync(admin, file.CsvBytes(), "organisatie.csv");
        var confirm = Html.Form(preview, "/admin/organisation/import/confirm");

        await app.ExecuteAsync("UPDATE teams SET headcount = 40 WHERE id = 2"); // someone edits a team in between
        var before = await app.SnapshotAsync(Ignored);
        using var stale = await admin.PostAsync(confirm.Action, new FormUrlEncodedContent(confirm.Fields));
        var html = await stale.Content.ReadAsStringAsync();
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(Html.Text(html), Does.Contain("De organisatie is veranderd sinds de controle"));
        Assert.That(Html.Text(html), Does.Contain("headcount : 40 → 36"), "the new preview shows the edit the file would undo");
        Assert.That(await app.SnapshotAsync(Ignored), Is.EqualTo(before), "nothing applied");

        var again = Html.Form(html, "/admin/organisation/import/confirm");
        using var applied = await admin.PostAsync(again.Action, new FormUrlEncodedContent(again.Fields));
        Assert.That(applied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.QueryAsync<int>("SELECT headcount FROM teams WHERE id IN (1, 2) ORDER BY id"), Is.EqualTo(new[] { 50, 36 }));
    }

    [Test]
    public async Task An_xlsx_workbook_imports_like_the_csv()
    {
        var file = await OrganisationFile.OfDatabaseAsync(app);
        var (status, html) = await OrganisationFile.ImportAsync(admin, Workbooks.Xlsx(file), "organisatie.xlsx");
        Assert.That(status, Is.EqualTo(HttpStatusCode.Redirect), Html.Text(html));
        var (_, preview) = await OrganisationFile.UploadAsync(admin, file.CsvBytes(), "organisatie.csv");
        Assert.That(Html.ByTestId(preview, "import-no-changes"), Is.Not.Null, "the CSV of the same rows finds nothing left to change");
    }

    private static int Count(string html, ImportLevel level, ChangeKind kind) =>
        int.Parse(Html.Text(Html.ByTestId(html, $"count-{level}-{kind}") ?? throw new AssertionException($"no count {level} {kind}")));

    private Task<List<int>> TeamsOf(string user) => app.QueryAsync<int>(
        "SELECT s.scope_id FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.user_name = @user AND s.scope_type = 'Team' ORDER BY s.scope_id", new { user });

    private Task<List<string>> RolesOf(string user) => app.QueryAsync<string>(
        "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.user_name = @user", new { user });
}
