using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Users;

/// <summary>The Administrator's account pages: validation, roles and scopes taking effect at once (sessions
/// end on every change), deactivation, unlocking.</summary>
public class UserAdministrationTests
{
    private const string Password = "Een-lang-wachtwoord-2026";
    private TestApp app = null!;
    private HttpClient admin = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    private Task<HttpResponseMessage> SaveUser(string page, string userName, string[] roles, string[]? units = null, string[]? teams = null,
        string? password = Password, string displayName = "Test Gebruiker", string? email = null) =>
        admin.SubmitFormAsync(page, form =>
        {
            form.Set("UserName", userName);
            form.Set("DisplayName", displayName);
            form.Set("Email", email);
            form.Set("NewPassword", password);
            form.Set("Roles", roles);
            form.Set("UnitIds", units ?? []);
            form.Set("DistrictIds");
            form.Set("TeamIds", teams ?? []);
        });

    private Task<long> UserId(string userName) => app.ScalarAsync<long>("SELECT id FROM users WHERE user_name = @userName", new { userName });

    [Test]
    public async Task A_new_account_can_sign_in_with_its_roles_and_scope()
    {
        var mark = await app.AuditMarkAsync();
        using var saved = await SaveUser("/admin/users/new", "Nieuwe.Chef", ["Chief"], units: ["2"]);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await saved.Content.ReadAsStringAsync()));

        using var client = await app.SignInAsync("nieuwe.chef", Password);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await client.GetAsync("/teams/7")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "unit 2 is in scope");
            Assert.That((await client.GetAsync("/teams/1")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "unit 1 is not");
            Assert.That((await client.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            var entry = (await app.AuditSinceAsync(mark)).First(e => e.Action == AuditActions.AdminChange);
            Assert.That(entry.Details, Does.Contain("created").And.Contain("roles=Chief").And.Contain("password set"));
            Assert.That(entry.Details, Does.Not.Contain(Password), "the password itself is never audited");
            Assert.That(await app.ScalarAsync<string>("SELECT password_hash FROM users WHERE user_name = 'nieuwe.chef'"), Does.Not.Contain(Password));
        });
    }

    public static IEnumerable<TestCaseData> BadAccounts()
    {
        TestCaseData Case(string name, string userName, string[] roles, string[] units, string[] teams, string? password, string? email, string expected) =>
            new TestCaseData(userName, roles, units, teams, password, email, expected).SetName($"Refused: {name}");
        yield return Case("no user name", "", ["Chief"], ["1"], [], Password, null, "'Gebruikersnaam' mag niet leeg zijn");
        yield return Case("spaces in user name", "jan jansen", ["Chief"], ["1"], [], Password, null, "De gebruikersnaam mag alleen letters, cijfers en . _ @ - bevatten");
        yield return Case("duplicate user name", "TEAMCHEF", ["Chief"], ["1"], [], Password, null, "Deze gebruikersnaam is al in gebruik");
        yield return Case("no password", "zonder.wachtwoord", ["Chief"], ["1"], [], null, null, "Wachtwoord");
        yield return Case("short password", "kort.wachtwoord", ["Chief"], ["1"], [], "Kort-1", null, "12");
        yield return Case("common password with digits", "gewoon.wachtwoord", ["Chief"], ["1"], [], "Password2026!", null, "te makkelijk te raden");
        yield return Case("common password in capitals", "hoofdletters", ["Chief"], ["1"], [], "!!QWERTYUIOP123", null, "te makkelijk te raden");
        yield return Case("common 12-character password", "lang.gewoon", ["Chief"], ["1"], [], "1qaz2wsx3edc", null, "te makkelijk te raden");
        yield return Case("user name in password", "jan.de.vries", ["Chief"], ["1"], [], "Jan.de.Vries-2026", null, "te makkelijk te raden");
        yield return Case("repetition", "herhaling", ["Chief"], ["1"], [], "abababababab", null, "te makkelijk te raden");
        yield return Case("sequence", "reeks", ["Chief"], ["1"], [], "123456789012", null, "te makkelijk te raden");
        yield return Case("no role", "geen.rol", [], ["1"], [], Password, null, "Kies minstens één rol");
        yield return Case("unknown role", "rare.rol", ["SuperUser"], ["1"], [], Password, null, "Kies een rol uit de lijst");
        yield return Case("team lead without team", "teamchef3", ["TeamLead"], [], [], Password, null, "Een teamchef heeft minstens één team nodig");
        yield return Case("chief without unit", "chef3", ["Chief"], [], [], Password, null, "Een chef of adviseur heeft minstens één eenheid of district nodig");
        yield return Case("unknown unit", "chef4", ["Chief"], ["999"], [], Password, null, "bestaat niet");
        yield return Case("bad e-mail", "chef5", ["Chief"], ["1"], [], Password, "geen-mailadres", "E-mail");
    }

    [TestCaseSource(nameof(BadAccounts))]
    public async Task A_bad_account_is_refused_and_nothing_is_stored(string userName, string[] roles, string[] units, string[] teams, string? password, string? email, string expected)
    {
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");
        using var response = await SaveUser("/admin/users/new", userName, roles, units, teams, password, email: email);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(expected));
        Assert.That(Html.Form(html)["NewPassword"] ?? "", Is.Empty, "a password is never sent back into the page");
        Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at"), Is.EquivalentTo(before));
    }

    [Test]
    public async Task Changing_an_account_ends_its_sessions_and_new_rights_apply_at_once()
    {
        using var saved = await SaveUser("/admin/users/new", "wisselaar", ["TeamLead"], teams: ["1"]);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var user = await app.SignInAsync("wisselaar", Password);
        Assert.That((await user.GetAsync("/teams/1")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var id = await UserId("wisselaar");
        using var edited = await admin.SubmitFormAsync($"/admin/users/{id}/edit", form => form.Set("TeamIds", "7"));
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await edited.Content.ReadAsStringAsync()));

        using var afterChange = await user.GetAsync("/");
        Assert.That(afterChange.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the old session ended");

        using var again = await app.SignInAsync("wisselaar", Password);
        Assert.That((await again.GetAsync("/teams/1")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await again.GetAsync("/teams/7")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Editing_without_a_new_password_keeps_the_old_one()
    {
        using var saved = await SaveUser("/admin/users/new", "blijvend", ["Chief"], units: ["1"]);
        var id = await UserId("blijvend");
        using var edited = await admin.SubmitFormAsync($"/admin/users/{id}/edit", new Dictionary<string, string?> { ["DisplayName"] = "Blijvend Hernoemd" });
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using var client = await app.SignInAsync("blijvend", Password);
        Assert.That(Html.Text(await client.GetHtmlAsync("/")), Does.Contain("Blijvend Hernoemd"));
    }

    [Test]
    public async Task A_deactivated_account_is_signed_out_everywhere_and_cannot_sign_in_until_reactivated()
    {
        using var user = await app.SignInAsync(Demo.Vik);
        var id = await UserId(Demo.Vik);

        using var deactivated = await admin.PostWithTokenAsync($"/admin/users/{id}/deactivate");
        Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await user.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the running session ended");
        using (var anonymous = app.CreateBrowser())
            Assert.That((await anonymous.PostSignInAsync(Demo.Vik, TestApp.Password)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE id = @id", new { id }), Is.EqualTo(1), "never deleted");

        (await admin.PostWithTokenAsync($"/admin/users/{id}/reactivate")).Dispose();
        (await app.SignInAsync(Demo.Vik)).Dispose();
    }

    [Test]
    public async Task An_administrator_cannot_deactivate_their_own_account()
    {
        var id = await UserId(Demo.Administrator);
        using var response = await admin.PostWithTokenAsync($"/admin/users/{id}/deactivate");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<long>("SELECT is_active FROM users WHERE id = @id", new { id }), Is.EqualTo(1));
        Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/users")), Does.Contain("Je kunt je eigen account niet deactiveren"));
    }

    [Test]
    public async Task Unlocking_lets_a_locked_account_sign_in_again()
    {
        using var anonymous = app.CreateBrowser();
        for (var i = 0; i < 5; i++) (await anonymous.PostSignInAsync(Demo.TeamLead2, "fout-wachtwoord")).Dispose();
        Assert.That((await anonymous.PostSignInAsync(Demo.TeamLead2, TestApp.Password)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "locked");
        Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/users")), Does.Contain("Tara Teamchef"));

        (await admin.PostWithTokenAsync($"/admin/users/{await UserId(Demo.TeamLead2)}/unlock")).Dispose();

        Assert.That((await anonymous.PostSignInAsync(Demo.TeamLead2, TestApp.Password)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Status_changes_on_an_unknown_account_answer_404()
    {
        using var response = await admin.PostWithTokenAsync("/admin/users/9999/unlock");
        using var page = await admin.GetAsync("/admin/users/9999/edit");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
