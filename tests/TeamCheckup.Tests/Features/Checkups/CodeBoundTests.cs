using System.Net;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;

// (Not "...Features.Checkups": that namespace would hide the Support.Checkups helpers.)
namespace TeamCheckup.Tests.Features.CheckupCodes;

/// <summary>
/// Participation codes are bounded by the team's headcount plus a reserve; more need a reason, are audited and
/// reach the unit's HRM advisor; the response rate is responses / headcount, shown above 100 % with a warning.
/// Over HTTP as the team lead, the members and the HRM advisor.
/// </summary>
public sealed class CodeBoundTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private TestApp app = null!;
    private HttpClient lead = null!;
    private IReadOnlyDictionary<int, int> rounds = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = new ManualTimeProvider(Start) });
        rounds = await Checkups.EnsureRoundsAsync(app);
        lead = await app.SignInAsync(Demo.TeamLead);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    [TestCase(0, 2)]
    [TestCase(5, 7)]
    [TestCase(20, 22)]
    [TestCase(55, 61)]
    [TestCase(100, 110)]
    [TestCase(101, 112)]
    public void The_bound_is_the_headcount_plus_ten_percent_and_at_least_two(int headcount, int limit) =>
        Assert.That(CodeBound.Limit(headcount), Is.EqualTo(limit));

    private Task<HttpResponseMessage> OpenAsync(int roundId, int codes, string? reason) =>
        lead.SubmitFormAsync($"/rounds/{roundId}", new Dictionary<string, string?>
        {
            ["WindowDays"] = "14", ["CodeCount"] = codes.ToString(), ["Reason"] = reason,
        }, $"/rounds/{roundId}/pulse/open");

    private Task<HttpResponseMessage> MoreAsync(int roundId, int codes, string? reason) =>
        lead.SubmitFormAsync($"/rounds/{roundId}", new Dictionary<string, string?> { ["Count"] = codes.ToString(), ["Reason"] = reason },
            $"/rounds/{roundId}/pulse/codes");

    [Test]
    public async Task Four_hundred_thirty_codes_for_a_team_of_55_need_a_reason_which_is_audited_and_shown_to_HRM()
    {
        var roundId = rounds[1];
        await app.ExecuteAsync("UPDATE teams SET headcount = 55 WHERE id = 1");
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");

        using var refused = await OpenAsync(roundId, 430, reason: "  ");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Html.ErrorSummary(refusedHtml), Does.Contain("430 codes").And.Contain("(55)").And.Contain("(6)").And.Contain("(61)"));
            Assert.That(Checkups.CodesOnPage(refusedHtml), Is.Empty);
            Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at"), Is.EquivalentTo(before), "nothing opened, issued or audited");
        });

        var mark = await app.AuditMarkAsync();
        const string reason = "Gezamenlijke teamdag met de flexpool van het district";
        using var issued = await OpenAsync(roundId, 430, reason);
        var codes = Checkups.CodesOnPage(await issued.Content.ReadAsStringAsync());
        var audit = await app.AuditSinceAsync(mark);
        var notice = (await app.QueryAsync<(long UnitId, long Headcount, long Limit, long Before, long Added, string Reason, string By)>(
            "SELECT unit_id, headcount, code_limit, codes_before, codes_added, reason, issued_by FROM code_excess_notices WHERE round_id = @roundId",
            new { roundId })).Single();

        Assert.Multiple(() =>
        {
            Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(codes, Has.Count.EqualTo(430));
            Assert.That(audit, Has.Exactly(1).Matches<AuditRow>(e => e.Action == CodeBound.AuditAction && e.Actor == Demo.TeamLead
                && e.Subject == $"round:{roundId}" && e.Details!.Contains("codes=430; headcount=55; limit=61") && e.Details.Contains(reason)));
            Assert.That(notice, Is.EqualTo((1L, 55L, 61L, 0L, 430L, reason, Demo.TeamLead)));
        });

        using var hrm = await app.SignInAsync(Demo.Hrm);
        var hrmHome = Html.Text(await hrm.GetHtmlAsync("/"));
        Assert.That(hrmHome, Does.Contain("Pulscodes boven de bezetting").And.Contain(reason).And.Contain("430 (+430; grens 61)"));
        foreach (var other in new[] { Demo.Chief, Demo.Vik })
        {
            using var client = await app.SignInAsync(other);
            Assert.That(Html.Text(await client.GetHtmlAsync("/")), Does.Not.Contain(reason), $"{other} is not the HRM advisor");
        }
    }

    [Test]
    public async Task Extra_codes_beyond_the_bound_need_a_reason_and_the_response_rate_shows_above_100_percent()
    {
        var roundId = rounds[2];
        await app.ExecuteAsync("UPDATE teams SET headcount = 5 WHERE id = 2");
        var codes = (await Checkups.OpenPulseAsync(lead, roundId, 7)).ToList();
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM code_excess_notices WHERE round_id = @roundId", new { roundId }), Is.Zero,
            "7 codes for 5 members is within the reserve");

        using var refused = await MoreAsync(roundId, 1, reason: null);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await refused.Content.ReadAsStringAsync()), Does.Contain("8 codes"));
        Assert.That(await app.ScalarAsync<long>("SELECT codes_issued FROM checkup_rounds WHERE id = @roundId", new { roundId }), Is.EqualTo(7));

        using var more = await MoreAsync(roundId, 3, reason: "Drie invallers uit Noord deze maand");
        codes.AddRange(Checkups.CodesOnPage(await more.Content.ReadAsStringAsync()));
        Assert.That(codes, Has.Count.EqualTo(10));
        Assert.That(await app.QueryAsync<(long Before, long Added)>("SELECT codes_before, codes_added FROM code_excess_notices WHERE round_id = @roundId", new { roundId }),
            Is.EqualTo(new[] { (7L, 3L) }));

        using var member = app.CreateBrowser();
        foreach (var code in codes.Take(6))
            Assert.That((await Checkups.AnswerPulseAsync(member, code)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var roundPage = await lead.GetHtmlAsync($"/rounds/{roundId}");
        Assert.Multiple(() =>
        {
            Assert.That(Html.Text(roundPage), Does.Contain("120").And.Contain("meer reacties dan het team medewerkers heeft"));
            Assert.That(roundPage, Does.Contain("data-testid=\"rate-warning\""));
            Assert.That(roundPage, Does.Not.Contain(">100 %<").And.Not.Contain(">100%<"), "never capped at 100 %");
        });

        using var close = await lead.SubmitFormAsync($"/rounds/{roundId}", formAction: $"/rounds/{roundId}/pulse/close");
        Assert.That(close.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<double>("SELECT response_rate FROM round_results WHERE round_id = @roundId", new { roundId }), Is.EqualTo(1.2).Within(1e-9));
        var dashboard = await lead.GetHtmlAsync("/teams/2");
        Assert.That(dashboard, Does.Contain("data-testid=\"rate-warning\""));
        Assert.That(Html.Text(dashboard), Does.Contain("120"));
    }

    [Test]
    public void A_reason_longer_than_500_characters_is_refused()
    {
        var validator = app.Services.GetRequiredService<IValidator<OpenPulseForm>>();
        Assert.That(validator.Validate(new OpenPulseForm { CodeCount = 10, Reason = new string('x', 501) }).IsValid, Is.False);
        Assert.That(validator.Validate(new OpenPulseForm { CodeCount = 10, Reason = new string('x', 500) }).IsValid, Is.True);
    }
}
