using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Every POST endpoint of the app, found in its EndpointDataSource (so new ones are covered without
/// editing this file), refuses a signed-in administrator's post without an antiforgery token with 400
/// and stores nothing. The same post with a token is then accepted and does change the database, which
/// shows the payload was a real change and the "nothing stored" check can see one.
/// </summary>
public class AntiforgeryTests
{
    /// <summary>A valid form for each POST endpoint (ids are 2: teamchef, Oost-Nederland, ...). A new endpoint
    /// without an entry is posted with the form of its GET page, or empty; the control step then tells you
    /// to add one here.</summary>
    private static readonly Dictionary<string, List<KeyValuePair<string, string>>> Payloads = new()
    {
        ["/admin/organisation/units/new"] = [new("Code", "AFT"), new("Name", "Eenheid Antiforgery")],
        ["/admin/organisation/units/2/edit"] = [new("Code", "ONN"), new("Name", "Eenheid Oost-Nederland (gewijzigd)")],
        ["/admin/organisation/districts/new"] = [new("UnitId", "2"), new("Name", "District Antiforgery")],
        ["/admin/organisation/districts/2/edit"] = [new("UnitId", "1"), new("Name", "District Gooi (gewijzigd)")],
        ["/admin/organisation/teams/new"] = [new("DistrictId", "2"), new("Name", "Team Antiforgery"), new("TeamType", "Basisteam"), new("Headcount", "10"), new("CadenceMonths", "3")],
        ["/admin/organisation/teams/2/edit"] = [new("DistrictId", "1"), new("Name", "Basisteam Utrecht-Noord"), new("TeamType", "Basisteam"), new("Headcount", "37"), new("CadenceMonths", "6")],
        ["/admin/users/new"] = [new("UserName", "af.test"), new("DisplayName", "AF Test"), new("NewPassword", "Een-lang-wachtwoord-1"), new("Roles", "Chief"), new("UnitIds", "1")],
        ["/admin/users/2/edit"] = [new("UserName", "teamchef"), new("DisplayName", "Tom (gewijzigd)"), new("Roles", "TeamLead"), new("TeamIds", "1"), new("TeamIds", "2")],
        ["/account/sign-in"] = [new("UserName", Demo.Administrator), new("Password", TestApp.Password)],
        ["/language"] = [new("culture", "en-GB"), new("returnUrl", "/")],
    };

    /// <summary>Endpoints that change no table when accepted (their effect is a cookie).</summary>
    private static readonly HashSet<string> CookieOnly = ["/language"];

    /// <summary>Endpoints without a method restriction; none of them may write on a POST without a token.</summary>
    private static readonly HashSet<string> AnyMethodEndpoints = ["/error/{statusCode:int?}", "/hangfire/{**path}", "/health/live", "/health/ready"];

    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public void Only_known_read_only_endpoints_accept_any_method()
    {
        var anyMethod = AppEndpoints.List(app.Services).Where(e => e.AcceptsAnyMethod).Select(e => e.Pattern);
        Assert.That(anyMethod, Is.EquivalentTo(AnyMethodEndpoints),
            "an action without [HttpGet]/[HttpPost] answers every method; give it an explicit one");
    }

    [Test]
    public async Task Every_POST_endpoint_refuses_a_post_without_token_and_stores_nothing()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var urls = AppEndpoints.List(app.Services).Where(e => e.Methods.Contains("POST"))
            .SelectMany(e => e.SampleUrls(id: 2)).Where(u => u != "/account/sign-out").ToList();
        TestContext.Out.WriteLine($"{urls.Count} POST URLs:\n  " + string.Join("\n  ", urls));
        Assert.That(urls, Has.Count.GreaterThanOrEqualTo(10), "the endpoint enumeration found the app's forms");

        var failures = new List<string>();
        foreach (var url in urls)
        {
            var payload = await PayloadFor(admin, url);

            var before = await Snapshot();
            using (var refused = await admin.PostAsync(url, new FormUrlEncodedContent(payload)))
            {
                if (refused.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{url}: {(int)refused.StatusCode} without a token, expected 400");
                if (Cookies.SetCookies(refused, ".AspNetCore.Culture").Count > 0) failures.Add($"{url}: set a cookie without a token");
            }
            if (!Same(before, await Snapshot(), out var table)) failures.Add($"{url}: changed table {table} without a token");

            // Control: with the page's token the same post is accepted and leaves a trace.
            var token = Html.AntiforgeryToken(await admin.GetHtmlAsync("/"));
            using (var accepted = await admin.PostAsync(url, new FormUrlEncodedContent(payload.Append(new(Html.TokenField, token)))))
            {
                if (accepted.StatusCode == HttpStatusCode.BadRequest)
                    failures.Add($"{url}: control post with token refused (400) - add a valid payload to {nameof(Payloads)}: " +
                        Html.ErrorSummary(await accepted.Content.ReadAsStringAsync()));
                else if (CookieOnly.Contains(url) ? Cookies.SetCookies(accepted, ".AspNetCore.Culture").Count == 0 : Same(before, await Snapshot(), out _))
                    failures.Add($"{url}: control post with token ({(int)accepted.StatusCode}) changed nothing, so the check above proves little");
            }
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public async Task Sign_out_without_a_token_is_refused_and_the_session_lives_on()
    {
        using var client = await app.SignInAsync(Demo.Chief);
        var before = await Snapshot();
        using var response = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Same(before, await Snapshot(), out var table), Is.True, $"changed {table}");
            Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_token_from_another_user_is_refused()
    {
        using var chief = await app.SignInAsync(Demo.Chief);
        using var admin = await app.SignInAsync(Demo.Administrator);
        var chiefToken = Html.AntiforgeryToken(await chief.GetHtmlAsync("/"));
        var before = await Snapshot();
        using var response = await admin.PostAsync("/admin/organisation/units/new", new FormUrlEncodedContent(
            Payloads["/admin/organisation/units/new"].Append(new(Html.TokenField, chiefToken))));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Same(before, await Snapshot(), out var table), Is.True, $"changed {table}");
    }

    [Test]
    public async Task The_Hangfire_dashboard_refuses_a_post_without_token_and_enqueues_nothing()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        long Jobs() { var s = monitor.GetStatistics(); return s.Enqueued + s.Processing + s.Succeeded + s.Failed + s.Scheduled; }
        Assert.That(monitor.Servers(), Is.Empty, "no Hangfire server runs in tests, so job counts only change by the request");
        var job = new[] { new KeyValuePair<string, string>("jobs[]", TeamCheckup.Web.Infrastructure.Jobs.RecurringJobs.ExpiredSessionCleanup) };

        var before = Jobs();
        using var refused = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(job));
        var afterRefused = Jobs();

        var token = Html.AntiforgeryToken(await admin.GetHtmlAsync("/"));
        using var accepted = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(job.Append(new(Html.TokenField, token))));
        var afterAccepted = Jobs();

        Assert.Multiple(() =>
        {
            Assert.That((int)refused.StatusCode, Is.AnyOf(400, 403), "refused without a token");
            Assert.That(afterRefused, Is.EqualTo(before), "no job created without a token");
            Assert.That(accepted.IsSuccessStatusCode, Is.True, $"control with token: {(int)accepted.StatusCode}");
            Assert.That(afterAccepted, Is.EqualTo(before + 1), "control: the trigger creates a job at once");
        });
    }

    private async Task<List<KeyValuePair<string, string>>> PayloadFor(HttpClient client, string url)
    {
        if (Payloads.TryGetValue(url, out var payload)) return payload;
        if (AppEndpoints.Exists(app.Services, "GET", url) || (await client.GetAsync(url)).StatusCode == HttpStatusCode.OK)
        {
            var html = await (await client.GetAsync(url)).Content.ReadAsStringAsync();
            var form = Html.Forms(html).FirstOrDefault(f => f.Action == url);
            if (form is not null) return form.Fields.Where(f => f.Key != Html.TokenField).ToList();
        }
        return [];
    }

    private Task<IReadOnlyDictionary<string, string>> Snapshot() => app.SnapshotAsync("user_sessions.last_seen_at");

    private static bool Same(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, out string? table)
    {
        table = before.Keys.Union(after.Keys).FirstOrDefault(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t));
        return table is null;
    }
}
