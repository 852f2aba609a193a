using System.Net;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>
/// Each demo role against the pages it may and may not reach: a role without access gets 403, a record
/// outside the user's scope 404, an anonymous visitor the sign-in form; every refusal of a signed-in
/// user is in the audit trail.
/// </summary>
public class AccessMatrixTests
{
    private const string Anonymous = "(anonymous)";

    private static readonly string[] AdministratorPages =
    [
        "/admin/organisation", "/admin/organisation?inactive=true", "/admin/organisation/units/new", "/admin/organisation/units/1/edit",
        "/admin/organisation/districts/new?unitId=1", "/admin/organisation/districts/1/edit",
        "/admin/organisation/teams/new?districtId=1", "/admin/organisation/teams/1/edit",
        "/admin/users", "/admin/users/new", "/admin/users/2/edit", "/admin/audit", "/admin/settings",
        "/admin/organisation/import", "/admin/organisation/import/sample.csv",
        "/admin/questionnaires", "/admin/questionnaires/1/edit", "/admin/questionnaires/1/preview", "/admin/retention",
        "/hangfire", "/hangfire/recurring", "/hangfire/jobs/enqueued",
        "/admin/networks", "/admin/networks/new", "/admin/networks/1/edit",
    ];

    /// <summary>Who may see which team page: team leads their own teams, unit roles the teams of their unit.</summary>
    private static readonly (string User, int[] Allowed, int[] Outside)[] TeamScopes =
    [
        (Demo.TeamLead, [1, 2], [3, 6, 7, 12]),
        (Demo.TeamLead2, [7], [1, 8, 12]),
        (Demo.Chief, [1, 3, 6], [7, 12]),
        (Demo.Hrm, [1, 6], [7, 9]),
        (Demo.Vik, [2, 5], [8, 11]),
    ];

    private TestApp app = null!;
    private readonly Dictionary<string, HttpClient> clients = new();

    private IReadOnlyDictionary<int, int> rounds = new Dictionary<int, int>();
    private readonly Dictionary<int, int> cases = new();
    /// <summary>The networks' signals of the set-up: 1 = about unit 1, 2 = about unit 2, 0 = the whole organisation (all by netwerk's
    /// first network), 3 = about unit 1 by a network netwerk does not speak for.</summary>
    private readonly Dictionary<int, long> networkSignals = new();

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        rounds = await Checkups.EnsureRoundsAsync(app);
        cases[1] = (await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 2)).CaseId;
        cases[2] = (await Triage.ReportAndTriageAsync(app, unitId: 2, teamId: 8)).CaseId;
        await Triage.SeatExpertAsync(app, cases[1]);
        var filer = await app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = @name", new { name = Demo.Network });
        var roze = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Roze in Blauw'");
        var divers = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Divers Vakmanschap'");
        foreach (var (key, network, unit) in new (int, int, int?)[] { (1, roze, 1), (2, roze, 2), (0, roze, null), (3, divers, 1) })
            networkSignals[key] = await app.ScalarAsync<long>(
                "INSERT INTO network_signals (network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by) " +
                "VALUES (@network, 'Unasked', 'Conduct', @unit, 'Titel', 'Tekst', @filer, '2026-01-05 09:00:00', '2026-01-05', '2026-01-12', '2026-02-02');" +
                app.Connections.Dialect.SelectNewId, new { network, unit, filer });
        // The team lead of team 1 invites the HRM advisor to its round.
        using var lead = await app.SignInAsync(Demo.TeamLead);
        using var invited = await lead.PostWithTokenAsync($"/rounds/{rounds[1]}/advisors", new Dictionary<string, string> { ["UserId"] = "4" }, $"/rounds/{rounds[1]}");
        Assert.That(invited.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the HRM advisor is invited to team 1's round");
    }

    /// <summary>"/rounds/{team:7}" → the URL of team 7's current round; "/cases/{unit:2}" → the case in unit 2.</summary>
    private string Resolve(string url)
    {
        url = System.Text.RegularExpressions.Regex.Replace(url, @"\{team:(\d+)\}", m => rounds[int.Parse(m.Groups[1].Value)].ToString());
        url = System.Text.RegularExpressions.Regex.Replace(url, @"\{signal:(\d+)\}", m => networkSignals[int.Parse(m.Groups[1].Value)].ToString());
        return System.Text.RegularExpressions.Regex.Replace(url, @"\{unit:(\d+)\}", m => cases[int.Parse(m.Groups[1].Value)].ToString());
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        app.Dispose();
    }

    private async Task<HttpClient> Client(string user)
    {
        if (!clients.TryGetValue(user, out var client))
            clients[user] = client = user == Anonymous ? app.CreateBrowser() : await app.SignInAsync(user);
        return client;
    }

    public static IEnumerable<TestCaseData> PageCases()
    {
        TestCaseData Case(string user, string url, HttpStatusCode expected) =>
            new TestCaseData(user, url, expected).SetName($"{user} GET {url} -> {(int)expected}");

        foreach (var user in Demo.AllAccounts) yield return Case(user, "/", HttpStatusCode.OK);
        yield return Case(Anonymous, "/", HttpStatusCode.Redirect);

        foreach (var url in AdministratorPages)
        {
            yield return Case(Demo.Administrator, url, HttpStatusCode.OK);
            foreach (var user in Demo.NonAdministrators) yield return Case(user, url, HttpStatusCode.Forbidden);
            yield return Case(Anonymous, url, HttpStatusCode.Redirect);
        }

        foreach (var (user, allowed, outside) in TeamScopes)
        {
            foreach (var team in allowed) yield return Case(user, $"/teams/{team}", HttpStatusCode.OK);
            foreach (var team in outside) yield return Case(user, $"/teams/{team}", HttpStatusCode.NotFound);
            yield return Case(user, "/teams/999", HttpStatusCode.NotFound);
        }
        // Roles that do not work with team pages at all.
        yield return Case(Demo.Communications, "/teams/1", HttpStatusCode.Forbidden);
        yield return Case(Demo.Administrator, "/teams/1", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/teams/1", HttpStatusCode.Redirect);

        // Unit dashboards: chiefs and HRM/VIK advisors of the unit.
        foreach (var user in new[] { Demo.Chief, Demo.Hrm, Demo.Vik })
        {
            yield return Case(user, "/units/1", HttpStatusCode.OK);
            yield return Case(user, "/units/2", HttpStatusCode.NotFound);
            yield return Case(user, "/units/99", HttpStatusCode.NotFound);
        }
        foreach (var user in new[] { Demo.TeamLead, Demo.TeamLead2, Demo.Communications, Demo.Administrator, Demo.Expert })
            yield return Case(user, "/units/1", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/units/1", HttpStatusCode.Redirect);

        // Registering incidents: team leads and HRM/VIK advisors.
        foreach (var user in new[] { Demo.TeamLead, Demo.TeamLead2, Demo.Hrm, Demo.Vik })
            yield return Case(user, "/incidents/new", HttpStatusCode.OK);
        foreach (var user in new[] { Demo.Chief, Demo.Communications, Demo.Administrator, Demo.Expert })
            yield return Case(user, "/incidents/new", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/incidents/new", HttpStatusCode.Redirect);

        // Competencies in context: written by HRM (organisation-wide catalogue), refused to everyone else.
        foreach (var url in new[] { "/competencies/contexts", "/competencies/1/contexts" })
        {
            yield return Case(Demo.Hrm, url, HttpStatusCode.OK);
            foreach (var user in new[] { Demo.TeamLead, Demo.Vik, Demo.Communications, Demo.Chief, Demo.Administrator })
                yield return Case(user, url, HttpStatusCode.Forbidden);
            yield return Case(Anonymous, url, HttpStatusCode.Redirect);
        }

        // Targets for leaders (issue 17, item 4): HRM sets them for the units in its scope; another unit is 404, other roles 403.
        foreach (var url in new[] { "/leader-targets", "/units/1/leader-targets" })
        {
            yield return Case(Demo.Hrm, url, HttpStatusCode.OK);
            foreach (var user in new[] { Demo.TeamLead, Demo.TeamLead2, Demo.Vik, Demo.Communications, Demo.Chief, Demo.Administrator, Demo.Expert })
                yield return Case(user, url, HttpStatusCode.Forbidden);
            yield return Case(Anonymous, url, HttpStatusCode.Redirect);
        }
        yield return Case(Demo.Hrm, "/units/2/leader-targets", HttpStatusCode.NotFound);

        // Check-up rounds: the lead of the round's own team, and an HRM/VIK advisor the lead invited (hrm, to team 1's round
        // in the set-up): the round page and its review; an advisor not invited gets 404 like anyone outside the team.
        yield return Case(Demo.TeamLead, "/rounds/{team:1}", HttpStatusCode.OK);
        yield return Case(Demo.TeamLead, "/rounds/{team:2}/review", HttpStatusCode.OK);
        yield return Case(Demo.TeamLead, "/rounds/{team:3}", HttpStatusCode.NotFound);
        yield return Case(Demo.TeamLead, "/rounds/{team:7}", HttpStatusCode.NotFound);
        yield return Case(Demo.TeamLead, "/rounds/{team:7}/review", HttpStatusCode.NotFound);
        yield return Case(Demo.TeamLead2, "/rounds/{team:7}", HttpStatusCode.OK);
        yield return Case(Demo.TeamLead2, "/rounds/{team:1}", HttpStatusCode.NotFound);
        yield return Case(Demo.Hrm, "/rounds/{team:1}", HttpStatusCode.OK);
        yield return Case(Demo.Hrm, "/rounds/{team:1}/review", HttpStatusCode.OK);
        yield return Case(Demo.Hrm, "/rounds/{team:2}", HttpStatusCode.NotFound);
        yield return Case(Demo.Hrm, "/rounds/{team:2}/review", HttpStatusCode.NotFound);
        yield return Case(Demo.Vik, "/rounds/{team:1}", HttpStatusCode.NotFound);
        yield return Case(Demo.Vik, "/rounds/{team:1}/review", HttpStatusCode.NotFound);
        foreach (var user in new[] { Demo.Chief, Demo.Communications, Demo.Administrator, Demo.Expert })
            yield return Case(user, "/rounds/{team:1}", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/rounds/{team:1}", HttpStatusCode.Redirect);

        // Asking for support: the lead of the team.
        yield return Case(Demo.TeamLead, "/teams/1/support", HttpStatusCode.OK);
        yield return Case(Demo.TeamLead, "/teams/7/support", HttpStatusCode.NotFound);
        yield return Case(Demo.TeamLead2, "/teams/1/support", HttpStatusCode.NotFound);
        foreach (var user in new[] { Demo.Chief, Demo.Hrm, Demo.Vik, Demo.Communications, Demo.Administrator })
            yield return Case(user, "/teams/1/support", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/teams/1/support", HttpStatusCode.Redirect);

        // A case's summary: the lead of the case's team only (the case in unit 1 is about team 2, teamchef's).
        yield return Case(Demo.TeamLead, "/cases/{unit:1}/summary", HttpStatusCode.OK);
        yield return Case(Demo.TeamLead, "/cases/{unit:2}/summary", HttpStatusCode.NotFound);
        yield return Case(Demo.TeamLead2, "/cases/{unit:1}/summary", HttpStatusCode.NotFound);
        foreach (var user in new[] { Demo.Chief, Demo.Hrm, Demo.Vik, Demo.Communications, Demo.Administrator })
            yield return Case(user, "/cases/{unit:1}/summary", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/cases/{unit:1}/summary", HttpStatusCode.Redirect);

        // Queues and cases: HRM, VIK and Communications advisors; case detail only for the case's experts and
        // the lead discipline of its unit (the demo advisors all hold unit 1, none unit 2).
        foreach (var user in new[] { Demo.Hrm, Demo.Vik, Demo.Communications })
        {
            yield return Case(user, "/queue", HttpStatusCode.OK);
            yield return Case(user, "/cases/{unit:1}", HttpStatusCode.OK);
            yield return Case(user, "/cases/{unit:2}", HttpStatusCode.NotFound);
            yield return Case(user, "/cases/99999", HttpStatusCode.NotFound);
        }
        foreach (var user in new[] { Demo.TeamLead, Demo.TeamLead2, Demo.Chief, Demo.Administrator, Demo.Expert })
        {
            yield return Case(user, "/queue", HttpStatusCode.Forbidden);
            yield return Case(user, "/cases/{unit:1}", HttpStatusCode.Forbidden);
        }
        yield return Case(Anonymous, "/cases/{unit:1}", HttpStatusCode.Redirect);

        // An Expert's cases: only the cases they sit on (the demo Expert sits on the unit-1 case, see Start), for nobody else.
        yield return Case(Demo.Expert, "/expert/cases", HttpStatusCode.OK);
        yield return Case(Demo.Expert, "/expert/cases/{unit:1}", HttpStatusCode.OK);
        yield return Case(Demo.Expert, "/expert/cases/{unit:2}", HttpStatusCode.NotFound);
        yield return Case(Demo.Expert, "/expert/cases/99999", HttpStatusCode.NotFound);
        foreach (var user in Demo.AllAccounts.Where(u => u != Demo.Expert))
            yield return Case(user, "/expert/cases/{unit:1}", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/expert/cases", HttpStatusCode.Redirect);
        yield return Case(Demo.Expert, "/teams/1", HttpStatusCode.Forbidden);

        // The local authorities (issue 17 item 2): /authority for the Authority role only; the mayor reaches no team, unit,
        // case, round, queue or the other roles' report pages.
        yield return Case(Demo.Authority, "/authority", HttpStatusCode.OK);
        foreach (var user in Demo.AllAccounts.Where(u => u != Demo.Authority))
            yield return Case(user, "/authority", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/authority", HttpStatusCode.Redirect);
        foreach (var url in new[] { "/teams/1", "/units/1", "/queue", "/cases/{unit:1}", "/cases/{unit:1}/summary", "/expert/cases", "/rounds/{team:1}",
                     "/incidents/new", "/reports", "/reports/figures", "/competencies/contexts" })
            yield return Case(Demo.Authority, url, HttpStatusCode.Forbidden);
        // The networks' signals (issue 17 item 1): a Network representative files and follows its networks' signals; chiefs
        // handle those about a unit they hold, the organisation-wide Leadership those about the whole organisation and all others.
        foreach (var url in new[] { "/signals", "/signals/new", "/signals/{signal:1}", "/signals/{signal:0}" })
        {
            yield return Case(Demo.Network, url, HttpStatusCode.OK);
            foreach (var user in Demo.AllAccounts.Where(u => u != Demo.Network)) yield return Case(user, url, HttpStatusCode.Forbidden);
            yield return Case(Anonymous, url, HttpStatusCode.Redirect);
        }
        yield return Case(Demo.Network, "/signals/{signal:3}", HttpStatusCode.NotFound);
        yield return Case(Demo.Network, "/signals/99999", HttpStatusCode.NotFound);
        foreach (var user in new[] { Demo.Chief, Demo.Leadership })
        {
            yield return Case(user, "/leadership/signals", HttpStatusCode.OK);
            yield return Case(user, "/leadership/signals/{signal:1}", HttpStatusCode.OK);
            yield return Case(user, "/leadership/signals/99999", HttpStatusCode.NotFound);
        }
        yield return Case(Demo.Chief, "/leadership/signals/{signal:2}", HttpStatusCode.NotFound);
        yield return Case(Demo.Chief, "/leadership/signals/{signal:0}", HttpStatusCode.NotFound);
        yield return Case(Demo.Leadership, "/leadership/signals/{signal:2}", HttpStatusCode.OK);
        yield return Case(Demo.Leadership, "/leadership/signals/{signal:0}", HttpStatusCode.OK);
        foreach (var user in Demo.AllAccounts.Where(u => u is not (Demo.Chief or Demo.Leadership)))
        {
            yield return Case(user, "/leadership/signals", HttpStatusCode.Forbidden);
            yield return Case(user, "/leadership/signals/{signal:1}", HttpStatusCode.Forbidden);
        }
        yield return Case(Anonymous, "/leadership/signals", HttpStatusCode.Redirect);
        // The national report of the signals is Leadership's; a unit's chief and the network do not have it.
        yield return Case(Demo.Leadership, "/reports", HttpStatusCode.OK);
        yield return Case(Demo.Network, "/reports", HttpStatusCode.Forbidden);

        // The annual integrity reports (issue 17 item 3): VIK advisors and chiefs; which reports each has is IntegrityReportTests'.
        foreach (var user in new[] { Demo.Vik, Demo.Chief, Demo.Leadership })
            yield return Case(user, "/reports/integrity", HttpStatusCode.OK);
        foreach (var user in Demo.AllAccounts.Where(u => u is not (Demo.Vik or Demo.Chief or Demo.Leadership)))
            yield return Case(user, "/reports/integrity", HttpStatusCode.Forbidden);
        yield return Case(Anonymous, "/reports/integrity", HttpStatusCode.Redirect);

        // Anonymous reporting needs no account.
        foreach (var user in new[] { Anonymous, Demo.Chief })
        {
            yield return Case(user, "/melden", HttpStatusCode.OK);
            yield return Case(user, "/melden/opvolgen", HttpStatusCode.OK);
        }

        // The pulse needs no account; an unknown code is simply not found.
        foreach (var user in new[] { Anonymous, Demo.TeamLead, Demo.Administrator })
            yield return Case(user, "/p", HttpStatusCode.OK);
        yield return Case(Anonymous, "/p/ABCDE-FGHJK", HttpStatusCode.NotFound);
    }

    [TestCaseSource(nameof(PageCases))]
    public async Task Page_access(string user, string url, HttpStatusCode expected)
    {
        var client = await Client(user);
        url = Resolve(url);
        var mark = await app.AuditMarkAsync();
        using var response = await client.GetAsync(url);
        var audit = await app.AuditSinceAsync(mark);

        Assert.That(response.StatusCode, Is.EqualTo(expected), $"{user} GET {url}");
        switch (expected)
        {
            case HttpStatusCode.Redirect:
                Assert.That(response.Headers.Location!.AbsolutePath, Is.EqualTo("/account/sign-in"));
                break;
            case HttpStatusCode.Forbidden:
                Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.PermissionDenied
                    && e.Subject == "GET " + url.Split('?')[0]), "the refusal is audited");
                break;
            case HttpStatusCode.NotFound when user == Anonymous:
                break; // a pulse code that does not exist: nobody to audit
            case HttpStatusCode.NotFound:
                var segments = url.Split('/');
                if (segments[1] == "expert") segments = ["", "cases", segments[3]]; // /expert/cases/5 → case:5
                if (segments.Contains("signals")) segments = ["", "network-signals", segments[^1]]; // /leadership/signals/5 → network-signal:5
                var subject = $"{(segments[1] == "cases" ? "case" : segments[1].TrimEnd('s'))}:{segments[2]}"; // /teams/7 → team:7, /rounds/5/review → round:5
                Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == AuditActions.PermissionDenied
                    && e.Subject == subject), $"the refusal is audited as {subject}");
                break;
            default:
                Assert.That(audit, Has.None.Matches<AuditRow>(e => e.Action == AuditActions.PermissionDenied));
                if (url.StartsWith("/cases/", StringComparison.Ordinal) && !url.EndsWith("/summary", StringComparison.Ordinal))
                    Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == "case.read" && e.Subject == "case:" + url.Split('/')[2]),
                        "P5: every read of case detail is audited");
                if (url.StartsWith("/expert/cases/", StringComparison.Ordinal))
                    Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == "case.read" && e.Subject == "case:" + url.Split('/')[3]),
                        "every read by an Expert is audited");
                if (url.EndsWith("/summary", StringComparison.Ordinal))
                    Assert.That(audit, Has.Some.Matches<AuditRow>(e => e.Actor == user && e.Action == "case.summary.read"), "P5: the summary's read is audited too");
                break;
        }
    }

    [Test]
    public async Task A_team_outside_scope_looks_exactly_like_a_team_that_does_not_exist()
    {
        var client = await Client(Demo.TeamLead);
        using var outside = await client.GetAsync("/teams/7");
        using var missing = await client.GetAsync("/teams/999");
        Assert.That(Html.Text(await outside.Content.ReadAsStringAsync()), Is.EqualTo(Html.Text(await missing.Content.ReadAsStringAsync())));
    }

    [Test]
    public async Task The_team_page_shows_the_team_to_its_lead_and_to_the_unit()
    {
        var lead = Html.Text(await (await Client(Demo.TeamLead)).GetHtmlAsync("/teams/1"));
        var chief = Html.Text(await (await Client(Demo.Chief)).GetHtmlAsync("/teams/1"));
        Assert.That(lead, Does.Contain("Basisteam Utrecht-Centrum").And.Contain("Tom Teamchef"));
        Assert.That(chief, Does.Contain("Basisteam Utrecht-Centrum"));
    }

    public static IEnumerable<TestCaseData> AdministratorPosts()
    {
        TestCaseData Case(string user, string url, params string[] fields) =>
            new TestCaseData(user, url, fields).SetName($"{user} POST {url} -> 403");
        yield return Case(Demo.Chief, "/admin/organisation/units/new", "Code=XYZ", "Name=Eenheid XYZ");
        yield return Case(Demo.TeamLead, "/admin/organisation/teams/1/edit", "DistrictId=1", "Name=Mijn team", "TeamType=Basisteam", "Headcount=5", "CadenceMonths=3");
        yield return Case(Demo.Hrm, "/admin/organisation/teams/1/deactivate");
        yield return Case(Demo.Vik, "/admin/users/new", "UserName=vik2", "DisplayName=Vik Twee", "NewPassword=Een-lang-wachtwoord-1", "Roles=Administrator");
        yield return Case(Demo.TeamLead, "/admin/users/2/edit", "UserName=teamchef", "DisplayName=Tom", "Roles=Administrator");
        yield return Case(Demo.Communications, "/admin/users/1/deactivate");
        yield return Case(Demo.TeamLead2, "/admin/audit/verify");
        yield return Case(Demo.Chief, "/admin/organisation/import", "file=unit;MNE;Eenheid");
        yield return Case(Demo.Hrm, "/admin/organisation/import/confirm", "uploadId=1");
        yield return Case(Demo.Chief, "/admin/questionnaires/copy");
        yield return Case(Demo.Vik, "/admin/retention", "PulseAnswersMonths=1", "ReportThreadsMonths=3", "ClosedCasesYears=1", "ArchivedReportsYears=1");
        yield return Case(Demo.TeamLead, "/admin/questionnaires/1/publish", "EffectiveFrom=2030-01-01");
        yield return Case(Demo.Chief, "/hangfire/recurring/trigger", "jobs[]=audit-chain-verification");
        yield return Case(Demo.Network, "/admin/networks/new", "Name=Eigen netwerk", "Kind=StaffNetwork");
        yield return Case(Demo.Leadership, "/admin/networks/deadlines", "AcknowledgeDays=30", "AnswerDays=60");
        yield return Case(Demo.Chief, "/admin/networks/1/deactivate");
        yield return Case(Demo.Hrm, "/reports/integrity/generate", "year=2025", "scopeId=1", "language=nl");
    }

    [TestCaseSource(nameof(AdministratorPosts))]
    public async Task Administrator_actions_posted_by_other_roles_are_refused_and_change_nothing(string user, string url, string[] fields)
    {
        var client = await Client(user);
        var before = await app.SnapshotAsync("user_sessions.last_seen_at", "audit_entries.*");
        var mark = await app.AuditMarkAsync();
        var form = fields.Select(f => f.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToDictionary();

        using var response = await client.PostWithTokenAsync(url, form);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var after = await app.SnapshotAsync("user_sessions.last_seen_at", "audit_entries.*");
        Assert.That(after, Is.EquivalentTo(before), "nothing but the audit trail changed");
        Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e =>
            e.Actor == user && e.Action == AuditActions.PermissionDenied && e.Subject == "POST " + url));
    }
}
