using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.CheckupSupport;

/// <summary>
/// Support in the check-up (issue 13, item 6): a team lead invites an HRM or VIK advisor of the unit to a round; the
/// advisor reads the round page with its results (aggregates under the round's k, never an answer or a comment) and
/// co-edits the review, but never opens or closes the pulse, sees codes or completes the round; who took part is shown;
/// an advisor who was not invited gets 404. A lead asks for support ("hulp vragen"): an item in the discipline's queue
/// with a deadline by urgency, on the advisors' home, notified; accepting it puts the advisor on the round.
/// </summary>
public class SupportInTheCheckupTests
{
    private const int HrmId = 4, ChiefId = 7;
    private TestApp app = null!;
    private HttpClient lead = null!, hrm = null!, vik = null!;
    private IReadOnlyDictionary<int, int> rounds = new Dictionary<int, int>();

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        rounds = await Support.Checkups.EnsureRoundsAsync(app);
        lead = await app.SignInAsync(Demo.TeamLead);
        hrm = await app.SignInAsync(Demo.Hrm);
        vik = await app.SignInAsync(Demo.Vik);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose(); hrm.Dispose(); vik.Dispose();
        app.Dispose();
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string page)
    {
        using var response = await client.PostWithTokenAsync(url, fields, page);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private Task<List<string>> KindsFor(string userName) => app.QueryAsync<string>(
        "SELECT n.kind FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE u.user_name = @userName", new { userName });

    [Test]
    public async Task An_invited_advisor_reads_the_results_and_edits_the_review_but_never_answers_codes_or_completion()
    {
        var round = rounds[1];
        using var anonymous = app.CreateBrowser();
        foreach (var code in await Support.Checkups.OpenPulseAsync(lead, round, 6))
            (await Support.Checkups.AnswerPulseAsync(anonymous, code, Support.Checkups.Answers(code, comment: "OPMERKING-VAN-EEN-LID"))).Dispose();
        Assert.That((await PostAsync(lead, $"/rounds/{round}/pulse/close", new(), $"/rounds/{round}")).Status, Is.EqualTo(HttpStatusCode.Redirect));

        // Before the invitation: 404, audited.
        var mark = await app.AuditMarkAsync();
        using (var before = await hrm.GetAsync($"/rounds/{round}")) Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(a => a.Actor == Demo.Hrm && a.Subject == $"round:{round}"));

        Assert.That((await PostAsync(lead, $"/rounds/{round}/advisors", new() { ["UserId"] = $"{ChiefId}" }, $"/rounds/{round}")).Status,
            Is.EqualTo(HttpStatusCode.BadRequest), "only an HRM or VIK advisor of the unit can be invited");
        Assert.That((await PostAsync(lead, $"/rounds/{round}/advisors", new() { ["UserId"] = $"{HrmId}" }, $"/rounds/{round}")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await KindsFor(Demo.Hrm), Does.Contain("RoundInvitation"));

        var page = await hrm.GetHtmlAsync($"/rounds/{round}");
        Assert.That(Html.ByTestId(page, "round-results"), Is.Not.Null, "the results page");
        Assert.That(Html.Text(Html.ByTestId(page, "round-results")!), Does.Contain("Reacties").And.Contain("6"));
        Assert.That(page, Does.Not.Contain("OPMERKING-VAN-EEN-LID"), "never a pulse answer or comment");
        Assert.That(page, Does.Not.Contain("/pulse/codes").And.Not.Contain("/pulse/close").And.Not.Contain("/advisors\""));
        var review = await hrm.GetHtmlAsync($"/rounds/{round}/review");
        Assert.That(review, Does.Not.Contain("OPMERKING-VAN-EEN-LID").And.Not.Contain("data-testid=\"complete-round\""));

        // The advisor saves the review (a draft) and is shown as having taken part; completing stays the lead's.
        Assert.That((await PostAsync(hrm, $"/rounds/{round}/review", new() { ["Dimensions[0].Dimension"] = "Workload", ["Dimensions[0].Score"] = "2", ["action"] = "draft" },
            $"/rounds/{round}/review")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<long>("SELECT score FROM review_dimensions WHERE round_id = @round AND dimension = 'Workload'", new { round }), Is.EqualTo(2));
        Assert.That(await app.ScalarAsync<DateTime?>("SELECT last_edited_at FROM round_advisors WHERE round_id = @round AND user_id = @HrmId", new { round, HrmId }), Is.Not.Null);
        Assert.That(Html.Text(Html.ByTestId(await lead.GetHtmlAsync($"/rounds/{round}"), "round-advisors")!), Does.Contain("Hanna HRM").And.Contain("heeft meegewerkt"));
        Assert.That(Html.Text(Html.ByTestId(await lead.GetHtmlAsync($"/rounds/{round}/review"), "review-advisors")!), Does.Contain("Hanna HRM"));
        var completing = await PostAsync(hrm, $"/rounds/{round}/review", new() { ["Dimensions[0].Dimension"] = "Workload", ["Dimensions[0].Score"] = "3", ["action"] = "complete" }, $"/rounds/{round}/review");
        Assert.That(completing.Status, Is.EqualTo(HttpStatusCode.Conflict), Html.Text(completing.Html));
        Assert.That(await app.ScalarAsync<DateTime?>("SELECT completed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Null);

        // Lead-only actions stay the lead's: 404 for the advisor.
        foreach (var action in new[] { "pulse/close", "pulse/codes", "advisors" })
            Assert.That((await PostAsync(hrm, $"/rounds/{round}/{action}", new() { ["Count"] = "1", ["UserId"] = $"{HrmId}" }, $"/rounds/{round}")).Status,
                Is.EqualTo(HttpStatusCode.NotFound), action);
    }

    [Test]
    public async Task An_advisor_who_was_not_invited_is_refused_the_round_and_its_review()
    {
        var round = rounds[2];
        foreach (var url in new[] { $"/rounds/{round}", $"/rounds/{round}/review" })
        {
            using var response = await vik.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        }
        using var post = await vik.PostWithTokenAsync($"/rounds/{round}/review", new Dictionary<string, string> { ["Dimensions[0].Dimension"] = "Workload", ["Dimensions[0].Score"] = "3", ["action"] = "draft" }, "/");
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("Urgent", 2)]
    [TestCase("Normal", 10)]
    public async Task A_support_request_lands_in_the_disciplines_queue_with_its_deadline_and_notifies_its_advisors(string urgency, int workingDays)
    {
        var mark = await app.ScalarAsync<long>("SELECT COALESCE(MAX(id), 0) FROM support_requests");
        var round = rounds[2];
        Assert.That((await PostAsync(lead, "/teams/2/support", new() { ["Discipline"] = "HRM", ["Topic"] = "Workload", ["Urgency"] = urgency,
            ["Details"] = $"Hulp bij het gesprek over de werkdruk ({urgency})", ["RoundId"] = $"{round}" }, "/teams/2/support")).Status, Is.EqualTo(HttpStatusCode.Redirect));
        var id = await app.ScalarAsync<long>("SELECT MAX(id) FROM support_requests");
        Assert.That(id, Is.GreaterThan(mark));
        Assert.That(await app.ScalarAsync<DateOnly>("SELECT due_on FROM support_requests WHERE id = @id", new { id }), Is.EqualTo(WorkingDays.Add(app.Today, workingDays)));

        var notified = await app.QueryAsync<string>("SELECT u.user_name FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE n.event_key = @key",
            new { key = $"support-requested:{id}" });
        Assert.That(notified, Is.EqualTo(new[] { Demo.Hrm }), "the HRM advisors of the unit, not VIK");

        var queue = await hrm.GetHtmlAsync("/queue");
        Assert.That(Html.Text(Html.ByTestId(queue, "support-queue")!), Does.Contain($"Hulp bij het gesprek over de werkdruk ({urgency})")
            .And.Contain(WorkingDays.Add(app.Today, workingDays).ToString("d MMM yyyy", new System.Globalization.CultureInfo("nl-NL"))));
        Assert.That(Html.ByTestId(await vik.GetHtmlAsync("/queue"), "support-queue"), Is.Null, "VIK's queue does not hold HRM's request");
        var open = await app.ScalarAsync<long>("SELECT COUNT(*) FROM support_requests WHERE accepted_at IS NULL AND discipline = 'HRM'");
        Assert.That(Html.Text(Html.ByTestId(await hrm.GetHtmlAsync("/"), "home-support-requests")!), Does.Contain(open.ToString()));

        // VIK cannot accept HRM's request; HRM accepts and joins the round it was asked from; the lead is told.
        using (var refused = await vik.PostWithTokenAsync($"/support/{id}/accept", null, "/queue")) Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var accepted = await hrm.PostWithTokenAsync($"/support/{id}/accept", null, "/queue"))
        {
            Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(accepted.Headers.Location!.OriginalString, Is.EqualTo($"/rounds/{round}"));
        }
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_advisors WHERE round_id = @round AND user_id = @HrmId", new { round, HrmId }), Is.EqualTo(1));
        Assert.That(await KindsFor(Demo.TeamLead), Does.Contain("SupportAccepted"));
        Assert.That(await hrm.GetHtmlAsync("/queue"), Does.Not.Contain($"/support/{id}/accept"), "an accepted request leaves the queue");
        using (var again = await hrm.PostWithTokenAsync($"/support/{id}/accept", null, "/queue")) Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_support_request_without_what_about_or_urgency_is_refused_with_its_reasons()
    {
        var (status, html) = await PostAsync(lead, "/teams/1/support", new() { ["Discipline"] = "HRM", ["Topic"] = "", ["Urgency"] = "Later", ["Details"] = "" }, "/teams/1/support");
        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Does.Contain("Kies een onderwerp.").And.Contain("Kies hoe dringend het is.").And.Contain("Beschrijf kort waarover het gaat."));
        using var other = await app.SignInAsync(Demo.TeamLead2);
        using var outside = await other.PostWithTokenAsync("/teams/1/support", new Dictionary<string, string> { ["Discipline"] = "HRM" }, "/");
        Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
