using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Notifications;
using static TeamCheckup.Tests.Features.Notifications.NotificationHarness;

namespace TeamCheckup.Tests.Features.Notifications;

/// <summary>E-mail through the outbox to a real SMTP server in this process: once per event, across restarts,
/// after a kill between writing and sending, and with retries when the server is away.</summary>
[TestFixture]
public sealed class MailDeliveryTests
{
    [Test]
    public async Task Demo_start_sends_what_its_state_calls_for_once_and_a_restart_sends_nothing_again()
    {
        await using var mail = MailCatcher.Start();
        var folder = TestApp.NewTempFolder();
        int outboxFirst, notificationsFirst, sentFirst;
        using (var first = await TestApp.StartAsync(Options(mail.Port, dataDirectory: folder, keepData: true)))
        {
            await RunLadderAsync(first);
            Assert.That(await RunLadderAsync(first), Is.Zero, "a second run of the ladder adds nothing");
            sentFirst = await SendAsync(first);
            Assert.That(await SendAsync(first), Is.Zero, "a second delivery run sends nothing");
            outboxFirst = await first.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox");
            notificationsFirst = await first.ScalarAsync<int>("SELECT COUNT(*) FROM user_notifications");
            var immediate = await first.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox WHERE delivery = 'Immediate' AND due_at <= @now", new { now = first.AppClock.UtcNow });
            Assert.That(sentFirst, Is.EqualTo(immediate).And.GreaterThan(0), "every due e-mail went out");
        }
        using (var second = await TestApp.StartAsync(Options(mail.Port, dataDirectory: folder)))
        {
            Assert.That(await RunLadderAsync(second), Is.Zero, "the restarted app finds nothing new to tell");
            Assert.That(await SendAsync(second), Is.Zero);
            Assert.That(await second.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox"), Is.EqualTo(outboxFirst));
            Assert.That(await second.ScalarAsync<int>("SELECT COUNT(*) FROM user_notifications"), Is.EqualTo(notificationsFirst));
        }
        Assert.That(mail.Count, Is.EqualTo(sentFirst), "each e-mail arrived once");
        var ids = mail.Messages.Select(m => m.MessageId).ToList();
        Assert.That(ids, Is.Unique);
    }

    [Test]
    public async Task An_overdue_round_of_a_team_without_a_lead_reaches_the_chief_and_hrm_by_mail()
    {
        await using var mail = MailCatcher.Start();
        using var app = await TestApp.StartAsync(Options(mail.Port));
        await RunLadderAsync(app);
        const int leadlessTeam = 3; // Midden-Nederland; the demo's team leads lead teams 1, 2 and 7
        var round = await app.ScalarAsync<int>("SELECT MAX(id) FROM checkup_rounds WHERE team_id = @leadlessTeam AND completed_at IS NULL", new { leadlessTeam });
        await app.ExecuteAsync("UPDATE checkup_rounds SET period_start = @start WHERE id = @round", new { start = app.Today.AddDays(-45), round });
        await RunLadderAsync(app);
        await SendAsync(app);

        Assert.That(await KindsForAsync(app, Demo.Chief, round), Does.Contain(NotificationKinds.RoundEscalated));
        Assert.That(await KindsForAsync(app, Demo.Hrm, round), Does.Contain(NotificationKinds.RoundEscalated));
        Assert.That(await KindsForAsync(app, Demo.Vik, round), Is.Empty);
        var team = await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = @leadlessTeam", new { leadlessTeam });
        var escalations = mail.Messages.Where(m => m.Subject.Contains(team) && m.Subject.Contains("niet op tijd afgerond")).ToList();
        Assert.That(escalations.SelectMany(m => m.To.Mailboxes).Select(a => a.Address).Distinct(),
            Is.EquivalentTo(new[] { $"{Demo.Chief}@demo.teamcheckup.local", $"{Demo.Hrm}@demo.teamcheckup.local" }));
        Assert.That(escalations[0].TextBody, Does.Contain($"http://localhost:5080/teams/{leadlessTeam}"), "the link comes from App:PublicBaseUrl");
        Assert.That(escalations[0].Body.Headers["Content-Language"], Is.EqualTo("nl"));
        Assert.That(escalations[0].TextBody, Does.StartWith("Hallo,"), "Dutch for a user who chose no language");
    }

    [Test]
    public async Task The_outbox_survives_a_kill_between_writing_and_sending()
    {
        var folder = TestApp.NewTempFolder();
        var port = MailCatcher.FreePort();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        int queued;
        using (var first = await TestApp.StartAsync(Options(port, clock, folder, keepData: true)))
        {
            await RunLadderAsync(first);
            queued = await first.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox WHERE delivery = 'Immediate'");
            // One row was being sent when the process died: claimed, not marked sent.
            await first.ExecuteAsync("UPDATE notification_outbox SET claim_token = 'killed', claimed_until = @until WHERE id = (SELECT MIN(id) FROM notification_outbox WHERE delivery = 'Immediate')",
                new { until = first.AppClock.UtcNow + MailDeliveryJob.ClaimFor });
        }
        Assert.That(queued, Is.GreaterThan(1));
        await using var mail = MailCatcher.Start(port);
        using var second = await TestApp.StartAsync(Options(port, clock, folder));
        Assert.That(await SendAsync(second), Is.EqualTo(queued - 1), "everything not in flight goes out after the restart");
        clock.Advance(MailDeliveryJob.ClaimFor + TimeSpan.FromMinutes(1));
        Assert.That(await SendAsync(second), Is.EqualTo(1), "the row claimed by the dead process goes out once its claim has expired");
        Assert.That(await SendAsync(second), Is.Zero);
        Assert.That(mail.Count, Is.EqualTo(queued));
        Assert.That(await second.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox WHERE delivery = 'Immediate' AND sent_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task An_smtp_failure_is_retried_with_growing_waits()
    {
        var port = MailCatcher.FreePort(); // nothing listens there yet
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var app = await TestApp.StartAsync(Options(port, clock));
        await RunLadderAsync(app);
        var queued = await app.ScalarAsync<int>("SELECT COUNT(*) FROM notification_outbox WHERE delivery = 'Immediate'");
        var start = app.AppClock.UtcNow;

        Assert.That(await SendAsync(app), Is.Zero);
        Assert.That(await app.ScalarAsync<int>("SELECT MIN(attempts) FROM notification_outbox WHERE delivery = 'Immediate'"), Is.EqualTo(1));
        Assert.That(await app.ScalarAsync<DateTime>("SELECT MIN(due_at) FROM notification_outbox WHERE delivery = 'Immediate'"), Is.EqualTo(start.AddMinutes(1)));
        Assert.That(await SendAsync(app), Is.Zero);
        Assert.That(await app.ScalarAsync<int>("SELECT MAX(attempts) FROM notification_outbox WHERE delivery = 'Immediate'"), Is.EqualTo(1), "not tried again before its wait is over");

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await SendAsync(app), Is.Zero);
        Assert.That(await app.ScalarAsync<DateTime>("SELECT MIN(due_at) FROM notification_outbox WHERE delivery = 'Immediate'"), Is.EqualTo(start.AddMinutes(1 + 2)), "the second wait is twice the first");
        Assert.That(MailDeliveryJob.Backoff(3), Is.EqualTo(TimeSpan.FromMinutes(4)));
        Assert.That(MailDeliveryJob.Backoff(20), Is.EqualTo(TimeSpan.FromHours(6)));

        await using var mail = MailCatcher.Start(port);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await SendAsync(app), Is.EqualTo(queued));
        Assert.That(await SendAsync(app), Is.Zero);
        Assert.That(mail.Count, Is.EqualTo(queued));
    }

    [Test]
    public async Task Preferences_send_at_once_in_the_daily_digest_or_not_at_all_but_a_breach_always_goes_at_once()
    {
        await using var mail = MailCatcher.Start();
        using var app = await TestApp.StartAsync(Options(mail.Port));
        var hrm = await UserIdAsync(app, Demo.Hrm);
        var vik = await UserIdAsync(app, Demo.Vik);
        await app.ExecuteAsync("INSERT INTO notification_recipients (user_id, language) VALUES (@hrm, 'en')", new { hrm });
        await app.ExecuteAsync(
            "INSERT INTO notification_preferences (user_id, kind, delivery) VALUES (@hrm, @opened, 'Digest'), (@hrm, @warning, 'InApp'), (@hrm, @breach, 'InApp')",
            new { hrm, opened = NotificationKinds.CaseOpened, warning = NotificationKinds.TriageDeadlineWarning, breach = NotificationKinds.TriageDeadlineBreached });
        var notifier = app.Services.GetRequiredService<Notifier>();
        foreach (var (user, kind, key) in new[]
                 {
                     (hrm, NotificationKinds.CaseOpened, "case-opened:901"), (hrm, NotificationKinds.CaseOpened, "case-opened:902"),
                     (hrm, NotificationKinds.TriageDeadlineWarning, "triage-75:901"), (hrm, NotificationKinds.TriageDeadlineBreached, "triage-breach:901"),
                     (vik, NotificationKinds.CaseOpened, "case-opened:901"),
                 })
            Assert.That(await notifier.QueueAsync(new NotificationEvent(user, kind, key, 1, "/cases/" + key[^3..], ["Basisteam Utrecht-Centrum", key[^3..], "2"])), Is.True);

        Assert.That(await SendAsync(app), Is.EqualTo(2), "the breach to HRM (its choice ignored) and the new case to VIK (its default)");
        Assert.That(mail.Messages.Single(m => m.To.Mailboxes.Single().Address.StartsWith(Demo.Hrm)).Subject, Does.Contain("Triage deadline passed"),
            "in the language HRM chose");
        Assert.That(await SendDigestsAsync(app), Is.EqualTo(1), "one digest for HRM's two new cases; the warning stays in the app");
        Assert.That(await SendDigestsAsync(app), Is.Zero);
        Assert.That(await SendAsync(app), Is.Zero);

        var digest = mail.Messages.Single(m => m.Subject.Contains("digest"));
        Assert.That(digest.To.Mailboxes.Single().Address, Does.StartWith(Demo.Hrm));
        Assert.That(digest.Subject, Is.EqualTo("TeamCheckup: your daily digest (2)"));
        Assert.That(digest.TextBody, Does.Contain("New case #901").And.Contain("New case #902").And.Contain("http://localhost:5080/cases/901"));
        Assert.That(digest.TextBody, Does.Not.Contain("Triage deadline"), "an in-app-only warning is not mailed, not even in the digest");
        Assert.That(mail.Count, Is.EqualTo(3));
        Assert.That(await KindsForAsync(app, Demo.Hrm), Has.Exactly(4).Items, "the inbox holds all four, whatever the e-mail choice");
    }
}
