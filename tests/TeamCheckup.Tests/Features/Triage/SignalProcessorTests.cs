using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Triage;

/// <summary>
/// The triage engine on a real SQLite file (SPEC §6): a signal opens a case with its expert team or
/// joins the team's one open case; processing is idempotent and safe on parallel workers; the sweep
/// picks up signals whose job was lost; every signal records the rules and rule values it was judged by.
/// </summary>
[TestFixture]
public sealed class SignalProcessorTests
{
    /// <summary>Friday 9 January 2026: a normal case is due Friday 16th, a high-priority one Tuesday 13th.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 9, 10, 0, 0, TimeSpan.Zero);

    private const string ConflictMedium = """{"category":"Conflict","severity":"Medium"}""";
    private const string HarassmentHigh = """{"category":"Harassment","severity":"High"}""";

    private string folder = null!;
    private DbConnectionFactory connections = null!;
    private FixedClock clock = null!;
    private TeamCheckup.Web.Infrastructure.Time.Clock OrganisationClock => TeamCheckup.Web.Infrastructure.Time.Clock.Create(clock);
    private Organisation org = null!;

    [SetUp]
    public async Task SetUp()
    {
        folder = Path.Combine(Path.GetTempPath(), "teamcheckup-triage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        connections = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = folder }, folder);
        new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
        clock = new FixedClock(Now);
        org = await Organisation.SeedAsync(connections);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a temp folder; never fail a test on its cleanup */ }
    }

    private SignalProcessor Processor() =>
        new(connections, new ExpertAssignment(connections),
            new TeamCheckup.Web.Features.Cases.CaseLeadHandler(connections, new ExpertAssignment(connections), new AuditTrail(connections, OrganisationClock),
                new TeamCheckup.Web.Features.Notifications.Notifier(connections, OrganisationClock,
                    Microsoft.Extensions.Options.Options.Create(new TeamCheckup.Web.Features.Notifications.NotificationOptions()))),
            new AuditTrail(connections, OrganisationClock), OrganisationClock, NullLogger<SignalProcessor>.Instance);

    // ---- opening a case ---------------------------------------------------------------------------

    [Test]
    public async Task An_incident_signal_opens_a_case_with_an_HRM_a_VIK_and_a_Communications_advisor()
    {
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);

        await Processor().ProcessAsync(signalId);

        var signal = await SignalAsync(signalId);
        var cases = await CasesAsync();
        Assert.That(cases, Has.Count.EqualTo(1));
        var opened = cases[0];
        Assert.Multiple(() =>
        {
            Assert.That(signal.ProcessedAt, Is.Not.Null);
            Assert.That(signal.CaseId, Is.EqualTo(opened.Id));
            Assert.That(opened.UnitId, Is.EqualTo(org.Unit1));
            Assert.That(opened.TeamId, Is.EqualTo(org.Team1));
            Assert.That(opened.Status, Is.EqualTo(CaseStatuses.New));
            Assert.That(opened.Priority, Is.EqualTo(Priorities.Normal));
            Assert.That(opened.LeadDiscipline, Is.EqualTo(Disciplines.Hrm));
            Assert.That(opened.TriageDueOn, Is.EqualTo("2026-01-16"));
            Assert.That(opened.ClosedAt, Is.Null);
        });
        Assert.That(await MembersAsync(opened.Id), Is.EquivalentTo(new[]
        {
            (org.Hrm1, Disciplines.Hrm), (org.Vik, Disciplines.Vik), (org.Communications, Disciplines.Communications),
        }));
        Assert.That(await AuditActionsAsync($"case:{opened.Id}"), Is.EqualTo(new[] { "case.opened" }));
        Assert.That((await new AuditTrail(connections, OrganisationClock).VerifyAsync()).IsIntact, Is.True);
    }

    [Test]
    public async Task A_high_severity_harassment_incident_opens_a_high_priority_VIK_case_due_in_two_working_days()
    {
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.Incident, HarassmentHigh);

        await Processor().ProcessAsync(signalId);

        var opened = (await CasesAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(opened.Priority, Is.EqualTo(Priorities.High));
            Assert.That(opened.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(opened.TriageDueOn, Is.EqualTo("2026-01-13"));
        });
    }

    [Test]
    public async Task Each_anonymous_report_without_a_team_opens_a_case_of_its_own_led_by_VIK()
    {
        var first = await InsertSignalAsync(null, SignalSources.AnonymousReport, ConflictMedium, unitId: org.Unit1);
        var second = await InsertSignalAsync(null, SignalSources.AnonymousReport, ConflictMedium, unitId: org.Unit1);
        var team = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        var processor = Processor();

        foreach (var id in new[] { first, second, team }) await processor.ProcessAsync(id);

        // Issue 13: unrelated reports never share a case (nor its outcome); the lead discipline links them by hand.
        var cases = await CasesAsync();
        var unitCases = cases.Where(c => c.TeamId is null).ToList();
        var teamCase = cases.Single(c => c.TeamId == org.Team1);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(cases, Has.Count.EqualTo(3));
            Assert.That(unitCases, Has.Count.EqualTo(2));
            Assert.That(unitCases.Select(c => c.UnitId), Is.All.EqualTo(org.Unit1));
            Assert.That(unitCases.Select(c => c.LeadDiscipline), Is.All.EqualTo(Disciplines.Vik));
            Assert.That((await SignalAsync(first)).CaseId, Is.Not.EqualTo((await SignalAsync(second)).CaseId));
            Assert.That(unitCases.Select(c => c.Id), Does.Contain((await SignalAsync(first)).CaseId).And.Contain((await SignalAsync(second)).CaseId));
            Assert.That((await SignalAsync(team)).CaseId, Is.EqualTo(teamCase.Id));
        });
    }

    [Test]
    public async Task A_case_in_a_unit_gets_only_that_units_advisors()
    {
        // Unit 2 has an HRM advisor only; unit 1's VIK and Communications advisors stay out of it.
        var signalId = await InsertSignalAsync(org.Team5OtherUnit, SignalSources.Incident, ConflictMedium);

        await Processor().ProcessAsync(signalId);

        var opened = (await CasesAsync()).Single();
        Assert.That(opened.UnitId, Is.EqualTo(org.Unit2));
        Assert.That(await MembersAsync(opened.Id), Is.EqualTo(new[] { (org.HrmOtherUnit, Disciplines.Hrm) }));
    }

    // ---- fair assignment --------------------------------------------------------------------------

    [Test]
    public async Task The_advisor_with_the_fewest_open_cases_gets_the_next_case()
    {
        var hrm2 = await org.AddUserAsync(connections, "hrm2", Roles.HrmAdvisor, ScopeTypes.Unit, org.Unit1);
        var processor = Processor();

        async Task<long> HrmOfNewCaseAsync(long teamId)
        {
            var signalId = await InsertSignalAsync(teamId, SignalSources.Incident, ConflictMedium);
            await processor.ProcessAsync(signalId);
            var caseId = (await SignalAsync(signalId)).CaseId!.Value;
            return (await MembersAsync(caseId)).Single(m => m.Role == Disciplines.Hrm).UserId;
        }

        // 0–0: a tie goes to the longest-standing account; then the one with fewer open cases.
        Assert.That(await HrmOfNewCaseAsync(org.Team1), Is.EqualTo(org.Hrm1));
        Assert.That(await HrmOfNewCaseAsync(org.Team2), Is.EqualTo(hrm2));
        Assert.That(await HrmOfNewCaseAsync(org.Team3), Is.EqualTo(org.Hrm1));
        Assert.That(await HrmOfNewCaseAsync(org.Team4), Is.EqualTo(hrm2));

        // Closed cases do not count: hrm1's two cases close, so hrm1 (0 open) gets the next two.
        await CloseCaseAsync((await OpenCaseOfAsync(org.Team1))!.Value);
        await CloseCaseAsync((await OpenCaseOfAsync(org.Team3))!.Value);
        Assert.That(await HrmOfNewCaseAsync(org.Team1), Is.EqualTo(org.Hrm1));
        Assert.That(await HrmOfNewCaseAsync(org.Team3), Is.EqualTo(org.Hrm1));

        // Neither the inactive HRM advisor of the unit nor the HRM advisor of another unit was ever picked.
        var picked = await QueryAsync<long>("SELECT DISTINCT user_id FROM case_members WHERE role = 'HRM'");
        Assert.That(picked, Is.EquivalentTo(new[] { org.Hrm1, hrm2 }));
    }

    [Test]
    public async Task A_removed_membership_does_not_count_as_an_open_case()
    {
        var hrm2 = await org.AddUserAsync(connections, "hrm2", Roles.HrmAdvisor, ScopeTypes.District, org.District1);
        var processor = Processor();
        var first = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(first);
        var caseId = (await SignalAsync(first)).CaseId!.Value;
        await ExecuteAsync("UPDATE case_members SET removed_at = @now WHERE case_id = @caseId AND user_id = @hrm1",
            new { now = Now.UtcDateTime, caseId, hrm1 = org.Hrm1 });

        var second = await InsertSignalAsync(org.Team2, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(second);

        // hrm1 is off the first case, so it is 0–0 again and the older account wins; hrm2 came in by district scope.
        var members = await MembersAsync((await SignalAsync(second)).CaseId!.Value);
        Assert.That(members.Single(m => m.Role == Disciplines.Hrm).UserId, Is.EqualTo(org.Hrm1));
        Assert.That(hrm2, Is.GreaterThan(org.Hrm1));
    }

    // ---- one open case per team -------------------------------------------------------------------

    [Test]
    public async Task A_second_signal_for_the_team_joins_its_open_case()
    {
        var processor = Processor();
        var first = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        var second = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        var otherTeam = await InsertSignalAsync(org.Team2, SignalSources.Incident, ConflictMedium);

        await processor.ProcessAsync(first);
        await processor.ProcessAsync(second);
        await processor.ProcessAsync(otherTeam);

        var caseOfTeam1 = (await SignalAsync(first)).CaseId;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CasesAsync(), Has.Count.EqualTo(2));
            Assert.That((await SignalAsync(second)).CaseId, Is.EqualTo(caseOfTeam1));
            Assert.That((await SignalAsync(otherTeam)).CaseId, Is.Not.EqualTo(caseOfTeam1));
            Assert.That(await MembersAsync(caseOfTeam1!.Value), Has.Length.EqualTo(3), "no second expert team on attaching");
            Assert.That(await AuditActionsAsync($"case:{caseOfTeam1}"), Is.EqualTo(new[] { "case.opened", "case.signal-attached" }));
        });
    }

    [Test]
    public async Task A_high_priority_signal_pulls_the_open_case_up_and_its_deadline_forward()
    {
        var processor = Processor();
        var normal = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        var high = await InsertSignalAsync(org.Team1, SignalSources.Incident, HarassmentHigh);
        var normalAgain = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);

        await processor.ProcessAsync(normal);
        Assert.That((await CasesAsync()).Single().TriageDueOn, Is.EqualTo("2026-01-16"));
        await processor.ProcessAsync(high);
        await processor.ProcessAsync(normalAgain);

        var single = (await CasesAsync()).Single();
        Assert.Multiple(() =>
        {
            Assert.That(single.Priority, Is.EqualTo(Priorities.High));
            Assert.That(single.TriageDueOn, Is.EqualTo("2026-01-13"), "forward to two working days, never back");
        });
    }

    [Test]
    public async Task After_the_case_closes_a_new_signal_opens_a_new_case()
    {
        var processor = Processor();
        var first = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(first);
        var closedCase = (await SignalAsync(first)).CaseId!.Value;
        await CloseCaseAsync(closedCase);

        var second = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(second);

        var newCase = (await SignalAsync(second)).CaseId;
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(newCase, Is.Not.Null.And.Not.EqualTo(closedCase));
            Assert.That((await SignalAsync(first)).CaseId, Is.EqualTo(closedCase), "the closed case keeps its signal");
            Assert.That(await OpenCaseOfAsync(org.Team1), Is.EqualTo(newCase));
            Assert.That((await CasesAsync()).Single(c => c.Id == closedCase).Status, Is.EqualTo(CaseStatuses.Closed));
            Assert.That(await MembersAsync(newCase!.Value), Has.Length.EqualTo(3));
        });
    }

    [Test]
    public void The_database_refuses_a_second_open_case_for_a_team()
    {
        const string insert = "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, updated_at) " +
                              "VALUES (@unit, @team, 'New', 'Normal', 'HRM', @now, '2026-01-16', @now)";
        var parameters = new { unit = org.Unit1, team = org.Team1, now = Now.UtcDateTime };
        Assert.DoesNotThrowAsync(() => ExecuteAsync(insert, parameters));
        var refused = Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(insert, parameters));
        Assert.That(refused!.SqliteErrorCode, Is.EqualTo(19)); // SQLITE_CONSTRAINT
    }

    // ---- idempotence and parallel workers -----------------------------------------------------------

    [Test]
    public async Task The_same_signal_processed_twice_makes_one_case_and_is_processed_once()
    {
        var processor = Processor();
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(signalId);
        var afterFirst = await SignalAsync(signalId);
        var auditCount = await ScalarAsync("SELECT COUNT(*) FROM audit_entries");

        clock.Advance(TimeSpan.FromMinutes(5));
        await processor.ProcessAsync(signalId);
        await Processor().ProcessAsync(signalId); // a second worker, e.g. the sweep beside a late job

        var afterSecond = await SignalAsync(signalId);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CasesAsync(), Has.Count.EqualTo(1));
            Assert.That(afterSecond.ProcessedAt, Is.EqualTo(afterFirst.ProcessedAt), "processed once: the time is the first run's");
            Assert.That(afterSecond.CaseId, Is.EqualTo(afterFirst.CaseId));
            Assert.That(afterSecond.Outcome, Is.EqualTo(afterFirst.Outcome));
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM audit_entries"), Is.EqualTo(auditCount), "nothing audited twice");
        });
    }

    [Test]
    public async Task The_same_signal_on_many_workers_at_once_makes_one_case()
    {
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Processor().ProcessAsync(signalId))));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CasesAsync(), Has.Count.EqualTo(1));
            Assert.That(await AuditActionsAsync($"case:{(await SignalAsync(signalId)).CaseId}"), Is.EqualTo(new[] { "case.opened" }));
        });
    }

    [Test]
    public async Task Two_workers_processing_signals_of_the_same_team_in_parallel_make_one_case()
    {
        // Two "Hangfire workers" (two processor instances) over many signals of two teams at once,
        // several rounds; between rounds every case closes so each round opens new ones.
        const int iterations = 6;
        const int signalsPerTeam = 15;
        var workers = new[] { Processor(), Processor() };
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var signals = new List<(long Id, long TeamId)>();
            for (var i = 0; i < signalsPerTeam; i++)
                foreach (var team in new[] { org.Team1, org.Team2 })
                    signals.Add((await InsertSignalAsync(team, SignalSources.Incident, i % 5 == 4 ? HarassmentHigh : ConflictMedium), team));

            await Task.WhenAll(signals.Select((s, i) => Task.Run(() => workers[i % 2].ProcessAsync((int)s.Id))));

            foreach (var team in new[] { org.Team1, org.Team2 })
            {
                var open = await QueryAsync<long>("SELECT id FROM cases WHERE team_id = @team AND closed_at IS NULL", new { team });
                Assert.That(open, Has.Length.EqualTo(1), $"iteration {iteration}: one open case for team {team}");
                foreach (var (id, _) in signals.Where(s => s.TeamId == team))
                {
                    var row = await SignalAsync(id);
                    Assert.That(row.ProcessedAt, Is.Not.Null, $"iteration {iteration}: signal {id} processed");
                    Assert.That(row.CaseId, Is.EqualTo(open[0]), $"iteration {iteration}: signal {id} in its team's open case");
                }
                Assert.That(await MembersAsync(open[0]), Has.Length.EqualTo(3));
                // (A harassment signal joining an HRM-led case also moves its lead: case.lead-moved, not counted here.)
                Assert.That((await AuditActionsAsync($"case:{open[0]}")).Where(a => a is "case.opened" or "case.signal-attached"),
                    Is.EqualTo(new[] { "case.opened" }.Concat(Enumerable.Repeat("case.signal-attached", signalsPerTeam - 1))));
                await CloseCaseAsync(open[0]);
            }
        }

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM cases"), Is.EqualTo(iterations * 2));
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM signals WHERE case_id IS NULL OR processed_at IS NULL"), Is.Zero);
            Assert.That(await ScalarAsync("SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id)"), Is.Zero);
            Assert.That((await new AuditTrail(connections, OrganisationClock).VerifyAsync()).IsIntact, Is.True);
        });
    }

    // ---- the sweep ----------------------------------------------------------------------------------

    [Test]
    public async Task The_sweep_processes_signals_whose_job_was_lost()
    {
        // As after a deleted job or a wiped job store: the signals are committed, no job ever runs for them.
        var processor = Processor();
        var done = await InsertSignalAsync(org.Team3, SignalSources.Incident, ConflictMedium);
        await processor.ProcessAsync(done);
        var doneBefore = await SignalAsync(done);
        var lost = new[]
        {
            await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium),
            await InsertSignalAsync(org.Team1, SignalSources.Incident, HarassmentHigh),
            await InsertSignalAsync(org.Team2, SignalSources.Incident, ConflictMedium),
            await InsertSignalAsync(null, SignalSources.AnonymousReport, ConflictMedium, unitId: org.Unit1),
            await InsertSignalAsync(org.Team4, SignalSources.RoundCompleted, RoundPayload(Good())),
        };
        clock.Advance(TimeSpan.FromMinutes(1));

        var swept = await processor.SweepAsync();

        Assert.That(swept, Is.EqualTo(lost.Length));
        foreach (var id in lost) Assert.That((await SignalAsync(id)).ProcessedAt, Is.Not.Null, $"signal {id}");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await SignalAsync(lost[0])).CaseId, Is.EqualTo((await SignalAsync(lost[1])).CaseId));
            Assert.That(await CasesAsync(), Has.Count.EqualTo(4)); // teams 1, 2, 3 and the unit-level report
            Assert.That(await SignalAsync(done), Is.EqualTo(doneBefore), "a processed signal is left alone");
            Assert.That(await processor.SweepAsync(), Is.Zero, "nothing left for the next sweep");
        });
    }

    [Test]
    public async Task A_signal_that_cannot_be_processed_does_not_hold_up_the_sweep_for_the_others()
    {
        // A payload the engine cannot read (a manual data fix, a payload of another app version): that one
        // signal stays unprocessed and visible in the log, but every signal after it is still swept.
        var before = await InsertSignalAsync(org.Team1, SignalSources.Incident, ConflictMedium);
        var unreadable = await InsertSignalAsync(org.Team2, SignalSources.Incident, "{not json");
        var after = new[]
        {
            await InsertSignalAsync(org.Team3, SignalSources.Incident, ConflictMedium),
            await InsertSignalAsync(org.Team4, SignalSources.RoundCompleted, RoundPayload(Good())),
        };

        var swept = await Processor().SweepAsync();

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(swept, Is.EqualTo(3), "the signals that could be processed");
            Assert.That((await SignalAsync(before)).ProcessedAt, Is.Not.Null);
            foreach (var id in after) Assert.That((await SignalAsync(id)).ProcessedAt, Is.Not.Null, $"signal {id} after the unreadable one");
            Assert.That((await SignalAsync(unreadable)).ProcessedAt, Is.Null, "left for a person to look at, and for the next sweep");
            Assert.That(await OpenCaseOfAsync(org.Team2), Is.Null);
        });
    }

    // ---- round results and the rule values recorded --------------------------------------------------

    [Test]
    public async Task A_completed_round_with_good_results_records_its_outcome_without_a_case()
    {
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.RoundCompleted, RoundPayload(Good(), Good()));

        await Processor().ProcessAsync(signalId);

        var signal = await SignalAsync(signalId);
        using var outcome = JsonDocument.Parse(signal.Outcome!);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(signal.ProcessedAt, Is.Not.Null);
            Assert.That(signal.CaseId, Is.Null);
            Assert.That(await CasesAsync(), Is.Empty);
            Assert.That(outcome.RootElement.GetProperty("rules").GetArrayLength(), Is.Zero);
            Assert.That(outcome.RootElement.GetProperty("thresholds").GetProperty("lowSatisfactionMean").GetDouble(), Is.EqualTo(6.0));
            Assert.That(await Processor().SweepAsync(), Is.Zero, "recorded, so not picked up again");
        });
    }

    [Test]
    public async Task A_completed_round_with_tension_opens_an_HRM_case()
    {
        var round = Good();
        round.TensionFlag = true;
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.RoundCompleted, RoundPayload(round));

        await Processor().ProcessAsync(signalId);

        var opened = (await CasesAsync()).Single();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await SignalAsync(signalId)).CaseId, Is.EqualTo(opened.Id));
            Assert.That(opened.LeadDiscipline, Is.EqualTo(Disciplines.Hrm));
            Assert.That(opened.Priority, Is.EqualTo(Priorities.Normal));
        });
    }

    [Test]
    public async Task The_rule_values_used_are_stored_in_the_signal_outcome()
    {
        // The Administrator raised the satisfaction threshold to 7.0 and lowered the share to 10 %.
        await ExecuteAsync("UPDATE settings SET value = '7.0' WHERE name = 'rule.low_satisfaction.mean'");
        await ExecuteAsync("UPDATE settings SET value = '0.1' WHERE name = 'rule.unacceptable.share'");
        var round = Good();
        round.SatisfactionMean = 6.5; // not low by default, low by the changed rule
        round.ExperiencedShare = 0.1;
        var judged = await InsertSignalAsync(org.Team1, SignalSources.RoundCompleted, RoundPayload(round));
        var processor = Processor();
        await processor.ProcessAsync(judged);

        // Later the thresholds change again; what the first signal was judged by stays as it was.
        await ExecuteAsync("UPDATE settings SET value = '5.0' WHERE name = 'rule.low_satisfaction.mean'");
        var later = await InsertSignalAsync(org.Team2, SignalSources.RoundCompleted, RoundPayload(round));
        await processor.ProcessAsync(later);

        using var first = JsonDocument.Parse((await SignalAsync(judged)).Outcome!);
        var thresholds = first.RootElement.GetProperty("thresholds");
        var rules = first.RootElement.GetProperty("rules").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(thresholds.GetProperty("lowSatisfactionMean").GetDouble(), Is.EqualTo(7.0));
            Assert.That(thresholds.GetProperty("lowPsIndex").GetDouble(), Is.EqualTo(60));
            Assert.That(thresholds.GetProperty("dropSatisfaction").GetDouble(), Is.EqualTo(1.0));
            Assert.That(thresholds.GetProperty("dropPsIndex").GetDouble(), Is.EqualTo(10));
            Assert.That(thresholds.GetProperty("unacceptableShare").GetDouble(), Is.EqualTo(0.1));
            Assert.That(rules.Select(r => r.GetProperty("rule").GetString()), Is.EquivalentTo(new[] { "low-satisfaction", "unacceptable-behaviour" }));
            Assert.That(rules.Single(r => r.GetProperty("rule").GetString() == "low-satisfaction").GetProperty("detail").GetString(),
                Does.Contain("6.50 < 7.0"));
            Assert.That(rules.Single(r => r.GetProperty("rule").GetString() == "unacceptable-behaviour").GetProperty("discipline").GetString(),
                Is.EqualTo(Disciplines.Vik));
        });

        using var second = JsonDocument.Parse((await SignalAsync(later)).Outcome!);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(second.RootElement.GetProperty("thresholds").GetProperty("lowSatisfactionMean").GetDouble(), Is.EqualTo(5.0));
            Assert.That(second.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()),
                Is.EqualTo(new[] { "unacceptable-behaviour" }));
            var highCase = (await CasesAsync()).Single(c => c.TeamId == org.Team2);
            Assert.That(highCase.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(highCase.Priority, Is.EqualTo(Priorities.High));
        });
    }

    [Test]
    public async Task An_incident_outcome_records_the_incident_rule()
    {
        var signalId = await InsertSignalAsync(org.Team1, SignalSources.Incident, HarassmentHigh);
        await Processor().ProcessAsync(signalId);

        using var outcome = JsonDocument.Parse((await SignalAsync(signalId)).Outcome!);
        var rule = outcome.RootElement.GetProperty("rules").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(rule.GetProperty("rule").GetString(), Is.EqualTo("incident"));
            Assert.That(rule.GetProperty("discipline").GetString(), Is.EqualTo(Disciplines.Vik));
            Assert.That(rule.GetProperty("priority").GetString(), Is.EqualTo(Priorities.High));
            Assert.That(outcome.RootElement.GetProperty("thresholds").GetProperty("dropPsIndex").GetDouble(), Is.EqualTo(10));
        });
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static RoundSignal Good() => new()
    {
        RoundId = 1, PeriodStart = new DateOnly(2026, 1, 1), Respondents = 12, K = 5,
        PsIndex = 78, SatisfactionMean = 7.8, ExperiencedShare = 0.0,
    };

    private static string RoundPayload(RoundSignal round, RoundSignal? previous = null) =>
        JsonSerializer.Serialize(new { round, previous }, RoundSignal.Json);

    /// <summary>Inserts a signal as RegisterIncidentHandler and FileReportHandler do (unit from the team's district).</summary>
    private async Task<int> InsertSignalAsync(long? teamId, string source, string payload, long? unitId = null)
    {
        await using var connection = await connections.OpenAsync();
        var id = teamId is null
            ? await connection.ExecuteScalarAsync<long>(
                "INSERT INTO signals (unit_id, team_id, source, payload, created_at) VALUES (@unitId, NULL, @source, @payload, @now); SELECT last_insert_rowid()",
                new { unitId, source, payload, now = clock.GetUtcNow().UtcDateTime })
            : await connection.ExecuteScalarAsync<long>(
                "INSERT INTO signals (unit_id, team_id, source, payload, created_at) " +
                "SELECT d.unit_id, t.id, @source, @payload, @now FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @teamId; SELECT last_insert_rowid()",
                new { teamId, source, payload, now = clock.GetUtcNow().UtcDateTime });
        return (int)id;
    }

    private async Task CloseCaseAsync(long caseId) =>
        await ExecuteAsync(
            "UPDATE cases SET status = 'Closed', analysis = 'talked it through with the team lead', analysis_at = @now, " +
            "outcome = 'NoFurtherAction', outcome_rationale = 'resolved in the team', closed_at = @now, updated_at = @now WHERE id = @caseId",
            new { caseId, now = clock.GetUtcNow().UtcDateTime });

    private async Task<long?> OpenCaseOfAsync(long teamId) =>
        (await QueryAsync<long?>("SELECT id FROM cases WHERE team_id = @teamId AND closed_at IS NULL", new { teamId })).SingleOrDefault();

    private async Task<SignalRow> SignalAsync(long id) =>
        (await QueryAsync<SignalRow>("SELECT id AS Id, processed_at AS ProcessedAt, case_id AS CaseId, outcome AS Outcome FROM signals WHERE id = @id", new { id })).Single();

    private async Task<List<CaseRow>> CasesAsync() =>
        (await QueryAsync<CaseRow>(
            "SELECT id AS Id, unit_id AS UnitId, team_id AS TeamId, status AS Status, priority AS Priority, lead_discipline AS LeadDiscipline, " +
            "triage_due_on AS TriageDueOn, closed_at AS ClosedAt FROM cases ORDER BY id")).ToList();

    private async Task<(long UserId, string Role)[]> MembersAsync(long caseId) =>
        (await QueryAsync<MemberRow>("SELECT user_id AS UserId, role AS Role FROM case_members WHERE case_id = @caseId ORDER BY role", new { caseId }))
        .Select(m => (m.UserId, m.Role)).ToArray();

    private async Task<string[]> AuditActionsAsync(string subject) =>
        await QueryAsync<string>("SELECT action FROM audit_entries WHERE subject = @subject ORDER BY sequence", new { subject });

    private async Task<T[]> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToArray();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    private sealed record SignalRow
    {
        public long Id { get; init; }
        public string? ProcessedAt { get; init; }
        public long? CaseId { get; init; }
        public string? Outcome { get; init; }
    }

    private sealed class CaseRow
    {
        public long Id { get; set; }
        public long UnitId { get; set; }
        public long? TeamId { get; set; }
        public string Status { get; set; } = "";
        public string Priority { get; set; } = "";
        public string LeadDiscipline { get; set; } = "";
        public string TriageDueOn { get; set; } = "";
        public string? ClosedAt { get; set; }
    }

    private sealed class MemberRow
    {
        public long UserId { get; set; }
        public string Role { get; set; } = "";
    }

    /// <summary>A clock that stands still (UTC is the local zone) unless a test moves it on.</summary>
    private sealed class FixedClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;
        public override DateTimeOffset GetUtcNow() => now;
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
        public void Advance(TimeSpan by) => now += by;
    }

    /// <summary>
    /// Two units: unit 1 (district 1 with teams 1–4) has an HRM advisor (unit scope), an inactive HRM
    /// advisor that is older, a VIK advisor by district scope and a Communications advisor; unit 2 (team 5)
    /// only an HRM advisor, created first of all so that a wrong unit filter would pick it.
    /// </summary>
    private sealed class Organisation
    {
        public long Unit1 { get; private set; }
        public long Unit2 { get; private set; }
        public long District1 { get; private set; }
        public long Team1 { get; private set; }
        public long Team2 { get; private set; }
        public long Team3 { get; private set; }
        public long Team4 { get; private set; }
        public long Team5OtherUnit { get; private set; }
        public long HrmOtherUnit { get; private set; }
        public long HrmInactive { get; private set; }
        public long Hrm1 { get; private set; }
        public long Vik { get; private set; }
        public long Communications { get; private set; }

        public static async Task<Organisation> SeedAsync(DbConnectionFactory connections)
        {
            var org = new Organisation();
            await using var connection = await connections.OpenAsync();
            var now = Now.UtcDateTime;
            async Task<long> Insert(string sql, object parameters) =>
                await connection.ExecuteScalarAsync<long>(sql + "; SELECT last_insert_rowid()", parameters);

            org.Unit1 = await Insert("INSERT INTO units (code, name, is_active, created_at) VALUES ('U1', 'Unit one', 1, @now)", new { now });
            org.Unit2 = await Insert("INSERT INTO units (code, name, is_active, created_at) VALUES ('U2', 'Unit two', 1, @now)", new { now });
            org.District1 = await Insert("INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unit, 'District one', 1, @now)", new { unit = org.Unit1, now });
            var district2 = await Insert("INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unit, 'District two', 1, @now)", new { unit = org.Unit2, now });
            async Task<long> Team(long district, string name) => await Insert(
                "INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, is_active, created_at) VALUES (@district, @name, 'Basisteam', 20, 3, 1, @now)",
                new { district, name, now });
            org.Team1 = await Team(org.District1, "Team one");
            org.Team2 = await Team(org.District1, "Team two");
            org.Team3 = await Team(org.District1, "Team three");
            org.Team4 = await Team(org.District1, "Team four");
            org.Team5OtherUnit = await Team(district2, "Team five");

            org.HrmOtherUnit = await org.AddUserAsync(connections, "hrm-unit2", Roles.HrmAdvisor, ScopeTypes.Unit, org.Unit2);
            org.HrmInactive = await org.AddUserAsync(connections, "hrm-left", Roles.HrmAdvisor, ScopeTypes.Unit, org.Unit1, active: false);
            org.Hrm1 = await org.AddUserAsync(connections, "hrm1", Roles.HrmAdvisor, ScopeTypes.Unit, org.Unit1);
            org.Vik = await org.AddUserAsync(connections, "vik", Roles.VikAdvisor, ScopeTypes.District, org.District1);
            org.Communications = await org.AddUserAsync(connections, "communicatie", Roles.CommunicationsAdvisor, ScopeTypes.Unit, org.Unit1);
            return org;
        }

        public async Task<long> AddUserAsync(DbConnectionFactory connections, string userName, string role, string scopeType, long scopeId, bool active = true)
        {
            await using var connection = await connections.OpenAsync();
            var userId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, is_active, failed_sign_in_count, created_at) VALUES (@userName, @userName, @active, 0, @now); " +
                "SELECT last_insert_rowid()", new { userName, active = active ? 1 : 0, now = Now.UtcDateTime });
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)", new { userId, role });
            await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@userId, @scopeType, @scopeId)",
                new { userId, scopeType, scopeId });
            return userId;
        }
    }
}
