using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.DataGeneration;

namespace TeamCheckup.Tests.Infrastructure.DataGeneration;

/// <summary>The generate-data verb's generator at a small scale: the data keeps the app's invariants, is the same for
/// the same seed, and the app works on it (its accounts sign in, its codes answer a pulse).</summary>
public sealed class DataGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static GenerationSettings Small(string? codesFile = null) => new()
    {
        Seed = 5, Units = 2, Teams = 24, Quarters = 4, AsOf = new DateOnly(2026, 11, 23), OpenPulseShare = 0.5, CodesFile = codesFile,
    };

    private static Task<TestApp> EmptyAppAsync() => TestApp.StartAsync(new TestAppOptions
    {
        Clock = new ManualTimeProvider(Now),
        Settings = new Dictionary<string, string?> { ["DemoData:Enabled"] = "false" },
    });

    private static async Task<GenerationSummary> GenerateAsync(TestApp app, GenerationSettings settings)
    {
        using var scope = app.Services.CreateScope();
        return await ActivatorUtilities.CreateInstance<DataGenerator>(scope.ServiceProvider).RunAsync(settings);
    }

    [Test]
    public async Task The_generated_history_keeps_the_apps_invariants()
    {
        await using var app = await EmptyAppAsync();
        var codesFile = Path.Combine(app.DataDirectory, "codes.txt");
        var summary = await GenerateAsync(app, Small(codesFile));

        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(24));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM units"), Is.EqualTo(2));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE headcount < 6 OR headcount > 60"), Is.Zero);
        Assert.That(summary.Staff, Is.EqualTo(await app.ScalarAsync<long>("SELECT SUM(headcount) FROM teams")));

        // A completed round per period of the team's cadence in each of the four past quarters, and one current round.
        var perTeam = await app.QueryAsync<(long Cadence, long Completed, long Current)>(
            "SELECT t.cadence_months, (SELECT COUNT(*) FROM checkup_rounds r WHERE r.team_id = t.id AND r.completed_at IS NOT NULL), " +
            "(SELECT COUNT(*) FROM checkup_rounds r WHERE r.team_id = t.id AND r.completed_at IS NULL) FROM teams t");
        Assert.That(perTeam.Where(t => t.Cadence == 3), Has.All.Matches<(long Cadence, long Completed, long Current)>(t => t.Completed == 4 && t.Current == 1));

        // Stored results are the answers' own figures: the index recomputed here in SQL from the raw answers (items 1, 3, 5 reversed).
        var mismatches = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM round_results x JOIN (SELECT round_id, COUNT(*) AS n, " +
            "AVG(((8 - ps1) + ps2 + (8 - ps3) + ps4 + (8 - ps5) + ps6 + ps7) / 7.0) AS mean FROM pulse_responses GROUP BY round_id) a ON a.round_id = x.round_id " +
            "WHERE x.respondents <> a.n OR ABS(x.ps_index - (a.mean - 1) / 6.0 * 100) > 0.000001");
        Assert.That(mismatches, Is.Zero);
        Assert.That(await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM checkup_rounds r WHERE r.response_count <> (SELECT COUNT(*) FROM pulse_responses p WHERE p.round_id = r.id)"), Is.Zero);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_results WHERE respondents < 5"), Is.GreaterThan(0), "some rounds below k");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_results WHERE respondents >= 5"), Is.GreaterThan(0));

        // Triage: every signal processed; every signal whose rules fired is in a case; one open case per team at most.
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE processed_at IS NULL"), Is.Zero);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE source <> 'RoundCompleted' AND case_id IS NULL"), Is.Zero);
        Assert.That(await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM (SELECT team_id FROM cases WHERE closed_at IS NULL AND team_id IS NOT NULL GROUP BY team_id HAVING COUNT(*) > 1) x"), Is.Zero);
        // Closed cases went the whole way: analysis, members, an outcome, closed after they opened, signals no later than the close.
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE closed_at IS NOT NULL"), Is.GreaterThan(0));
        Assert.That(await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM cases WHERE closed_at IS NOT NULL AND (analysis_at IS NULL OR outcome IS NULL OR closed_at < opened_at " +
            "OR NOT EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = cases.id))"), Is.Zero);
        Assert.That(await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM signals s JOIN cases c ON c.id = s.case_id WHERE s.created_at < c.opened_at OR (c.closed_at IS NOT NULL AND s.created_at > c.closed_at)"),
            Is.Zero, "a past signal only joins a case that was open at the time");

        // The codes written for the pulse benchmark are exactly the unused codes of the open pulses.
        var codes = await File.ReadAllLinesAsync(codesFile);
        Assert.That(codes, Has.Length.EqualTo(summary.OpenPulseCodes).And.Length.GreaterThan(0));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM participation_codes WHERE is_used = 0"), Is.EqualTo(codes.Length));
        using var member = app.CreateBrowser();
        using var answered = await Checkups.AnswerPulseAsync(member, codes[0]);
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM participation_codes WHERE is_used = 1"), Is.EqualTo(1));

        // A generated team lead signs in with the generated password and sees the team's dashboard.
        var teamId = await app.ScalarAsync<long>("SELECT MIN(id) FROM teams");
        using var lead = await app.SignInAsync($"teamchef-{teamId:0000}", Small().Password);
        using var dashboard = await lead.GetAsync($"/teams/{teamId}");
        Assert.That(dashboard.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task The_same_seed_gives_the_same_data()
    {
        await using var first = await EmptyAppAsync();
        await using var second = await EmptyAppAsync();
        await GenerateAsync(first, Small());
        await GenerateAsync(second, Small());
        // Password hashes carry a random salt, and the audit chain, keys and sessions are the app's own.
        string[] ignore = ["users.password_hash", "audit_entries.*", "data_protection_keys.*", "user_sessions.*"];
        var a = await first.SnapshotAsync(ignore);
        var b = await second.SnapshotAsync(ignore);
        Assert.That(a.Keys, Is.EquivalentTo(b.Keys));
        foreach (var table in a.Keys) Assert.That(b[table], Is.EqualTo(a[table]), table);
        Assert.That(a["pulse_responses"], Is.Not.Empty);
    }

    [Test]
    public async Task It_refuses_a_database_that_already_holds_an_organisation()
    {
        await using var app = await TestApp.StartAsync(); // with the demo organisation
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams");
        Assert.That(async () => await GenerateAsync(app, Small()), Throws.InvalidOperationException.With.Message.Contains("empty database"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams"), Is.EqualTo(before));
    }

    [TestCase(new[] { "--teams", "abc" }, "--teams must be a whole number")]
    [TestCase(new[] { "--quarters", "0" }, "--quarters must be a whole number from 1 to 40")]
    [TestCase(new[] { "--as-of", "23-11-2026" }, "--as-of must be a date")]
    [TestCase(new[] { "--open-pulse-share", "2" }, "--open-pulse-share must be between 0 and 1")]
    [TestCase(new[] { "--seed" }, "--seed needs a value")]
    [TestCase(new[] { "--colour", "red" }, "Unknown option '--colour'")]
    [TestCase(new[] { "--units", "10", "--teams", "5" }, "--teams must be at least --units")]
    public void Bad_options_are_refused_with_a_reason(string[] args, string reason) =>
        Assert.That(() => GenerationSettings.Parse(args, password: null), Throws.ArgumentException.With.Message.Contains(reason));

    [Test]
    public void Options_and_the_password_variable_are_read()
    {
        var settings = GenerationSettings.Parse(["--seed", "9", "--teams", "120", "--units", "3", "--quarters", "2", "--as-of", "2026-05-01"], "Een-lang-wachtwoord");
        Assert.That((settings.Seed, settings.Teams, settings.Units, settings.Quarters, settings.AsOf, settings.Password),
            Is.EqualTo((9, 120, 3, 2, new DateOnly(2026, 5, 1), "Een-lang-wachtwoord")));
        Assert.That(() => GenerationSettings.Parse([], "kort"), Throws.ArgumentException.With.Message.Contains("at least 12"));
    }
}
