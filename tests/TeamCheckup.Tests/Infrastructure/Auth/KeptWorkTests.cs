using System.Net;
using System.Text.Json;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>Nobody loses what they typed (issue 15, item 2): the keep-alive extends the server-side session, the
/// review's automatic draft is kept and put back, and a form sent after the session ended is kept and offered again
/// after signing in — to the same user only. Time comes from a hand-moved clock (idle timeout 20 minutes).</summary>
public class KeptWorkTests
{
    private TestApp app = null!;
    private ManualTimeProvider clock = null!;
    private int round;

    [OneTimeSetUp]
    public async Task Start()
    {
        clock = new ManualTimeProvider();
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        round = (await Support.Checkups.EnsureRoundsAsync(app))[1];
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private static async Task<HttpResponseMessage> KeepAliveAsync(HttpClient client, string token) =>
        await client.PostAsync("/account/keep-alive", new FormUrlEncodedContent([new(Html.TokenField, token)]));

    [Test]
    public async Task The_keep_alive_extends_the_server_side_session()
    {
        using var client = await app.SignInAsync(Demo.Vik);
        var token = Html.AntiforgeryToken(await client.GetHtmlAsync("/"));
        clock.Advance(TimeSpan.FromMinutes(15));
        using (var alive = await KeepAliveAsync(client, token))
        {
            Assert.That(alive.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var secondsLeft = JsonDocument.Parse(await alive.Content.ReadAsStringAsync()).RootElement.GetProperty("secondsLeft").GetInt32();
            Assert.That(secondsLeft, Is.InRange(19 * 60, 20 * 60), "a fresh idle window from now");
        }
        clock.Advance(TimeSpan.FromMinutes(15));
        using (var home = await client.GetAsync("/"))
            Assert.That(home.StatusCode, Is.EqualTo(HttpStatusCode.OK), "30 minutes after the last page, 15 after the keep-alive");
        clock.Advance(TimeSpan.FromMinutes(21));
        using (var late = await KeepAliveAsync(client, token))
            Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "an ended session is not brought back");
    }

    [Test]
    public async Task The_page_says_when_the_session_ends_and_when_it_warns()
    {
        using var client = await app.SignInAsync(Demo.Vik);
        var html = await client.GetHtmlAsync("/");
        Assert.That(html, Does.Contain("data-session-warn=\"120\"").And.Contain("data-keep-alive=\"/account/keep-alive\""));
        var seconds = int.Parse(System.Text.RegularExpressions.Regex.Match(html, "data-session-seconds=\"(\\d+)\"").Groups[1].Value);
        Assert.That(seconds, Is.InRange(18 * 60, 20 * 60));
        Assert.That(await app.CreateBrowser().GetStringAsync("/account/sign-in"), Does.Not.Contain("session-warning"), "nobody signed in, no warning");
    }

    [Test]
    public async Task The_review_draft_is_kept_as_the_lead_types_and_put_back()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var form = Html.Form(await lead.GetHtmlAsync($"/rounds/{round}/review"), $"/rounds/{round}/review");
        form.Set("Dimensions[2].Note", "Half getypt, nog niet opgeslagen");
        form.Set("Bottlenecks[0].Description", "Rooster loopt vast");
        form.Set("Bottlenecks[0].Category", "Staffing");
        form.Set("Bottlenecks[0].Severity", "Medium");
        using (var saved = await lead.PostAsync($"/rounds/{round}/review/autosave", new FormUrlEncodedContent(form.Fields.Where(f => f.Key != Html.FormTokenField))))
        {
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK), await saved.Content.ReadAsStringAsync());
            Assert.That(await saved.Content.ReadAsStringAsync(), Does.Contain("savedAt"));
        }
        Assert.That(await app.ScalarAsync<string>("SELECT payload FROM kept_forms WHERE kind = 'draft'"), Does.Not.Contain("Rooster"), "encrypted at rest");

        var reopened = await lead.GetHtmlAsync($"/rounds/{round}/review");
        Assert.That(reopened, Does.Contain("data-testid=\"draft-restored\"").And.Contain("Half getypt, nog niet opgeslagen").And.Contain("Rooster loopt vast"));
        var savedVersion = await lead.GetHtmlAsync($"/rounds/{round}/review?saved=true");
        Assert.That(savedVersion, Does.Not.Contain("Half getypt").And.Not.Contain("draft-restored"));

        using (var other = await app.SignInAsync(Demo.TeamLead2))
        using (var refused = await other.PostAsync($"/rounds/{round}/review/autosave", new FormUrlEncodedContent(
                   [new(Html.TokenField, Html.AntiforgeryToken(await other.GetHtmlAsync("/"))), new("Dimensions[0].Note", "x")])))
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another team's lead keeps nothing here");

        using var real = await lead.SubmitFormAsync($"/rounds/{round}/review", f => f.Set("action", "draft"), $"/rounds/{round}/review");
        Assert.That(real.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await real.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<string>("SELECT note FROM review_dimensions WHERE round_id = @round AND dimension = 'Workload'", new { round }),
            Is.EqualTo("Half getypt, nog niet opgeslagen"), "saving the restored form saves what was typed");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM kept_forms WHERE kind = 'draft'"), Is.Zero, "the saved review replaces its draft");
        Assert.That(await lead.GetHtmlAsync($"/rounds/{round}/review"), Does.Not.Contain("draft-restored"));
    }

    [Test]
    public async Task A_form_sent_after_the_session_ended_is_kept_and_offered_after_signing_in()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var form = Html.Form(await lead.GetHtmlAsync($"/rounds/{round}/review"), $"/rounds/{round}/review");
        form.Set("TensionFlag", "true", "false");
        form.Set("TensionDescription", "Getypt tot na het verlopen van de sessie");
        form.Set("action", "draft");
        clock.Advance(TimeSpan.FromMinutes(25));

        using var late = await lead.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var signIn = late.Headers.Location!.OriginalString;
        Assert.That(signIn, Does.StartWith("/account/sign-in?returnUrl=%2Faccount%2Fkept%2F"));
        var keptPath = Uri.UnescapeDataString(signIn.Split("returnUrl=")[1]);
        Assert.That(await lead.GetHtmlAsync(signIn), Does.Contain("data-testid=\"form-kept\""));
        Assert.That(await app.ScalarAsync<string>("SELECT tension_description FROM checkup_rounds WHERE id = @round", new { round }),
            Is.Not.EqualTo("Getypt tot na het verlopen van de sessie"), "nothing saved without a session");

        using (var other = await app.SignInAsync(Demo.TeamLead2))
            await other.GetHtmlAsync(keptPath, HttpStatusCode.NotFound);

        using (var again = await lead.PostSignInAsync(Demo.TeamLead, TestApp.Password, keptPath))
            Assert.That(again.Headers.Location?.OriginalString, Is.EqualTo(keptPath));
        var kept = await lead.GetHtmlAsync(keptPath);
        Assert.That(kept, Does.Contain("Getypt tot na het verlopen van de sessie"));
        using var resent = await lead.SubmitFormAsync(keptPath, _ => { }, $"/rounds/{round}/review");
        Assert.That(resent.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await resent.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<string>("SELECT tension_description FROM checkup_rounds WHERE id = @round", new { round }),
            Is.EqualTo("Getypt tot na het verlopen van de sessie"));
    }

    [Test]
    public async Task A_post_without_a_signed_in_cookie_keeps_nothing()
    {
        using var stranger = app.CreateBrowser();
        var token = Html.AntiforgeryToken(await stranger.GetHtmlAsync("/account/sign-in"));
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM kept_forms");
        using var response = await stranger.PostAsync($"/rounds/{round}/review", new FormUrlEncodedContent(
            [new(Html.TokenField, token), new(Html.FormTokenField, Html.NewFormToken()), new("TensionDescription", "x")]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM kept_forms"), Is.EqualTo(before));
    }
}
