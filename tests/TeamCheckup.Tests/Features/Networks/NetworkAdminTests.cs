using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Networks;

namespace TeamCheckup.Tests.Features.Networks;

/// <summary>The Administrator keeps the networks (data, never removed) and leadership's deadlines; the user form links a
/// Network representative to networks and gives a Chief the organisation-wide scope. Every change is audited.</summary>
public class NetworkAdminTests
{
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

    [Test]
    public async Task A_network_is_created_renamed_and_deactivated_and_a_duplicate_name_is_refused()
    {
        var mark = await app.AuditMarkAsync();
        using (var created = await admin.SubmitFormAsync("/admin/networks/new", new Dictionary<string, string?> { ["Name"] = "Netwerk Moslimpolitie", ["Kind"] = NetworkKinds.StaffNetwork }, "/admin/networks/new"))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var id = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Moslimpolitie'");
        using (var renamed = await admin.SubmitFormAsync($"/admin/networks/{id}/edit", new Dictionary<string, string?> { ["Name"] = "Netwerk Moslimpolitie Nederland" }, $"/admin/networks/{id}/edit"))
            Assert.That(renamed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var duplicate = await admin.SubmitFormAsync("/admin/networks/new", new Dictionary<string, string?> { ["Name"] = "Netwerk Roze in Blauw", ["Kind"] = NetworkKinds.StaffNetwork }, "/admin/networks/new"))
            Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var badKind = await admin.SubmitFormAsync("/admin/networks/new", new Dictionary<string, string?> { ["Name"] = "Iets", ["Kind"] = "Vakbond" }, "/admin/networks/new"))
            Assert.That(badKind.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using (var deactivated = await admin.PostWithTokenAsync($"/admin/networks/{id}/deactivate", tokenPage: "/admin/networks"))
            Assert.That(deactivated.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var row = (await app.QueryAsync<(string Name, bool Active)>("SELECT name, is_active FROM networks WHERE id = @id", new { id })).Single();
        Assert.That(row, Is.EqualTo(("Netwerk Moslimpolitie Nederland", false)));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM networks WHERE name = 'Iets'"), Is.Zero);
        Assert.That((await app.AuditSinceAsync(mark)).Count(e => e.Subject == $"network:{id}"), Is.EqualTo(3), "created, edited, deactivated");
    }

    [Test]
    public async Task The_deadlines_are_set_in_working_days_and_apply_to_new_signals()
    {
        using (var refused = await admin.SubmitFormAsync("/admin/networks", new Dictionary<string, string?> { ["AcknowledgeDays"] = "10", ["AnswerDays"] = "5" }, "/admin/networks/deadlines"))
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "an answer deadline shorter than the acknowledgement");
        using (var saved = await admin.SubmitFormAsync("/admin/networks", new Dictionary<string, string?> { ["AcknowledgeDays"] = "3", ["AnswerDays"] = "15" }, "/admin/networks/deadlines"))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        try
        {
            await using var connection = await app.OpenDbAsync();
            Assert.That(await NetworkSignalSettings.LoadAsync(connection), Is.EqualTo(new NetworkSignalSettings(3, 15)));
            Assert.That(await admin.GetHtmlAsync("/admin/networks"), Does.Contain("value=\"3\"").And.Contain("value=\"15\""));
        }
        finally
        {
            using var reset = await admin.SubmitFormAsync("/admin/networks", new Dictionary<string, string?> { ["AcknowledgeDays"] = "5", ["AnswerDays"] = "20" }, "/admin/networks/deadlines");
        }
    }

    [Test]
    public async Task The_user_form_links_a_representative_to_networks_and_gives_a_chief_the_organisation_wide_scope()
    {
        var roze = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Roze in Blauw'");
        using (var noNetwork = await admin.SubmitFormAsync("/admin/users/new", form =>
               {
                   form.Set("UserName", "rep2"); form.Set("DisplayName", "Rens Rep"); form.Set("NewPassword", "Een-lang-wachtwoord-77"); form.Set("Roles", "Network");
               }, "/admin/users/new"))
            Assert.That(noNetwork.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a representative needs a network");
        using (var created = await admin.SubmitFormAsync("/admin/users/new", form =>
               {
                   form.Set("UserName", "rep2"); form.Set("DisplayName", "Rens Rep"); form.Set("NewPassword", "Een-lang-wachtwoord-77"); form.Set("Roles", "Network");
                   form.Set("NetworkIds", roze.ToString());
               }, "/admin/users/new"))
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var leadership = await admin.SubmitFormAsync("/admin/users/new", form =>
               {
                   form.Set("UserName", "korps2"); form.Set("DisplayName", "Kees Korps"); form.Set("NewPassword", "Een-lang-wachtwoord-78"); form.Set("Roles", "Chief");
                   form.Set("Organisation", "true");
               }, "/admin/users/new"))
            Assert.That(leadership.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the organisation-wide scope is enough for a Chief");

        var scopes = await app.QueryAsync<(string User, string Type, int Id)>(
            "SELECT u.user_name, s.scope_type, s.scope_id FROM user_scopes s JOIN users u ON u.id = s.user_id WHERE u.user_name IN ('rep2', 'korps2') ORDER BY u.user_name");
        Assert.That(scopes, Is.EqualTo(new[] { ("korps2", "Organisation", 0), ("rep2", "Network", roze) }));
        var list = Html.Text(await admin.GetHtmlAsync("/admin/users?search=korps2"));
        Assert.That(list, Does.Contain("Hele organisatie (leiding)"));
        Assert.That(Html.Text(await admin.GetHtmlAsync("/admin/users?search=rep2")), Does.Contain("Netwerk Roze in Blauw"));
        using var rep = await app.SignInAsync("rep2", "Een-lang-wachtwoord-77");
        Assert.That(Html.Text(await rep.GetHtmlAsync("/signals")), Does.Contain("Je spreekt voor: Netwerk Roze in Blauw"));
    }
}
