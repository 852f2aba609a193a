using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Audit;

/// <summary>The Administrator's audit page and its on-demand chain check.</summary>
public class AuditPageTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task The_page_lists_the_latest_entries_newest_first()
    {
        using (var anonymous = app.CreateBrowser()) (await anonymous.PostSignInAsync("indringer", "geheim-wachtwoord")).Dispose();
        using var admin = await app.SignInAsync(Demo.Administrator);
        var text = Html.Text(await admin.GetHtmlAsync("/admin/audit"));
        Assert.That(text, Does.Contain("indringer").And.Contain(AuditActions.SignInFailed));
        Assert.That(text.IndexOf(AuditActions.SignIn + " ", StringComparison.Ordinal), Is.LessThan(text.IndexOf("indringer", StringComparison.Ordinal)),
            "the administrator's own sign-in (newer) comes before the failed attempt");
    }

    [Test]
    public async Task Verifying_shows_an_intact_chain_and_is_itself_audited()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var mark = await app.AuditMarkAsync();

        using var response = await admin.SubmitFormAsync("/admin/audit", formAction: "/admin/audit/verify");
        var text = Html.Text(await response.Content.ReadAsStringAsync());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(text, Does.Contain("De keten is intact"));
        Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e =>
            e.Actor == Demo.Administrator && e.Action == AuditActions.AuditVerified && e.Details!.StartsWith("intact")));
    }
}
