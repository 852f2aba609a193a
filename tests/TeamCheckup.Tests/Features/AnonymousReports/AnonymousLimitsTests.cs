using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.AnonymousReports;

/// <summary>One anonymous source cannot grow a case without bound: reports per unit per day and the reporter's
/// additions per report (per day and in all) stop at their limits with a clear message, the typed text shown
/// back, HTTP 429 with Retry-After, and nothing stored.</summary>
public class AnonymousLimitsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync(new TestAppOptions
    {
        Settings = new Dictionary<string, string?>
        {
            ["AnonymousReports:MaxReportsPerUnitPerDay"] = "3",
            ["AnonymousReports:MaxReporterRepliesPerDay"] = "2",
            ["AnonymousReports:MaxReporterMessagesPerReport"] = "4",
        },
    });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task Reports_about_one_unit_stop_at_the_daily_limit_and_the_text_is_shown_back()
    {
        for (var i = 0; i < 3; i++) await Support.Triage.ReportAndTriageAsync(app, unitId: 2, teamId: null, description: $"Melding {i}");
        using var reporter = app.CreateBrowser();
        using var refused = await reporter.SubmitFormAsync("/melden", new Dictionary<string, string?>
        {
            ["UnitId"] = "2", ["TeamId"] = "0", ["Category"] = "Other", ["Description"] = "De vierde melding van vandaag",
        });
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(refused.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromHours(25)));
            Assert.That(Html.ErrorSummary(html), Does.Contain("zoveel meldingen"));
            Assert.That(Html.Form(html, "/melden").All("Description"), Is.EqualTo(new[] { "De vierde melding van vandaag" }), "nothing lost silently");
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM anonymous_reports WHERE unit_id = 2"), Is.EqualTo(3));
        });
        using var otherUnit = await reporter.SubmitFormAsync("/melden", new Dictionary<string, string?>
        {
            ["UnitId"] = "1", ["TeamId"] = "0", ["Category"] = "Other", ["Description"] = "Andere eenheid",
        });
        Assert.That(otherUnit.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the limit is per unit");
    }

    [Test]
    public async Task The_reporter_adds_at_most_the_daily_number_of_replies_and_the_thread_stops_at_its_limit()
    {
        var filed = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3, description: "Eerste bericht");
        using var reporter = app.CreateBrowser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++)
        {
            using var reply = await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord", new Dictionary<string, string> { ["Key"] = filed.Key, ["Body"] = $"Aanvulling {i}" }, "/melden");
            statuses.Add(reply.StatusCode);
            if (i == 3)
            {
                var html = await reply.Content.ReadAsStringAsync();
                Assert.That(Html.ErrorSummary(html), Does.Contain("al 2 aanvullingen"));
                Assert.That(html, Does.Contain("Aanvulling 3"), "the text is shown back");
            }
        }
        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_messages WHERE report_id = @id AND from_reporter = 1", new { id = filed.ReportId }), Is.EqualTo(3));

        // The next day the reporter may add again, up to the thread's limit of 4 of their own messages.
        await app.ExecuteAsync("UPDATE report_messages SET created_on = '2000-01-01' WHERE report_id = @id", new { id = filed.ReportId });
        using var fourth = await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord", new Dictionary<string, string> { ["Key"] = filed.Key, ["Body"] = "Nieuwe dag" }, "/melden");
        using var fifth = await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord", new Dictionary<string, string> { ["Key"] = filed.Key, ["Body"] = "Te veel" }, "/melden");
        Assert.That(fourth.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(fifth.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(Html.ErrorSummary(await fifth.Content.ReadAsStringAsync()), Does.Contain("maximum van 4 berichten"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM report_messages WHERE report_id = @id AND from_reporter = 1", new { id = filed.ReportId }), Is.EqualTo(4));
    }
}
