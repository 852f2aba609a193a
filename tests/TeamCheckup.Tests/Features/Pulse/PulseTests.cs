using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Pulse;

/// <summary>The anonymous team pulse (SPEC §4, §9 P1): single-use codes, nothing that links a person to an answer.</summary>
public class PulseTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private int round;
    private List<string> codes = [];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        lead = await app.SignInAsync(Demo.TeamLead);
        round = (await Checkups.EnsureRoundsAsync(app))[1];
        codes = (await Checkups.OpenPulseAsync(lead, round, 8)).ToList();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task Opening_the_pulse_shows_one_code_per_requested_member_and_stores_only_hashes()
    {
        Assert.That(codes, Has.Count.EqualTo(8));
        var stored = await app.QueryAsync<string>("SELECT code_hash FROM participation_codes WHERE round_id = @round", new { round });
        Assert.That(stored, Has.Count.EqualTo(8));
        Assert.That(stored.Any(h => codes.Any(c => h.Contains(c.Replace("-", ""), StringComparison.OrdinalIgnoreCase))), Is.False, "no code in plain text");
    }

    [Test]
    public async Task A_code_works_once_and_the_answer_carries_no_link_to_it()
    {
        using var member = app.CreateBrowser();
        var code = codes[0];

        using var first = await Checkups.AnswerPulseAsync(member, code);
        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE round_id = @round", new { round });
        using var again = await member.PostWithTokenAsync("/p", Checkups.Answers(code).Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!), "/p");

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Html.Text(await first.Content.ReadAsStringAsync()), Does.Contain("Bedankt voor je antwoorden"));
            Assert.That(Cookies.SetCookies(first, Cookies.Session), Is.Empty, "no session for a team member");
            Assert.That((int)again.StatusCode, Is.EqualTo(409));
            Assert.That(Html.Text(await again.Content.ReadAsStringAsync()), Does.Contain("Deze code is al gebruikt"));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE round_id = @round", new { round }), Is.EqualTo(count), "the second answer is not stored");
        });

        var columns = (await app.QueryAsync<(string Table, string Column)>(app.Connections.Dialect.ListColumns))
            .Where(c => c.Table == "pulse_responses").Select(c => c.Column).ToList();
        Assert.That(columns, Has.None.Contains("code").And.None.Contains("user").And.None.Contains("ip").And.None.Contains("agent").And.None.EqualTo("created_at"),
            "P1: nothing in a response points at a code, a person or a moment finer than the day");
        var dates = await app.QueryAsync<string>("SELECT response_date FROM pulse_responses WHERE round_id = @round", new { round });
        Assert.That(dates, Has.All.Matches(@"^\d{4}-\d{2}-\d{2}$"), "the day only");
    }

    [Test]
    public async Task An_incomplete_answer_is_refused_and_the_code_stays_usable()
    {
        using var member = app.CreateBrowser();
        var answers = Checkups.Answers(codes[1]);
        answers["Ps3"] = null;
        answers["Satisfaction"] = "11";

        using var refused = await Checkups.AnswerPulseAsync(member, codes[1], answers);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await refused.Content.ReadAsStringAsync()), Is.Not.Empty);

        using var accepted = await Checkups.AnswerPulseAsync(member, codes[1]);
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK), "nothing was used up by the refused attempt");
    }

    [Test]
    public async Task Parallel_submissions_of_one_code_store_exactly_one_answer()
    {
        var code = codes[2];
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE round_id = @round", new { round });
        var members = Enumerable.Range(0, 6).Select(_ => app.CreateBrowser()).ToList();
        var tokens = new List<string>();
        foreach (var member in members) tokens.Add(Html.AntiforgeryToken(await member.GetHtmlAsync($"/p/{code}")));

        var responses = await Task.WhenAll(members.Select((member, i) => member.PostAsync("/p", new FormUrlEncodedContent(
            Checkups.Answers(code).Where(a => a.Value is not null).Select(a => new KeyValuePair<string, string>(a.Key, a.Value!))
                .Append(new(Html.TokenField, tokens[i])).Append(new(Html.FormTokenField, Html.NewFormToken()))))));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.OK), Is.EqualTo(1));
        Assert.That(responses.Count(r => (int)r.StatusCode == 409), Is.EqualTo(5));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE round_id = @round", new { round }), Is.EqualTo(before + 1));
        foreach (var member in members) member.Dispose();
    }

    [TestCase("ABCDE-FGHJK")]
    [TestCase("niet-een-code")]
    public async Task An_unknown_code_is_not_found_and_nothing_is_stored(string code)
    {
        using var member = app.CreateBrowser();
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");
        using var page = await member.GetAsync($"/p/{Uri.EscapeDataString(code)}");
        using var post = await member.PostWithTokenAsync("/p", Checkups.Answers(code).Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!), "/p");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at"), Is.EquivalentTo(before));
    }
}
