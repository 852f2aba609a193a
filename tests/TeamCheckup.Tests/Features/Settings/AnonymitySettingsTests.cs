using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Features.Settings;

/// <summary>The Administrator's privacy thresholds (SPEC §9 P2): k never below 3, k_c never below k, and a
/// round keeps the values it took when its pulse opened.</summary>
public class AnonymitySettingsTests
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

    private Task<HttpResponseMessage> Save(string k, string kc, string window) =>
        admin.SubmitFormAsync("/admin/settings", new Dictionary<string, string?> { ["K"] = k, ["Kc"] = kc, ["PulseWindowDays"] = window });

    [Test]
    public async Task The_page_opens_on_a_freshly_migrated_database_with_the_defaults()
    {
        // Regression: the page answered 500 once the triage rules added decimal values to the settings table.
        var form = Html.Form(await admin.GetHtmlAsync("/admin/settings"));
        Assert.That((form["K"], form["Kc"], form["PulseWindowDays"]), Is.EqualTo(("5", "10", "14")));
    }

    [TestCase("2", "10", "14", "Minimale groepsgrootte k")]
    [TestCase("", "10", "14", "Minimale groepsgrootte k")]
    [TestCase("6", "5", "14", "k_c mag niet kleiner zijn dan k")]
    [TestCase("5", "10", "0", "")]
    [TestCase("5", "10", "29", "")]
    public async Task Unsafe_or_impossible_thresholds_are_refused(string k, string kc, string window, string expected)
    {
        var before = await app.SnapshotAsync("user_sessions.last_seen_at");
        using var response = await Save(k, kc, window);
        var summary = Html.ErrorSummary(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(summary, Does.Contain(expected).And.Contain("Controleer het formulier"));
        Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at"), Is.EquivalentTo(before));
    }

    [Test]
    public async Task New_thresholds_apply_to_rounds_that_open_later_not_to_an_open_round()
    {
        var rounds = await Checkups.EnsureRoundsAsync(app);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await Checkups.OpenPulseAsync(lead, rounds[1], 5);
        var mark = await app.AuditMarkAsync();

        using var saved = await Save("7", "12", "21");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await Checkups.OpenPulseAsync(lead, rounds[2], 5);

        var thresholds = await app.QueryAsync<(long Id, long K, long Kc)>(
            "SELECT id, k_threshold, kc_threshold FROM checkup_rounds WHERE id IN (@a, @b) ORDER BY id", new { a = rounds[1], b = rounds[2] });
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(thresholds.Single(t => t.Id == rounds[1]), Is.EqualTo(((long)rounds[1], 5L, 10L)), "the open round keeps its values");
            Assert.That(thresholds.Single(t => t.Id == rounds[2]), Is.EqualTo(((long)rounds[2], 7L, 12L)), "a round opened later takes the new ones");
            Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e =>
                e.Action == AuditActions.AdminChange && e.Subject == "settings:anonymity" && e.Details == "k=7; kc=12; window=21"));
        });
        (await Save("5", "10", "14")).Dispose();
    }
}
