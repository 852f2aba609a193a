using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Organisation;

/// <summary>The Administrator's unit, district and team forms: bad input is refused with 400, a readable
/// message in the user's language and nothing stored; good input is stored and audited.</summary>
public class OrganisationFormTests
{
    private TestApp app = null!;
    private HttpClient admin = null!;
    private HttpClient adminEnglish = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        admin = await app.SignInAsync(Demo.Administrator);
        adminEnglish = await app.SignInAsync(Demo.Administrator);
        (await adminEnglish.SubmitFormAsync("/", new Dictionary<string, string?> { ["culture"] = "en-GB", ["returnUrl"] = "/" }, "/language")).Dispose();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        admin.Dispose();
        adminEnglish.Dispose();
        app.Dispose();
    }

    private static Dictionary<string, string?> ValidTeam(string name) => new()
    {
        ["DistrictId"] = "1", ["Name"] = name, ["TeamType"] = "Basisteam", ["Headcount"] = "25", ["CadenceMonths"] = "3", ["ServiceArea"] = "Wijk Oost",
    };

    /// <summary>Posts the form of <paramref name="page"/> with <paramref name="values"/> and checks it was refused
    /// without a trace; returns the error summary text and the re-shown form.</summary>
    private async Task<(string Summary, HtmlForm Form)> Refused(HttpClient client, string page, Dictionary<string, string?> values)
    {
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");
        using var response = await client.SubmitFormAsync(page, values);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at"), Is.EquivalentTo(before), "nothing stored, not even an audit entry");
        var summary = Html.ErrorSummary(html);
        Assert.That(summary, Is.Not.Empty, "an error summary explains what is wrong");
        return (summary, Html.Form(html));
    }

    // ---- teams ----------------------------------------------------------------------------------

    [TestCase("Headcount", "0", "Medewerkers")]
    [TestCase("Headcount", "2001", "Medewerkers")]
    [TestCase("Headcount", "10001", "Medewerkers")]
    [TestCase("Headcount", "-3", "Medewerkers")]
    [TestCase("Headcount", "", "Medewerkers")]
    [TestCase("Name", "", "Naam")]
    [TestCase("Name", "   ", "Naam")]
    [TestCase("CadenceMonths", "5", "Kies een check-upritme uit de lijst")]
    [TestCase("CadenceMonths", "0", "Kies een check-upritme uit de lijst")]
    [TestCase("TeamType", "Onbekend", "Kies een soort team uit de lijst")]
    [TestCase("DistrictId", "0", "Kies een actief district")]
    [TestCase("DistrictId", "999", "Kies een actief district")]
    public async Task A_bad_team_is_refused_in_Dutch(string field, string value, string expected)
    {
        var values = ValidTeam("Team met fout");
        values[field] = value;
        var (summary, form) = await Refused(admin, "/admin/organisation/teams/new?districtId=1", values);

        Assert.That(summary, Does.Contain(expected));
        Assert.That(summary, Does.Not.Contain(" must ").And.Not.Contain("is not valid").And.Not.Contain("'Headcount'"), "Dutch, not English");
        Assert.That(form["Name"], Is.EqualTo(values["Name"]), "what was typed is kept");
    }

    [Test]
    public async Task A_too_long_team_name_and_service_area_are_refused()
    {
        var values = ValidTeam(new string('x', 201));
        values["ServiceArea"] = new string('y', 501);
        var (summary, _) = await Refused(admin, "/admin/organisation/teams/new?districtId=1", values);
        Assert.That(summary, Does.Contain("Naam").And.Contain("200"));
        Assert.That(summary, Does.Contain("Verzorgingsgebied").And.Contain("500"));
    }

    [Test]
    public async Task A_headcount_that_is_not_a_number_is_refused_with_a_Dutch_message()
    {
        var values = ValidTeam("Team met tekst");
        values["Headcount"] = "veel";
        var (summary, _) = await Refused(admin, "/admin/organisation/teams/new?districtId=1", values);
        Assert.That(summary, Does.Contain("veel").And.Contain("niet geldig"));
    }

    [TestCase("Headcount", "0", "Headcount", "between 1 and 2000")]
    [TestCase("Name", "", "Name", "")]
    [TestCase("CadenceMonths", "5", "Choose a check-up cadence from the list", "")]
    public async Task A_bad_team_is_refused_in_English_after_the_switch(string field, string value, string expected, string alsoExpected)
    {
        var values = ValidTeam("Team with error");
        values[field] = value;
        var (summary, _) = await Refused(adminEnglish, "/admin/organisation/teams/new?districtId=1", values);
        Assert.That(summary, Does.Contain("Please check the form").And.Contain(expected).And.Contain(alsoExpected));
        Assert.That(summary, Does.Not.Contain("Medewerkers").And.Not.Contain("Controleer"));
    }

    [Test]
    public async Task A_duplicate_team_name_in_the_district_is_refused()
    {
        var (summary, _) = await Refused(admin, "/admin/organisation/teams/new?districtId=1", ValidTeam("Basisteam Utrecht-Centrum"));
        Assert.That(summary, Does.Contain("Dit district heeft al een team met deze naam"));
    }

    [Test]
    public async Task A_valid_team_is_stored_audited_and_editable()
    {
        var mark = await app.AuditMarkAsync();
        using var created = await admin.SubmitFormAsync("/admin/organisation/teams/new?districtId=1", ValidTeam("Team Nieuw"));
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(created.Headers.Location!.OriginalString, Is.EqualTo("/admin/organisation"));

        var team = (await app.QueryAsync<(long Id, long DistrictId, string TeamType, long Headcount, long CadenceMonths, string ServiceArea, long IsActive)>(
            "SELECT id, district_id, team_type, headcount, cadence_months, service_area, is_active FROM teams WHERE name = 'Team Nieuw'")).Single();
        Assert.That(team, Is.EqualTo((team.Id, 1L, "Basisteam", 25L, 3L, "Wijk Oost", 1L)));
        Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e =>
            e.Actor == Demo.Administrator && e.Action == AuditActions.AdminChange && e.Subject == $"team:{team.Id}" && e.Details!.StartsWith("created")));

        var edit = $"/admin/organisation/teams/{team.Id}/edit";
        var form = Html.Form(await admin.GetHtmlAsync(edit));
        Assert.That((form["Name"], form["Headcount"], form["CadenceMonths"], form["ServiceArea"]), Is.EqualTo(("Team Nieuw", "25", "3", "Wijk Oost")), "the edit form shows the stored values");
        using var edited = await admin.SubmitFormAsync(edit, new Dictionary<string, string?> { ["Headcount"] = "2000", ["CadenceMonths"] = "12" });
        Assert.That(edited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT headcount || '/' || cadence_months FROM teams WHERE id = @Id", new { team.Id }), Is.EqualTo("2000/12"));

        var overview = Html.Text(await admin.GetHtmlAsync("/admin/organisation"));
        Assert.That(overview, Does.Contain("Opgeslagen").And.Contain("Team Nieuw"));
    }

    // ---- units and districts ----------------------------------------------------------------------

    [TestCase("", "Eenheid Leeg", "Code")]
    [TestCase("M N E", "Eenheid Spatie", "De code mag alleen letters, cijfers en streepjes bevatten")]
    [TestCase("ABCDEFGHIJKLMNOPQRSTU", "Eenheid Lang", "Code")]
    [TestCase("mne", "Dubbel", "Er bestaat al een eenheid met deze code")]
    [TestCase("XYZ", "", "Naam")]
    public async Task A_bad_unit_is_refused(string code, string name, string expected)
    {
        var (summary, _) = await Refused(admin, "/admin/organisation/units/new", new() { ["Code"] = code, ["Name"] = name });
        Assert.That(summary, Does.Contain(expected));
    }

    [TestCase("0", "District X", "Kies een actieve eenheid")]
    [TestCase("1", "", "Naam")]
    [TestCase("1", "District Utrecht-Stad", "Deze eenheid heeft al een district met deze naam")]
    [TestCase("77", "District X", "Kies een actieve eenheid")]
    public async Task A_bad_district_is_refused(string unitId, string name, string expected)
    {
        var (summary, _) = await Refused(admin, "/admin/organisation/districts/new?unitId=1", new() { ["UnitId"] = unitId, ["Name"] = name });
        Assert.That(summary, Does.Contain(expected));
    }

    [Test]
    public async Task A_unit_code_is_stored_in_capitals()
    {
        using var response = await admin.SubmitFormAsync("/admin/organisation/units/new", new Dictionary<string, string?> { ["Code"] = "zee-1", ["Name"] = "Eenheid Zee" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT code FROM units WHERE name = 'Eenheid Zee'"), Is.EqualTo("ZEE-1"));
    }

    [Test]
    public async Task Editing_a_record_that_does_not_exist_answers_404()
    {
        using var page = await admin.GetAsync("/admin/organisation/teams/9999/edit");
        using var post = await admin.PostWithTokenAsync("/admin/organisation/units/9999/edit", new Dictionary<string, string> { ["Code"] = "NIX", ["Name"] = "Niks" });
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM units WHERE code = 'NIX'"), Is.Zero);
    }
}
