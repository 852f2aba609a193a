using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Triage;
using static TeamCheckup.Tests.Features.Notifications.NotificationHarness;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Notifications;

/// <summary>The ladder over cases, anonymous reports and agreements, on the test clock, day by day.</summary>
[TestFixture]
public sealed class EscalationLadderTests
{
    private static async Task<int> LadderAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationLadderJob>().RunAsync();
    }

    private static async Task<int> InsertCaseAsync(TestApp app, int teamId, string priority, DateOnly opened)
    {
        var due = TriageDeadlines.TriageDueOn(opened, priority);
        var id = await app.ScalarAsync<int>(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, updated_at) " +
            "VALUES (1, @teamId, 'New', @priority, 'HRM', @now, @due, @now); SELECT last_insert_rowid()",
            new { teamId, priority, now = app.AppClock.UtcNow, due });
        await app.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@id, @user, 'HRM', @now)",
            new { id, user = await UserIdAsync(app, Demo.Hrm), now = app.AppClock.UtcNow });
        return id;
    }

    private static Task<List<string>> KeysAsync(TestApp app, string userName, int caseId, string kindPrefix) => app.QueryAsync<string>(
        "SELECT n.event_key FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE u.user_name = @userName AND n.subject_id = @caseId " +
        "AND n.kind LIKE @kind ORDER BY n.id", new { userName, caseId, kind = kindPrefix + "%" });

    [Test]
    public async Task Triage_warnings_fall_on_the_working_day_50_75_and_90_percent_are_used_and_the_breach_crosses_easter()
    {
        // Thursday 2 April 2026: Good Friday is a working day, Easter Monday 6 April is not.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 4, 2, 8, 0, 0, TimeSpan.Zero));
        using var app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        var normal = await InsertCaseAsync(app, 4, Priorities.Normal, app.Today);   // 5 working days: due Friday 10 April
        var high = await InsertCaseAsync(app, 5, Priorities.High, app.Today);       // 2 working days: due Tuesday 7 April
        var seen = new Dictionary<DateOnly, (List<string> Normal, List<string> High)>();
        for (var day = 0; day <= 9; day++)
        {
            await LadderAsync(app);
            Assert.That(await LadderAsync(app), Is.Zero, "a second run the same day adds nothing");
            seen[app.Today] = (await KeysAsync(app, Demo.Hrm, normal, "TriageDeadline"), await KeysAsync(app, Demo.Hrm, high, "TriageDeadline"));
            clock.Advance(TimeSpan.FromDays(1));
        }
        var d = (int month, int dayOfMonth) => new DateOnly(2026, month, dayOfMonth);
        Assert.Multiple(() =>
        {
            Assert.That(seen[d(4, 7)].Normal, Is.Empty, "Tuesday: 2 of 5 working days used (40 %)");
            Assert.That(seen[d(4, 8)].Normal, Is.EqualTo(new[] { $"case-triage:{normal}:2026-04-10:50" }), "Wednesday: 3 of 5 (60 %) — the first day at 50 %");
            Assert.That(seen[d(4, 9)].Normal.Last(), Is.EqualTo($"case-triage:{normal}:2026-04-10:75"), "Thursday: 4 of 5 (80 %)");
            Assert.That(seen[d(4, 10)].Normal.Last(), Is.EqualTo($"case-triage:{normal}:2026-04-10:90"), "Friday, the due day");
            Assert.That(seen[d(4, 10)].Normal, Has.None.Contains("breach"));
            Assert.That(seen[d(4, 11)].Normal.Last(), Is.EqualTo($"case-triage-breach:{normal}:2026-04-10"), "Saturday: breached");

            Assert.That(seen[d(4, 2)].High, Is.Empty);
            Assert.That(seen[d(4, 3)].High, Is.EqualTo(new[] { $"case-triage:{high}:2026-04-07:50" }), "Good Friday: exactly 1 of 2 working days");
            Assert.That(seen[d(4, 6)].High, Has.Count.EqualTo(1), "the weekend and Easter Monday use no working time");
            Assert.That(seen[d(4, 7)].High.Last(), Is.EqualTo($"case-triage:{high}:2026-04-07:90"));
            Assert.That(seen[d(4, 7)].High, Has.None.Contains("breach"));
            Assert.That(seen[d(4, 8)].High.Last(), Is.EqualTo($"case-triage-breach:{high}:2026-04-07"));
        });
        Assert.That(await KeysAsync(app, Demo.Chief, normal, "TriageDeadline"), Is.EqualTo(new[] { $"case-triage-breach:{normal}:2026-04-10" }), "the chief hears of the breach only");
        Assert.That(await KeysAsync(app, Demo.Vik, normal, "TriageDeadline"), Is.Empty, "not the lead discipline");
        var late = await app.ScalarAsync<string>("SELECT arguments FROM user_notifications WHERE event_key = @key",
            new { key = $"case-triage-breach:{high}:2026-04-07" });
        Assert.That(System.Text.Json.JsonSerializer.Deserialize<string[]>(late),
            Is.EqualTo(new[] { await app.ScalarAsync<string>("SELECT name FROM teams WHERE id = 5"), high.ToString(), "1" }), "team, case number, working days late");
    }

    [Test]
    public async Task Mails_about_an_anonymous_report_carry_no_confidential_text_come_the_next_day_and_speak_the_recipients_language()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var mail = MailCatcher.Start();
        using var app = await TestApp.StartAsync(Options(mail.Port, clock));
        var marker = "GEHEIM-" + Guid.NewGuid().ToString("N")[..12];
        using (var vik = await app.SignInAsync(Demo.Vik))
        {
            using var saved = await vik.SubmitFormAsync("/notifications/preferences", new Dictionary<string, string?> { ["Language"] = "en" });
            Assert.That((int)saved.StatusCode, Is.EqualTo(302));
        }
        var filed = await Support.Triage.ReportAndTriageAsync(app, Demo.UnitMiddenNederland, 1, description: "Melding " + marker);
        await app.ExecuteAsync("UPDATE cases SET analysis = @text WHERE id = @CaseId", new { text = "Analyse " + marker, filed.CaseId });
        await app.ExecuteAsync("INSERT INTO case_entries (case_id, kind, body, involves_team_lead, created_at) VALUES (@CaseId, 'Action', @text, 0, @now)",
            new { filed.CaseId, text = "Actie " + marker, now = app.AppClock.UtcNow });
        var lead = await app.ScalarAsync<string>("SELECT lead_discipline FROM cases WHERE id = @CaseId", new { filed.CaseId });

        await LadderAsync(app);
        Assert.That(await app.ScalarAsync<int>("SELECT COUNT(*) FROM user_notifications WHERE subject_id = @CaseId AND kind = 'CaseOpened'", new { filed.CaseId }), Is.Zero,
            "a case an anonymous report opened is not announced the same day");
        for (var day = 1; day <= 9; day++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            await LadderAsync(app);
            await SendAsync(app);
        }
        var stamps = await app.QueryAsync<DateTime>("SELECT created_at FROM user_notifications WHERE subject_id = @CaseId", new { filed.CaseId });
        Assert.That(stamps, Has.All.Matches<DateTime>(s => s.TimeOfDay == TimeSpan.Zero), "the day only, never a time (SPEC §9 P7)");
        var kinds = await app.QueryAsync<string>("SELECT DISTINCT kind FROM user_notifications WHERE subject_id = @CaseId", new { filed.CaseId });
        Assert.That(kinds, Is.SupersetOf(new[] { NotificationKinds.CaseOpened, NotificationKinds.AcknowledgeWarning, NotificationKinds.AcknowledgeBreached }));

        var messages = mail.Messages;
        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.Select(Text), Has.None.Contains(marker), "no report, analysis or entry text in any e-mail");
        Assert.That(messages.Select(Text), Has.None.Contains("Er speelt iets"));
        var chiefBreach = messages.Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith(Demo.Chief + "@")) && m.Subject.Contains("te laat")).ToList();
        Assert.That(chiefBreach, Is.Not.Empty, "a breach reaches the unit chief");
        Assert.That(chiefBreach[0].Subject, Does.Contain($"#{filed.CaseId}"));
        if (lead == Disciplines.Vik)
        {
            var english = messages.Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith(Demo.Vik + "@"))).ToList();
            Assert.That(english, Is.Not.Empty);
            Assert.That(english.Select(m => m.TextBody), Has.All.StartWith("Hello,"), "the VIK advisor chose English");
            Assert.That(english.Select(m => m.Body.Headers["Content-Language"]), Has.All.EqualTo("en"));
            Assert.That(english.Select(m => m.Subject), Has.Some.Contains($"New case #{filed.CaseId}"));
        }
        Assert.That(messages.Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith(Demo.Chief + "@"))).Select(m => m.TextBody), Has.All.StartWith("Hallo,"));
    }

    [Test]
    public async Task Agreements_due_and_overdue_remind_the_team_lead_once_each()
    {
        using var app = await TestApp.StartAsync();
        await RunLadderAsync(app);
        var round = await app.ScalarAsync<int>("SELECT MAX(id) FROM checkup_rounds WHERE team_id = 1");
        await app.ExecuteAsync(
            "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, last_round_id, updated_at) " +
            "VALUES (1, @round, 'GEHEIME afspraak', 'HRM', 'Jan Jansen', @soon, 'Open', @round, @now), (1, @round, 'Andere afspraak', 'HRM', 'Piet', @past, 'InProgress', @round, @now)",
            new { round, soon = app.Today.AddDays(3), past = app.Today.AddDays(-2), now = app.AppClock.UtcNow });
        await LadderAsync(app);
        Assert.That(await LadderAsync(app), Is.Zero);
        var kinds = await KindsForAsync(app, Demo.TeamLead);
        Assert.That(kinds.Count(k => k == NotificationKinds.AgreementDue), Is.EqualTo(1));
        Assert.That(kinds.Count(k => k == NotificationKinds.AgreementOverdue), Is.EqualTo(1));
        var arguments = await app.QueryAsync<string>("SELECT arguments FROM user_notifications WHERE kind LIKE 'Agreement%'");
        Assert.That(arguments, Has.None.Contains("GEHEIME").And.None.Contains("Jan Jansen"), "what was agreed and who owns it stay in the app");
    }

    [Test]
    public async Task A_scheduled_quarterly_report_tells_each_of_its_readers_once()
    {
        using var app = await TestApp.StartAsync();
        var batch = await app.ScalarAsync<int>("INSERT INTO report_batches (quarter, kind, created_at, finished_at) VALUES ('2026-Q3', 'Scheduled', @now, @now); SELECT last_insert_rowid()",
            new { now = app.AppClock.UtcNow });
        foreach (var (type, scope, language) in new[] { ("Team", 1, "nl"), ("Team", 1, "en"), ("Hrm", 1, "nl"), ("Vik", 0, "nl") })
            await app.ExecuteAsync("INSERT INTO report_batch_items (batch_id, report_type, scope_id, language, status, updated_at) VALUES (@batch, @type, @scope, @language, 'Done', @now)",
                new { batch, type, scope, language, now = app.AppClock.UtcNow });
        await LadderAsync(app);
        Assert.That(await LadderAsync(app), Is.Zero);
        Assert.Multiple(async () =>
        {
            Assert.That((await KindsForAsync(app, Demo.TeamLead)).Count(k => k == NotificationKinds.ReportReady), Is.EqualTo(1), "one per report, whatever its languages");
            Assert.That((await KindsForAsync(app, Demo.Hrm)).Count(k => k == NotificationKinds.ReportReady), Is.EqualTo(1));
            Assert.That((await KindsForAsync(app, Demo.Vik)).Count(k => k == NotificationKinds.ReportReady), Is.EqualTo(1), "the national VIK report");
            Assert.That(await KindsForAsync(app, Demo.Chief), Has.No.Member(NotificationKinds.ReportReady));
            Assert.That(await KindsForAsync(app, Demo.TeamLead2), Has.No.Member(NotificationKinds.ReportReady));
        });
    }
    /// <summary>Every report type a batch makes: who is told it is ready is exactly who may download it (the download's own
    /// check, <c>ReportAccess</c>, behind /reports or the authorities' /authority, is the judge), for every demo account.</summary>
    [Test]
    public async Task A_ready_report_is_announced_to_exactly_the_accounts_that_may_download_it()
    {
        using var app = await TestApp.StartAsync();
        var quarter = new TeamCheckup.Web.Features.Reports.Quarter(2025, 4);
        var now = app.AppClock.UtcNow;
        var batch = await app.ScalarAsync<int>("INSERT INTO report_batches (quarter, kind, created_at, finished_at) VALUES (@key, 'Scheduled', @now, @now); SELECT last_insert_rowid()",
            new { key = quarter.Key, now });
        var reports = new (string Type, int Scope)[]
        {
            ("Team", 1), ("Hrm", 1), ("Hrm", 0), ("Vik", 1), ("Vik", 0), ("Chief", 1), ("Integrity", 1), ("Integrity", 0),
            ("Authority", 1), ("AuthorityTeam", 1), ("NetworkSignals", 0),
        };
        Assert.That(reports.Select(r => r.Type).Distinct(), Is.SupersetOf(TeamCheckup.Web.Features.Reports.ReportTypes.All), "every type a batch makes");
        var archived = new Dictionary<(string, int), long>();
        using (var scope = app.Services.CreateScope())
        {
            var generator = scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Reports.ReportGenerator>();
            foreach (var (type, id) in reports)
            {
                await app.ExecuteAsync("INSERT INTO report_batch_items (batch_id, report_type, scope_id, language, status, updated_at) VALUES (@batch, @type, @id, 'nl', 'Done', @now)",
                    new { batch, type, id, now });
                archived[(type, id)] = (await generator.GetOrCreateAsync(new TeamCheckup.Web.Features.Reports.ReportRequest(type, id, quarter, "nl")))!.Id;
            }
        }
        await LadderAsync(app);
        var told = await app.QueryAsync<(string User, string Key)>(
            "SELECT u.user_name, n.event_key FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = @kind",
            new { kind = NotificationKinds.ReportReady });
        Assert.Multiple(async () =>
        {
            foreach (var account in Demo.AllAccounts)
            {
                using var client = await app.SignInAsync(account);
                foreach (var (type, id) in reports)
                {
                    // The authorities download through their own page; everyone else through /reports.
                    var authority = type is "Authority" or "AuthorityTeam" ? "/authority" : "";
                    using var download = await client.GetAsync($"{authority}/reports/{archived[(type, id)]}/download");
                    var may = download.StatusCode == System.Net.HttpStatusCode.OK;
                    var announced = told.Contains((account, $"report-ready:{type}:{id}:{quarter.Key}"));
                    Assert.That(announced, Is.EqualTo(may), $"{account} and the {type} report of {id}: may download {may}, told {announced}");
                }
            }
        });
    }
}
