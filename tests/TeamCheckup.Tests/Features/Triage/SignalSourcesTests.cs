using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Triage;

/// <summary>
/// Signals when things happen (issue 12, SPEC §6), over HTTP and the real jobs on the demo organisation: a pulse
/// closing (by the lead or by its window) is judged at once, without the review being completed, and completing
/// later raises nothing again; a tension flag raises one signal on a draft save; a round overdue raises one signal
/// that becomes an HRM case of normal priority; every job run twice (and again as after a restart) adds nothing.
/// </summary>
[TestFixture]
public sealed class SignalSourcesTests
{
    /// <summary>Monday 23 November 2026: the fourth quarter's rounds started on 1 October, 53 days ago.</summary>
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private const int Team = 1;

    private static async Task<(TestApp App, ManualTimeProvider Clock, int Round)> StartAsync()
    {
        var clock = new ManualTimeProvider(Start);
        var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        var rounds = await Checkups.EnsureRoundsAsync(app);
        return (app, clock, rounds[Team]);
    }

    private static async Task RunAsync<TJob>(TestApp app, Func<TJob, Task> run) where TJob : notnull
    {
        using var scope = app.Services.CreateScope();
        await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    private static Task SweepAsync(TestApp app) => RunAsync<SignalProcessor>(app, p => p.SweepAsync());

    /// <summary>Opens the round's pulse and answers it five times (k) with a low psychological-safety index (33).</summary>
    private static async Task AnswerLowAsync(TestApp app, HttpClient lead, int round)
    {
        var codes = await Checkups.OpenPulseAsync(lead, round, 5);
        using var member = app.CreateBrowser();
        foreach (var code in codes)
            using (var answered = await Checkups.AnswerPulseAsync(member, code, Checkups.Answers(code, score: 1)))
                Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static Task<long> SignalsAsync(TestApp app, int round, string source) =>
        app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE round_id = @round AND source = @source", new { round, source });

    private static Task<List<(string Lead, string Priority)>> OpenCasesAsync(TestApp app, int team) =>
        app.QueryAsync<(string, string)>("SELECT lead_discipline, priority FROM cases WHERE team_id = @team AND closed_at IS NULL", new { team });

    private static async Task SaveTensionAsync(HttpClient lead, int round, bool on)
    {
        using var saved = await lead.SubmitFormAsync($"/rounds/{round}/review", form =>
        {
            form.Set("TensionFlag", on ? "true" : "false");
            form.Set("TensionDescription", on ? "Spanning over het rooster" : null);
        }, $"/rounds/{round}/review");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await saved.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task A_pulse_the_lead_closes_below_the_threshold_opens_a_case_without_the_review_being_completed()
    {
        var (app, _, round) = await StartAsync();
        await using var _app = app;
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await AnswerLowAsync(app, lead, round);

        using (var closed = await lead.SubmitFormAsync($"/rounds/{round}", formAction: $"/rounds/{round}/pulse/close"))
            Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await SweepAsync(app);
        await RunAsync<PulseClosingJob>(app, job => job.RunAsync());
        await RunAsync<PulseClosingJob>(app, job => job.RunAsync());

        Assert.That(await app.ScalarAsync<string?>("SELECT completed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Null);
        Assert.That(await SignalsAsync(app, round, SignalSources.PulseClosed), Is.EqualTo(1));
        Assert.That(await OpenCasesAsync(app, Team), Is.EqualTo(new[] { (Disciplines.Hrm, Priorities.Normal) }));
        var outcome = await app.ScalarAsync<string>("SELECT outcome FROM signals WHERE round_id = @round AND source = @source",
            new { round, source = SignalSources.PulseClosed });
        Assert.That(outcome, Does.Contain("low-satisfaction"));

        // Completing the review later judges nothing a second time.
        var signalsBefore = await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals");
        using (var completed = await lead.SubmitFormAsync($"/rounds/{round}/review", form =>
               {
                   for (var i = 0; i < ReviewVocabulary.Dimensions.Count; i++) form.Set($"Dimensions[{i}].Score", "3");
                   form.Set("action", "complete");
               }, $"/rounds/{round}/review"))
            Assert.That(completed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await completed.Content.ReadAsStringAsync()));
        await SweepAsync(app);
        Assert.That(await app.ScalarAsync<string?>("SELECT completed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Not.Null);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals"), Is.EqualTo(signalsBefore));
        Assert.That(await OpenCasesAsync(app, Team), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_pulse_closed_by_its_window_is_judged_once_however_often_the_job_runs()
    {
        var (app, clock, round) = await StartAsync();
        await using var _app = app;
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await AnswerLowAsync(app, lead, round);

        clock.Advance(TimeSpan.FromDays(16));
        await RunAsync<PulseClosingJob>(app, job => job.RunAsync());
        await RunAsync<PulseClosingJob>(app, job => job.RunAsync());
        await SweepAsync(app);
        await SweepAsync(app);

        Assert.That(await app.ScalarAsync<string?>("SELECT pulse_closed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Not.Null);
        Assert.That(await SignalsAsync(app, round, SignalSources.PulseClosed), Is.EqualTo(1));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE round_id = @round AND processed_at IS NULL", new { round }), Is.Zero);
        Assert.That(await OpenCasesAsync(app, Team), Has.Count.EqualTo(1));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE action = 'case.opened' AND details LIKE '%low-satisfaction%'"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_tension_flag_saved_in_a_draft_raises_one_signal_and_switching_it_off_and_on_raises_no_second()
    {
        var (app, _, round) = await StartAsync();
        await using var _app = app;
        using var lead = await app.SignInAsync(Demo.TeamLead);

        await SaveTensionAsync(lead, round, on: false);
        Assert.That(await SignalsAsync(app, round, SignalSources.Tension), Is.Zero, "no flag, no signal");
        await SaveTensionAsync(lead, round, on: true);
        await SaveTensionAsync(lead, round, on: true);
        await SaveTensionAsync(lead, round, on: false);
        await SaveTensionAsync(lead, round, on: true);
        await SweepAsync(app);

        Assert.That(await app.ScalarAsync<string?>("SELECT completed_at FROM checkup_rounds WHERE id = @round", new { round }), Is.Null);
        Assert.That(await SignalsAsync(app, round, SignalSources.Tension), Is.EqualTo(1));
        Assert.That(await OpenCasesAsync(app, Team), Is.EqualTo(new[] { (Disciplines.Hrm, Priorities.Normal) }));
        // The signal says only that the flag is on; the description stays on the round.
        Assert.That(await app.ScalarAsync<string>("SELECT payload FROM signals WHERE round_id = @round AND source = @source",
            new { round, source = SignalSources.Tension }), Does.Not.Contain("rooster"));
    }

    [Test]
    public async Task An_overdue_round_raises_one_signal_that_becomes_an_HRM_case_of_normal_priority_even_when_the_job_runs_again()
    {
        var (app, _, round) = await StartAsync();
        await using var _app = app;
        var overdue = await app.ScalarAsync<long>(
            "SELECT COUNT(*) FROM checkup_rounds r JOIN teams t ON t.id = r.team_id AND t.is_active = 1 WHERE r.completed_at IS NULL AND r.period_start < @before",
            new { before = app.Today.AddDays(-30) });
        Assert.That(overdue, Is.GreaterThan(0), "the demo has overdue rounds");

        await RunAsync<OverdueRoundSignalJob>(app, job => job.RunAsync());
        await RunAsync<OverdueRoundSignalJob>(app, job => job.RunAsync());
        // As at start-up after a restart: the scheduling job runs the overdue check again.
        await RunAsync<RoundSchedulingJob>(app, job => job.RunAsync());
        await SweepAsync(app);

        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE source = @source", new { source = SignalSources.RoundOverdue }), Is.EqualTo(overdue));
        Assert.That(await SignalsAsync(app, round, SignalSources.RoundOverdue), Is.EqualTo(1));
        Assert.That(await OpenCasesAsync(app, Team), Is.EqualTo(new[] { (Disciplines.Hrm, Priorities.Normal) }));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE source = @source AND (processed_at IS NULL OR case_id IS NULL)",
            new { source = SignalSources.RoundOverdue }), Is.Zero);
    }

    [Test]
    public async Task The_overdue_rule_follows_its_settings_days_lead_and_priority()
    {
        var (app, _, round) = await StartAsync();
        await using var _app = app;
        await app.ExecuteAsync("UPDATE settings SET value = '60' WHERE name = 'rule.overdue.days'");
        await RunAsync<OverdueRoundSignalJob>(app, job => job.RunAsync());
        Assert.That(await SignalsAsync(app, round, SignalSources.RoundOverdue), Is.Zero, "53 days is not overdue at 60");

        await app.ExecuteAsync("UPDATE settings SET value = '50' WHERE name = 'rule.overdue.days'");
        await app.ExecuteAsync("UPDATE settings SET value = 'VIK' WHERE name = 'rule.overdue.discipline'");
        await app.ExecuteAsync("UPDATE settings SET value = 'High' WHERE name = 'rule.overdue.priority'");
        await RunAsync<OverdueRoundSignalJob>(app, job => job.RunAsync());
        await SweepAsync(app);
        Assert.That(await SignalsAsync(app, round, SignalSources.RoundOverdue), Is.EqualTo(1));
        Assert.That(await OpenCasesAsync(app, Team), Is.EqualTo(new[] { (Disciplines.Vik, Priorities.High) }));
    }
}
