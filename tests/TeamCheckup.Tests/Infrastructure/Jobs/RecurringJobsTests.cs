using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Jobs;

namespace TeamCheckup.Tests.Infrastructure.Jobs;

/// <summary>The recurring jobs: all registered under their fixed ids, all resolvable, all safe to run twice.</summary>
public class RecurringJobsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public void Every_recurring_job_is_registered_under_its_id_with_a_valid_schedule()
    {
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var registered = connection.GetRecurringJobs();
        Assert.That(registered.Select(j => j.Id), Is.EquivalentTo(RecurringJobs.Ids));
        Assert.Multiple(() =>
        {
            foreach (var job in registered)
            {
                Assert.That(job.LoadException, Is.Null, $"{job.Id}: the job's method can be loaded");
                Assert.That(job.Error, Is.Null, $"{job.Id}: {job.Error}");
                Assert.That(job.NextExecution, Is.Not.Null, $"{job.Id}: has a next run");
            }
        });
    }

    [Test]
    public async Task The_dashboard_lists_every_recurring_job_for_the_administrator()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var html = await admin.GetHtmlAsync("/hangfire/recurring");
        Assert.That(RecurringJobs.Ids, Has.All.Matches<string>(id => html.Contains(id, StringComparison.Ordinal)));
    }

    [Test]
    public async Task Every_job_runs_twice_and_the_second_run_adds_nothing()
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var today = services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>().Today;

        var roundsFirst = await services.GetRequiredService<RoundSchedulingJob>().CreateDueRoundsAsync(today);
        var roundsSecond = await services.GetRequiredService<RoundSchedulingJob>().CreateDueRoundsAsync(today);
        var remindersFirst = await services.GetRequiredService<RoundReminderJob>().CreateRemindersAsync(today);
        var remindersSecond = await services.GetRequiredService<RoundReminderJob>().CreateRemindersAsync(today);
        await services.GetRequiredService<PulseClosingJob>().RunAsync();
        await services.GetRequiredService<PulseClosingJob>().RunAsync();
        await services.GetRequiredService<ExpiredSessionCleanupJob>().RunAsync();
        await services.GetRequiredService<ExpiredSessionCleanupJob>().RunAsync();
        await services.GetRequiredService<SignalProcessor>().SweepAsync();
        var sweepSecond = await services.GetRequiredService<SignalProcessor>().SweepAsync();
        await services.GetRequiredService<AuditChainVerificationJob>().RunAsync();
        await services.GetRequiredService<AuditChainVerificationJob>().RunAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(roundsFirst, Is.EqualTo(await app.ScalarAsync<long>("SELECT COUNT(*) FROM teams WHERE is_active = 1")), "one round per active team");
            Assert.That(roundsSecond, Is.Zero);
            Assert.That(remindersFirst, Is.GreaterThan(0), "the leads of the new rounds are reminded");
            Assert.That(remindersSecond, Is.Zero);
            Assert.That(sweepSecond, Is.Zero);
            var verifications = (await app.AuditSinceAsync(0)).Where(e => e.Action == AuditActions.AuditVerified).ToList();
            Assert.That(verifications, Has.Count.EqualTo(2).And.All.Matches<AuditRow>(e => e.Details!.StartsWith("intact")));
        });
    }
}
