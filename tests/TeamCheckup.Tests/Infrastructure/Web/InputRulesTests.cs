using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// The input rules on the forms the penetration test named (sign-in, pulse, anonymous report), on the way
/// through the error page, and for numbers, dates, required fields and line breaks: what the user sees and
/// what is stored. The sweep over every route is <see cref="MalformedInputTests"/>.
/// </summary>
public class InputRulesTests
{
    private TestApp app = null!;
    private IReadOnlyDictionary<int, int> rounds = new Dictionary<int, int>();

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync(new TestAppOptions
        {
            ConfigureServices = services =>
            {
                services.AddControllersWithViews().AddApplicationPart(typeof(ThrowingController).Assembly);
                services.Configure<MvcOptions>(o => o.Filters.Add(new BreakTheErrorPage()));
            },
        });
        rounds = await Checkups.EnsureRoundsAsync(app);
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task A_NUL_in_the_sign_in_form_gives_the_form_again_with_a_Dutch_message_and_signs_nobody_in()
    {
        using var client = app.CreateBrowser();
        var before = await app.SnapshotAsync("audit_entries.*");
        using var response = await client.SubmitFormAsync("/account/sign-in", form => form.Set("UserName", Demo.TeamLead + "\0"), "/account/sign-in");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Html.ErrorSummary(html), Does.Contain("‘UserName’ bevat tekens die niet zijn toegestaan"));
            Assert.That(Html.Form(html, "/account/sign-in")["UserName"], Is.EqualTo(Demo.TeamLead), "the form shows what was typed, without the NUL");
            Assert.That(html, Does.Not.Contain(".cs:line").And.Not.Contain("Exception"));
            Assert.That(await app.SnapshotAsync("audit_entries.*"), Is.EquivalentTo(before), "no failed attempt counted, no session");
        });
    }

    [Test]
    public async Task A_NUL_in_the_pulse_gives_the_pulse_again_and_leaves_the_code_unused()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var codes = await Checkups.OpenPulseAsync(lead, rounds[1], 2);
        using var member = app.CreateBrowser();
        var answers = Checkups.Answers(codes[0], comment: "Goed\0 team");
        using var refused = await Checkups.AnswerPulseAsync(member, codes[0], answers);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("‘Comment’ bevat tekens die niet zijn toegestaan"));
        Assert.That(Html.Form(html, "/p")["Comment"], Is.EqualTo("Goed team"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE round_id = @r", new { r = rounds[1] }), Is.Zero);
        using var accepted = await Checkups.AnswerPulseAsync(member, codes[0]);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the refused attempt used nothing up");
    }

    [Test]
    public async Task Invalid_UTF8_in_an_anonymous_report_gives_the_form_again_and_stores_nothing()
    {
        using var reporter = app.CreateBrowser();
        var form = Html.Form(await reporter.GetHtmlAsync("/melden"));
        form.Set("UnitId", "1");
        form.Set("Category", "Conflict");
        var fields = form.Fields.Where(f => f.Key != "Description").Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value));
        var body = string.Join("&", fields.Append("Description=Er%20speelt%20iets%ED%A0%80%FF"));
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM anonymous_reports");
        using var response = await reporter.PostAsync("/melden", new StringContent(body, Encoding.ASCII, InputGuardMiddleware.FormContentType));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("niet gelezen konden worden"));
        Assert.That(html, Does.Contain("Er speelt iets"), "the text is shown back");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM anonymous_reports"), Is.EqualTo(before));
    }

    [Test]
    public async Task When_the_error_page_itself_fails_a_fixed_page_answers_without_detail_even_in_Development()
    {
        using var client = app.CreateBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, ThrowingController.Path);
        request.Headers.Add(BreakTheErrorPage.Header, "1");
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(html, Does.Contain("Er ging iets mis"));
            Assert.That(html, Does.Not.Contain("SECRET-DETAIL-4711").And.Not.Contain("Exception").And.Not.Contain("ThrowingController")
                .And.Not.Contain(".cs:line"), "not the developer exception page");
        });
    }

    [Test]
    public async Task Pages_that_are_not_controller_actions_refuse_bad_input_too()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        using var health = await admin.GetAsync("/health/live?x=%00");
        using var dashboard = await admin.GetAsync("/hangfire?x=%FF");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await dashboard.Content.ReadAsStringAsync()), Does.Contain("niet gelezen konden worden"));
    }

    [TestCase("nl-NL", "2,5", 2.5)]
    [TestCase("nl-NL", "2.5", 2.5)]
    [TestCase("en-GB", "2.5", 2.5)]
    [TestCase("en-GB", "2,5", 2.5)]
    public async Task A_share_typed_with_a_comma_or_a_point_is_stored_as_typed(string culture, string typed, double stored)
    {
        using var admin = await SignInWithCultureAsync(Demo.Administrator, culture);
        var rest = (100 - stored - 70).ToString(CultureInfo.InvariantCulture);
        using var response = await admin.SubmitFormAsync("/admin/organisation/teams/4/service-area", new Dictionary<string, string?>
        {
            ["Shares[0]"] = "70", ["Shares[1]"] = typed, ["Shares[2]"] = rest, ["Source"] = "CBS", ["Year"] = "2024",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await response.Content.ReadAsStringAsync()));
        var shares = await app.QueryAsync<double>("SELECT share_percent FROM service_area_shares WHERE team_id = 4 ORDER BY share_percent");
        Assert.That(shares, Has.Some.EqualTo(stored).Within(0.0001), "never 25 %");
    }

    [TestCase("nl-NL", "1.000", "niet eenduidig")]
    [TestCase("en-GB", "1,000", "ambiguous")]
    [TestCase("nl-NL", "1.234,5", "niet geldig")]
    [TestCase("nl-NL", "2e1", "niet geldig")]
    public async Task A_number_that_could_mean_two_things_is_refused_with_a_message(string culture, string typed, string message)
    {
        using var admin = await SignInWithCultureAsync(Demo.Administrator, culture);
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        using var response = await admin.SubmitFormAsync("/admin/settings", new Dictionary<string, string?> { ["LowPsIndex"] = typed }, "/admin/settings/rules");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await response.Content.ReadAsStringAsync()), Does.Contain(message));
        Assert.That(await app.SnapshotAsync("audit_entries.*", "user_sessions.*"), Is.EquivalentTo(before), "nothing stored");
    }

    [Test]
    public async Task A_date_typed_day_month_year_is_understood_and_a_month_first_date_is_refused()
    {
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var today = app.Services.GetRequiredService<Clock>().Today;
        var dutch = today.ToString("d-M-yyyy", CultureInfo.InvariantCulture);
        using var accepted = await lead.SubmitFormAsync("/incidents/new", new Dictionary<string, string?>
        {
            ["TeamId"] = "1", ["IncidentDate"] = dutch, ["Category"] = "Conflict", ["Severity"] = "Low", ["Description"] = "Datum als 1-12-2026",
        });
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await accepted.Content.ReadAsStringAsync()));
        Assert.That(await app.ScalarAsync<string>("SELECT incident_date FROM incidents WHERE description = 'Datum als 1-12-2026'"),
            Does.StartWith(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        using var refused = await lead.SubmitFormAsync("/incidents/new", new Dictionary<string, string?>
        {
            ["TeamId"] = "1", ["IncidentDate"] = "12/31/2026", ["Category"] = "Conflict", ["Severity"] = "Low", ["Description"] = "Maand eerst",
        });
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await refused.Content.ReadAsStringAsync()), Does.Contain("dag-maand-jaar"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM incidents WHERE description = 'Maand eerst'"), Is.Zero);
    }

    [Test]
    public async Task An_edit_that_leaves_out_a_field_is_refused_instead_of_resetting_it()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        await app.ExecuteAsync("UPDATE teams SET cadence_months = 6 WHERE id = 5");
        using var response = await admin.SubmitFormAsync("/admin/organisation/teams/5/edit", new Dictionary<string, string?> { ["CadenceMonths"] = null });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await response.Content.ReadAsStringAsync()), Does.Contain("Vul CadenceMonths in"));
        Assert.That(await app.ScalarAsync<long>("SELECT cadence_months FROM teams WHERE id = 5"), Is.EqualTo(6), "not silently back to 3");
    }

    [Test]
    public async Task Line_breaks_belong_in_a_text_area_only()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        using var name = await admin.SubmitFormAsync("/admin/organisation/teams/6/edit", new Dictionary<string, string?> { ["Name"] = "Team\r\nZes" });
        using var area = await admin.SubmitFormAsync("/admin/organisation/teams/6/edit", new Dictionary<string, string?> { ["ServiceArea"] = "Wijk A\r\nWijk B\tnoord" });
        Assert.That(name.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await name.Content.ReadAsStringAsync()), Does.Contain("‘Name’ mag geen regeleinden of tabs bevatten"));
        Assert.That(area.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT service_area FROM teams WHERE id = 6"), Is.EqualTo("Wijk A\r\nWijk B\tnoord"));
    }

    private async Task<HttpClient> SignInWithCultureAsync(string user, string culture)
    {
        var client = await app.SignInAsync(user);
        (await client.SubmitFormAsync("/", new Dictionary<string, string?> { ["culture"] = culture, ["returnUrl"] = "/" }, "/language")).Dispose();
        return client;
    }

    /// <summary>Only in this fixture's app: makes the error page throw for requests that carry <see cref="Header"/>.</summary>
    private sealed class BreakTheErrorPage : IActionFilter
    {
        public const string Header = "X-Test-Break-Error-Page";
        public void OnActionExecuting(ActionExecutingContext context)
        {
            if (ErrorPages.IsReExecution(context.HttpContext) && context.HttpContext.Request.Headers.ContainsKey(Header))
                throw new InvalidOperationException("the error page failed too");
        }
        public void OnActionExecuted(ActionExecutedContext context) { }
    }
}

/// <summary>The same refusal in Production: a 400 with the form and its message, never an empty 500.</summary>
public class InputRulesInProductionTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions { Environment = "Production" });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task A_NUL_in_the_sign_in_form_gives_a_400_with_the_message_in_Production()
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"),
        });
        using var response = await client.SubmitFormAsync("/account/sign-in", form => form.Set("UserName", "beheerder\0"), "/account/sign-in");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("niet zijn toegestaan"));
        Assert.That(html, Does.Not.Contain("Exception").And.Not.Contain(".cs:line"));
    }
}
