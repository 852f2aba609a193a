using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// The same rendered form sent twice — a double click, the back button, a retry, or two requests at once —
/// is handled once, for every form that creates rows; a refused form can be corrected and sent again.
/// </summary>
public class FormTokenTests
{
    private TestApp app = null!;
    private IReadOnlyDictionary<int, int> rounds = new Dictionary<int, int>();
    private Triage.FiledCase filed = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        rounds = await Checkups.EnsureRoundsAsync(app);
        filed = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3);
        using var lead2 = await app.SignInAsync(Demo.TeamLead2);
        await Checkups.OpenPulseAsync(lead2, rounds[7], 2); // so that more codes can be asked for
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    /// <summary>Each form that creates rows, who sends it, what to fill in, and the rows it creates.</summary>
    public static IEnumerable<TestCaseData> CreatingForms()
    {
        TestCaseData Case(string name, string actor, string page, string? action, string count, params string[] fields) =>
            new TestCaseData(actor, page, action, count, fields).SetName("Sent twice, stored once: " + name);
        yield return Case("review agreement", Demo.TeamLead, "/rounds/{round}/review", "/rounds/{round}/review",
            "SELECT COUNT(*) FROM agreements WHERE what = 'Twee keer geklikt'",
            "NewAgreements[0].What=Twee keer geklikt", "NewAgreements[0].SupportingParty=HRM", "NewAgreements[0].Owner=Tom", "NewAgreements[0].DueDate={due}");
        yield return Case("incident", Demo.TeamLead, "/incidents/new", null, "SELECT COUNT(*) FROM incidents WHERE description = 'Dubbel incident'",
            "TeamId=1", "Category=Conflict", "Severity=Low", "Description=Dubbel incident");
        yield return Case("anonymous report", "(anonymous)", "/melden", null, "SELECT COUNT(*) FROM report_messages WHERE body = 'Dubbele melding'",
            "UnitId=1", "TeamId=0", "Category=Other", "Description=Dubbele melding");
        yield return Case("case entry", Demo.Hrm, "/cases/{case}", "/cases/{case}/entries", "SELECT COUNT(*) FROM case_entries WHERE body = 'Dubbele notitie'",
            "Kind=Note", "Body=Dubbele notitie");
        yield return Case("reply to reporter", Demo.Vik, "/cases/{case}", "/cases/{case}/messages", "SELECT COUNT(*) FROM report_messages WHERE body = 'Dubbel antwoord'",
            "Body=Dubbel antwoord");
        yield return Case("new unit", Demo.Administrator, "/admin/organisation/units/new", null, "SELECT COUNT(*) FROM units WHERE code = 'DBL'",
            "Code=DBL", "Name=Eenheid Dubbel");
        yield return Case("more pulse codes", Demo.TeamLead2, "/rounds/{round7}", "/rounds/{round7}/pulse/codes", "SELECT codes_issued FROM checkup_rounds WHERE id = {round7}",
            "Count=3");
    }

    [TestCaseSource(nameof(CreatingForms))]
    public async Task The_same_form_sent_twice_is_stored_once(string actor, string page, string? action, string count, string[] fields)
    {
        using var sender = actor == "(anonymous)" ? app.CreateBrowser() : await app.SignInAsync(actor);
        var form = Html.Form(await sender.GetHtmlAsync(Resolve(page)), action is null ? null : Resolve(action));
        foreach (var field in fields.Select(f => f.Split('=', 2))) form.Set(field[0], Resolve(field[1]));
        var countSql = Resolve(count);
        var before = await app.ScalarAsync<long>(countSql);

        using var first = await sender.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        var afterFirst = await app.ScalarAsync<long>(countSql);
        using var again = await sender.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));

        Assert.Multiple(async () =>
        {
            Assert.That((int)first.StatusCode, Is.InRange(200, 399), Html.ErrorSummary(await first.Content.ReadAsStringAsync()));
            Assert.That(afterFirst, Is.GreaterThan(before), "the first one was stored");
            Assert.That(await app.ScalarAsync<long>(countSql), Is.EqualTo(afterFirst), "the second one was not");
            if (first.StatusCode == HttpStatusCode.Redirect)
                Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location), "a repeat lands where the first one did");
            else
            {
                Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
                Assert.That(Html.Text(await again.Content.ReadAsStringAsync()), Does.Contain("al verstuurd en is verwerkt"));
            }
        });
    }

    [Test]
    public async Task Two_requests_with_one_form_at_the_same_moment_store_one_agreement()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var form = Html.Form(await lead.GetHtmlAsync($"/rounds/{rounds[1]}/review"), $"/rounds/{rounds[1]}/review");
        form.Set("NewAgreements[0].What", "Tegelijk");
        form.Set("NewAgreements[0].SupportingParty", "VIK");
        form.Set("NewAgreements[0].Owner", "Tom");
        form.Set("NewAgreements[0].DueDate", Resolve("{due}"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => lead.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields))));
        Assert.That(responses.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Redirect), "each gets the answer of the one that was handled");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM agreements WHERE what = 'Tegelijk'"), Is.EqualTo(1));
        foreach (var response in responses) response.Dispose();
    }

    [Test]
    public async Task A_refused_form_can_be_corrected_and_sent_again_with_the_same_token()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var form = Html.Form(await admin.GetHtmlAsync("/admin/organisation/units/new"));
        form.Set("Code", "RFS");
        form.Set("Name", "");
        using var refused = await admin.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        form.Set("Name", "Eenheid Verbeterd");
        using var corrected = await admin.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(corrected.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await corrected.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM units WHERE code = 'RFS'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_form_without_its_token_is_refused_and_every_post_form_carries_one()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var html = await admin.GetHtmlAsync("/admin/organisation");
        var postForms = System.Text.RegularExpressions.Regex.Matches(html, @"<form\b[^>]*method=""post""[^>]*>.*?</form>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.That(postForms, Has.Count.GreaterThan(3));
        Assert.That(postForms.Select(m => m.Value), Has.All.Contains($"name=\"{Html.FormTokenField}\""));
        Assert.That(postForms.Select(m => Html.Forms(m.Value)[0][Html.FormTokenField]).Distinct().Count(), Is.EqualTo(postForms.Count), "one token per form");

        var form = Html.Form(await admin.GetHtmlAsync("/admin/organisation/units/new"));
        form.Set("Code", "NTK");
        form.Set("Name", "Eenheid Zonder Token");
        form.Set(Html.FormTokenField, null);
        using var response = await admin.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("verouderd of onvolledig"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM units WHERE code = 'NTK'"), Is.Zero);
    }

    [Test]
    public async Task Old_tokens_are_forgotten_by_the_daily_job_and_recent_ones_kept()
    {
        var today = app.Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>().Today;
        await app.ExecuteAsync("INSERT INTO form_submissions (token, state, location, used_on) VALUES ('old-token-aaaaaaaaaaaaaaaa', 'done', NULL, @old), ('new-token-aaaaaaaaaaaaaaaa', 'done', NULL, @recent)",
            new { old = today.AddDays(-31), recent = today.AddDays(-29) });
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<FormTokenCleanupJob>().RunAsync();
        await scope.ServiceProvider.GetRequiredService<FormTokenCleanupJob>().RunAsync();
        var left = await app.QueryAsync<string>("SELECT token FROM form_submissions WHERE token LIKE '%-token-%'");
        Assert.That(left, Is.EqualTo(new[] { "new-token-aaaaaaaaaaaaaaaa" }));
    }

    private string Resolve(string text) => text
        .Replace("{round7}", rounds[7].ToString()).Replace("{round}", rounds[2].ToString()).Replace("{case}", filed.CaseId.ToString())
        .Replace("{due}", app.Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>().Today.AddDays(60).ToString("yyyy-MM-dd"));
}
