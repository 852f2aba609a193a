using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Networks;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Features.Networks;

/// <summary>
/// The networks' signals end to end over HTTP (issue 17 item 1): the Network representative files, the queue follows the
/// scope (a chief of unit 1 never sees unit 2's signals, the organisation-wide signals go to Leadership), deadlines in
/// working days with warnings and breaches on the escalation ladder, notifications without the signal's text, the
/// thread, validation with nothing half-written, and the audit trail. Ids of new demo users are looked up by user name.
/// </summary>
[NonParallelizable]
public class NetworkSignalTests
{
    private const string Network = "netwerk";
    private const string Leadership = "korpschef";
    private const string ChiefUnit2 = "chef-oost";
    private const string SecretTitle = "Sfeer in de kantine";
    private const string SecretText = "Grappen over geaardheid worden in meerdere teams normaal gevonden.";

    private static readonly DateTimeOffset Start = new(2026, 9, 7, 9, 0, 0, TimeSpan.Zero); // a Monday
    private readonly ManualTimeProvider clock = new(Start);
    private TestApp app = null!;
    private HttpClient network = null!, chief = null!, leadership = null!, chiefUnit2 = null!;
    private int roze, advisory, other;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        roze = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Roze in Blauw'");
        advisory = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Adviesgroep Politie voor iedereen'");
        other = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Divers Vakmanschap'");
        // A chief of unit 2 (Oost-Nederland), besides the demo chief of unit 1.
        var id = await app.ScalarAsync<long>(
            "INSERT INTO users (user_name, display_name, email, password_hash, is_active, failed_sign_in_count, created_at) " +
            "VALUES (@name, 'Olga Oost', 'chef-oost@demo.teamcheckup.local', @hash, 1, 0, '2026-01-01 00:00:00');" + app.Connections.Dialect.SelectNewId,
            new { name = ChiefUnit2, hash = LocalSignIn.HashPassword(TestApp.Password) });
        await app.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, 'Chief')", new { id });
        await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@id, 'Unit', 2)", new { id });
        network = await app.SignInAsync(Network);
        chief = await app.SignInAsync(Demo.Chief);
        leadership = await app.SignInAsync(Leadership);
        chiefUnit2 = await app.SignInAsync(ChiefUnit2);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in new[] { network, chief, leadership, chiefUnit2 }) client?.Dispose();
        app.Dispose();
    }

    private Task<int> UserIdAsync(string userName) => app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = @userName", new { userName });

    private async Task<int> FileAsync(int unitId, string theme = SignalThemes.DiversityInclusion, string kind = SignalKinds.Unasked, int? networkId = null)
    {
        using var response = await network.SubmitFormAsync("/signals/new", new Dictionary<string, string?>
        {
            ["NetworkId"] = (networkId ?? roze).ToString(), ["Kind"] = kind, ["Theme"] = theme, ["UnitId"] = unitId.ToString(),
            ["Title"] = SecretTitle, ["Body"] = SecretText, ["NamesNoPerson"] = "true",
        }, "/signals/new");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    private Task<List<(int UserId, string Kind, string Arguments, string LinkPath, bool IsCritical)>> NotificationsAsync(int signalId) =>
        app.QueryAsync<(int, string, string, string, bool)>(
            "SELECT user_id, kind, arguments, link_path, is_critical FROM user_notifications WHERE kind LIKE 'NetworkSignal%' AND subject_id = @signalId ORDER BY id",
            new { signalId });

    private async Task<int> RunLadderAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<NotificationLadderJob>().RunAsync();
    }

    [Test]
    public async Task A_filed_signal_has_its_deadlines_in_working_days_goes_to_the_unit_s_chiefs_and_is_audited()
    {
        var mark = await app.AuditMarkAsync();
        var id = await FileAsync(unitId: 1);

        var row = (await app.QueryAsync<(DateOnly FiledOn, DateOnly AckBy, DateOnly AnswerBy, int? UnitId, int FiledBy)>(
            "SELECT filed_on, acknowledge_by, answer_by, unit_id, filed_by FROM network_signals WHERE id = @id", new { id })).Single();
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        Assert.Multiple(() =>
        {
            Assert.That(row.AckBy, Is.EqualTo(WorkingDays.Add(row.FiledOn, NetworkSignalSettings.Default.AcknowledgeDays)));
            Assert.That(row.AnswerBy, Is.EqualTo(WorkingDays.Add(row.FiledOn, NetworkSignalSettings.Default.AnswerDays)));
            Assert.That(row.FiledOn, Is.EqualTo(today));
            Assert.That(row.UnitId, Is.EqualTo(1));
        });
        var notified = await NotificationsAsync(id);
        var chiefId = await UserIdAsync(Demo.Chief);
        Assert.That(notified.Where(n => n.Kind == NotificationKinds.NetworkSignalFiled).Select(n => n.UserId), Is.EqualTo(new[] { chiefId }),
            "the unit's chief, not Leadership and not unit 2's chief");
        Assert.That(notified.Single().LinkPath, Is.EqualTo($"/leadership/signals/{id}"));
        Assert.That(notified.Single().Arguments, Does.Not.Contain(SecretTitle).And.Not.Contain("geaardheid"), "no signal text in a notification");
        Assert.That(await app.AuditSinceAsync(mark), Has.Some.Matches<AuditRow>(e => e.Actor == Network && e.Action == NetworkSignalAudit.Filed && e.Subject == $"network-signal:{id}"));
    }

    [Test]
    public async Task A_chief_of_unit_1_does_not_see_unit_2_s_signals_and_Leadership_sees_both_and_the_organisation_wide_ones()
    {
        var inUnit1 = await FileAsync(unitId: 1);
        var inUnit2 = await FileAsync(unitId: 2, theme: SignalThemes.Integrity);
        var organisation = await FileAsync(unitId: 0, theme: SignalThemes.Leadership, kind: SignalKinds.AdviceOnRequest, networkId: advisory);

        var chiefQueue = await chief.GetHtmlAsync("/leadership/signals");
        var unit2Queue = await chiefUnit2.GetHtmlAsync("/leadership/signals");
        var leadershipQueue = await leadership.GetHtmlAsync("/leadership/signals");
        Assert.Multiple(() =>
        {
            Assert.That(chiefQueue, Does.Contain($"/leadership/signals/{inUnit1}\"").And.Not.Contain($"/leadership/signals/{inUnit2}\"").And.Not.Contain($"/leadership/signals/{organisation}\""));
            Assert.That(unit2Queue, Does.Contain($"/leadership/signals/{inUnit2}\"").And.Not.Contain($"/leadership/signals/{inUnit1}\""));
            Assert.That(leadershipQueue, Does.Contain($"/leadership/signals/{inUnit1}\"").And.Contain($"/leadership/signals/{inUnit2}\"").And.Contain($"/leadership/signals/{organisation}\""));
        });

        var mark = await app.AuditMarkAsync();
        await chief.GetHtmlAsync($"/leadership/signals/{inUnit2}", HttpStatusCode.NotFound);
        await chief.GetHtmlAsync($"/leadership/signals/{organisation}", HttpStatusCode.NotFound);
        await chiefUnit2.GetHtmlAsync($"/leadership/signals/{inUnit1}", HttpStatusCode.NotFound);
        using var refusedAnswer = await chief.PostWithTokenAsync($"/leadership/signals/{inUnit2}/answer", new Dictionary<string, string> { ["Body"] = "Niet van mij" }, "/leadership/signals");
        Assert.That(refusedAnswer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM network_signal_entries WHERE signal_id = @inUnit2", new { inUnit2 }), Is.Zero);
        var audit = await app.AuditSinceAsync(mark);
        Assert.That(audit.Count(e => e.Action == "auth.permission-denied" && e.Subject!.StartsWith("network-signal:")), Is.EqualTo(4), "every refusal is audited");

        var leadershipId = await UserIdAsync(Leadership);
        Assert.That((await NotificationsAsync(organisation)).Select(n => (n.UserId, n.Kind)), Is.EqualTo(new[] { (leadershipId, NotificationKinds.NetworkSignalFiled) }),
            "a signal about the whole organisation goes to Leadership");
        var html = await leadership.GetHtmlAsync($"/leadership/signals/{organisation}");
        Assert.That(Html.Text(html), Does.Contain(SecretText).And.Contain("Advies op verzoek").And.Contain("de hele organisatie"));
    }

    [Test]
    public async Task The_chief_acknowledges_and_answers_and_the_network_reads_the_answer_and_asks_a_follow_up()
    {
        var id = await FileAsync(unitId: 1, theme: SignalThemes.Conduct);
        var mark = await app.AuditMarkAsync();

        using (var acknowledged = await chief.SubmitFormAsync($"/leadership/signals/{id}", new Dictionary<string, string?> { ["Body"] = "Wij pakken dit op." }, $"/leadership/signals/{id}/acknowledge"))
            Assert.That(acknowledged.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        const string answer = "We bespreken omgangsvormen in de eerstvolgende check-up van elk team.";
        using (var answered = await chief.SubmitFormAsync($"/leadership/signals/{id}", new Dictionary<string, string?> { ["Body"] = answer }, $"/leadership/signals/{id}/answer"))
            Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var state = (await app.QueryAsync<(DateOnly? Ack, DateOnly? Answered, int? By)>("SELECT acknowledged_on, answered_on, answered_by FROM network_signals WHERE id = @id", new { id })).Single();
        Assert.That(state.Ack, Is.Not.Null);
        Assert.That(state.Answered, Is.Not.Null);
        Assert.That(state.By, Is.EqualTo(await UserIdAsync(Demo.Chief)));

        var page = Html.Text(await network.GetHtmlAsync($"/signals/{id}"));
        Assert.That(page, Does.Contain(answer).And.Contain("Wij pakken dit op.").And.Contain("Chris Eenheidschef").And.Contain("Beantwoord op"));
        var networkId = await UserIdAsync(Network);
        var notified = await NotificationsAsync(id);
        Assert.That(notified.Where(n => n.UserId == networkId).Select(n => n.Kind),
            Is.EquivalentTo(new[] { NotificationKinds.NetworkSignalAcknowledged, NotificationKinds.NetworkSignalAnswered }));
        Assert.That(notified.Where(n => n.UserId == networkId).Select(n => n.LinkPath), Has.All.EqualTo($"/signals/{id}"));

        using (var followUp = await network.SubmitFormAsync($"/signals/{id}", new Dictionary<string, string?> { ["Body"] = "Geldt dit ook voor de recherche?" }, $"/signals/{id}/follow-up"))
            Assert.That(followUp.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var chiefId = await UserIdAsync(Demo.Chief);
        Assert.That((await NotificationsAsync(id)).Count(n => n.Kind == NotificationKinds.NetworkSignalFollowUp && n.UserId == chiefId), Is.EqualTo(1));
        Assert.That(Html.Text(await chief.GetHtmlAsync($"/leadership/signals/{id}")), Does.Contain("Geldt dit ook voor de recherche?"));

        var audit = await app.AuditSinceAsync(mark);
        Assert.That(audit.Select(e => e.Action), Does.Contain(NetworkSignalAudit.Acknowledged).And.Contain(NetworkSignalAudit.Answered)
            .And.Contain(NetworkSignalAudit.FollowedUp).And.Contain(NetworkSignalAudit.Read));
    }

    [Test]
    public async Task Another_network_s_signal_is_not_found_for_a_representative()
    {
        // A signal of the third network (netwerk does not speak for it), written as its representative would.
        var id = await app.ScalarAsync<long>(
            "INSERT INTO network_signals (network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by) " +
            "VALUES (@other, 'Unasked', 'Other', 1, 'Elders', 'Tekst', 1, '2026-09-07 09:00:00', '2026-09-07', '2026-09-14', '2026-10-05');" + app.Connections.Dialect.SelectNewId,
            new { other });
        await network.GetHtmlAsync($"/signals/{id}", HttpStatusCode.NotFound);
        Assert.That(await network.GetHtmlAsync("/signals"), Does.Not.Contain($"/signals/{id}\""));
    }

    public static IEnumerable<TestCaseData> InvalidSignals()
    {
        TestCaseData Case(string name, string field, string? value) => new TestCaseData(field, value).SetName($"Refused: {name}");
        yield return Case("no confirmation that it names no person", "NamesNoPerson", null);
        yield return Case("no title", "Title", "");
        yield return Case("no text", "Body", " ");
        yield return Case("a theme outside the vocabulary", "Theme", "Persoon");
        yield return Case("an unknown kind", "Kind", "Klacht");
        yield return Case("a unit that does not exist", "UnitId", "999");
        yield return Case("a network the representative does not speak for", "NetworkId", "OTHER");
        yield return Case("a text too long", "Body", new string('x', SignalForm.BodyLength + 1));
    }

    [TestCaseSource(nameof(InvalidSignals))]
    public async Task An_invalid_signal_is_refused_with_a_reason_and_nothing_is_written(string field, string? value)
    {
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM network_signals");
        var notifications = await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_notifications");
        var values = new Dictionary<string, string?>
        {
            ["NetworkId"] = roze.ToString(), ["Kind"] = SignalKinds.Unasked, ["Theme"] = SignalThemes.Workload, ["UnitId"] = "1",
            ["Title"] = "Werkdruk", ["Body"] = "De roosters laten geen ruimte voor netwerkbijeenkomsten.", ["NamesNoPerson"] = "true",
        };
        values[field] = value == "OTHER" ? other.ToString() : value;
        using var response = await network.SubmitFormAsync("/signals/new", values, "/signals/new");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(html), Is.Not.Empty, "a readable reason");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM network_signals"), Is.EqualTo(before));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_notifications"), Is.EqualTo(notifications));
    }

    [Test]
    public async Task An_answer_needs_words_and_a_refused_answer_changes_nothing()
    {
        var id = await FileAsync(unitId: 1);
        using var response = await chief.SubmitFormAsync($"/leadership/signals/{id}", new Dictionary<string, string?> { ["Body"] = "" }, $"/leadership/signals/{id}/answer");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM network_signals WHERE id = @id AND (answered_on IS NOT NULL OR acknowledged_on IS NOT NULL)", new { id }), Is.Zero);
    }

    [Test]
    public async Task Deadlines_warn_the_chiefs_at_75_percent_and_a_breach_escalates_to_Leadership_once()
    {
        var id = await FileAsync(unitId: 1, theme: SignalThemes.SocialSafety);
        var filed = DateOnly.FromDateTime(Start.UtcDateTime);
        var ackBy = WorkingDays.Add(filed, NetworkSignalSettings.Default.AcknowledgeDays);
        var (chiefId, leadershipId) = (await UserIdAsync(Demo.Chief), await UserIdAsync(Leadership));
        try
        {
            // The first working day with 75 % of the acknowledgement time used.
            var day = filed;
            while (TriageDeadlines.Percent(TriageDeadlines.WorkingDayState(filed, ackBy, day, false)) < NetworkSignalNotices.WarningPercent) day = day.AddDays(1);
            MoveTo(day);
            await RunLadderAsync();
            var warned = await NotificationsAsync(id);
            Assert.That(warned.Where(n => n.Kind == NotificationKinds.NetworkSignalAcknowledgeWarning).Select(n => n.UserId), Is.EqualTo(new[] { chiefId }));
            Assert.That(warned.Any(n => n.Kind == NotificationKinds.NetworkSignalAcknowledgeBreached), Is.False);

            MoveTo(WorkingDays.Add(ackBy, 2));
            await RunLadderAsync();
            var once = await NotificationsAsync(id);
            await RunLadderAsync();
            var twice = await NotificationsAsync(id);
            var breaches = twice.Where(n => n.Kind == NotificationKinds.NetworkSignalAcknowledgeBreached).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(breaches.Select(n => n.UserId), Is.EquivalentTo(new[] { chiefId, leadershipId }), "the chief, and escalated to Leadership");
                Assert.That(breaches, Has.All.Matches<(int, string, string, string, bool IsCritical)>(n => n.IsCritical));
                Assert.That(breaches.First().Arguments, Does.Contain("\"2\""), "two working days late");
                Assert.That(twice, Has.Count.EqualTo(once.Count), "running the check twice adds nothing");
                Assert.That(string.Join(" ", twice.Select(n => n.Arguments)), Does.Not.Contain(SecretTitle).And.Not.Contain("geaardheid"));
            });
            var line = app.Services.GetRequiredService<NotificationText>().Line(NotificationKinds.NetworkSignalAcknowledgeBreached, breaches.First().Arguments, NotificationText.CultureFor("nl"));
            Assert.That(line, Is.EqualTo($"Ontvangstbevestiging te laat: signaal #{id} over Eenheid Midden-Nederland is 2 werkdagen te laat."));

            // Acknowledged late: the answer deadline still runs, and no acknowledgement step is owed any more.
            using var lateChief = await app.SignInAsync(Demo.Chief); // days later: a new session
            using (var acknowledged = await lateChief.SubmitFormAsync($"/leadership/signals/{id}", formAction: $"/leadership/signals/{id}/acknowledge"))
                Assert.That(acknowledged.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            var open = await app.ScalarAsync<long>("SELECT COUNT(*) FROM network_signals WHERE id = @id AND acknowledged_on IS NOT NULL AND answered_on IS NULL", new { id });
            Assert.That(open, Is.EqualTo(1));
        }
        finally
        {
            MoveTo(filed);
        }
    }

    [Test]
    public async Task An_organisation_wide_breach_names_the_whole_organisation_in_both_languages()
    {
        var id = await FileAsync(unitId: 0, networkId: advisory);
        var filed = DateOnly.FromDateTime(Start.UtcDateTime);
        try
        {
            MoveTo(WorkingDays.Add(WorkingDays.Add(filed, NetworkSignalSettings.Default.AnswerDays), 1));
            await RunLadderAsync();
            var breach = (await NotificationsAsync(id)).First(n => n.Kind == NotificationKinds.NetworkSignalAnswerBreached);
            var text = app.Services.GetRequiredService<NotificationText>();
            Assert.That(text.Line(breach.Kind, breach.Arguments, NotificationText.CultureFor("nl")), Is.EqualTo($"Antwoord te laat: signaal #{id} over de hele organisatie is 1 werkdag te laat."));
            Assert.That(text.Line(breach.Kind, breach.Arguments, NotificationText.CultureFor("en")), Is.EqualTo($"Answer late: signal #{id} about the whole organisation is 1 working day late."));
        }
        finally
        {
            MoveTo(filed);
        }
    }

    private void MoveTo(DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        clock.Advance(target - clock.GetUtcNow());
    }
}
