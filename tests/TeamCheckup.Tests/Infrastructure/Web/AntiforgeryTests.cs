using System.Net;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Web;

/// <summary>
/// Every POST endpoint of the app, found in its EndpointDataSource (so new ones are covered without
/// editing this file), refuses a signed-in administrator's post without an antiforgery token with 400
/// and stores nothing. The same post with a token is then accepted and does change the database, which
/// shows the payload was a real change and the "nothing stored" check can see one.
/// </summary>
public class AntiforgeryTests
{
    private const string Anonymous = "(anonymous)";

    /// <summary>Who posts, what, and in which order (state matters: a pulse opens before it is answered and
    /// closed). Keys are URLs with ids filled in; {round} is the current round of team 2 (led by teamchef).
    /// An endpoint without an entry is posted by the administrator with the form of its GET page, or empty;
    /// the control step then tells you to add an entry here.</summary>
    private Dictionary<string, (string Actor, Func<List<KeyValuePair<string, string>>> Payload, int Order)> Steps() => new()
    {
        ["/admin/organisation/units/new"] = (Demo.Administrator, () => [new("Code", "AFT"), new("Name", "Eenheid Antiforgery")], 10),
        ["/admin/organisation/units/2/edit"] = (Demo.Administrator, () => [new("Code", "ONN"), new("Name", "Eenheid Oost-Nederland (gewijzigd)")], 10),
        ["/admin/organisation/districts/new"] = (Demo.Administrator, () => [new("UnitId", "2"), new("Name", "District Antiforgery")], 10),
        ["/admin/organisation/districts/2/edit"] = (Demo.Administrator, () => [new("UnitId", "1"), new("Name", "District Gooi (gewijzigd)")], 10),
        ["/admin/organisation/teams/new"] = (Demo.Administrator, () => [new("DistrictId", "2"), new("Name", "Team Antiforgery"), new("TeamType", "Basisteam"), new("Headcount", "10"), new("CadenceMonths", "3")], 10),
        ["/admin/organisation/teams/2/edit"] = (Demo.Administrator, () => [new("DistrictId", "1"), new("Name", "Basisteam Utrecht-Noord"), new("TeamType", "Basisteam"), new("Headcount", "37"), new("CadenceMonths", "3")], 10),
        ["/admin/users/new"] = (Demo.Administrator, () => [new("UserName", "af.test"), new("DisplayName", "AF Test"), new("NewPassword", "Een-lang-wachtwoord-1"), new("Roles", "Chief"), new("UnitIds", "1")], 10),
        ["/admin/users/3/edit"] = (Demo.Administrator, () => [new("UserName", "teamchef2"), new("DisplayName", "Tara (gewijzigd)"), new("Roles", "TeamLead"), new("TeamIds", "7")], 10),
        ["/admin/competencies/new"] = (Demo.Administrator, () => [new("NameNl", "Rechercheervaring"), new("NameEn", "Investigation experience")], 10),
        ["/admin/competencies/2/edit"] = (Demo.Administrator, () => [new("NameNl", "Interculturele vaardigheid"), new("NameEn", "Intercultural skills")], 10),
        ["/admin/organisation/teams/2/service-area"] = (Demo.Administrator, () => [new("Shares[0]", "70"), new("Shares[1]", "10.5"), new("Shares[2]", "19.5"), new("Source", "CBS StatLine"), new("Year", "2025")], 10),
        ["/admin/organisation/teams/2/area-type"] = (Demo.Administrator, () => [new("AreaType", "Rural")], 10),
        ["/competencies/2/contexts"] = (Demo.Hrm, () => [new("ContextKind", "AreaType"), new("ContextValue", "Urban"), new("DescriptionNl", "In de stad"), new("DescriptionEn", "In the city")], 10),
        ["/competencies/2/contexts/2/remove"] = (Demo.Hrm, () => [], 20),
        ["/units/1/leader-targets"] = (Demo.Hrm, () => [new("OriginShares[0]", "70"), new("OriginShares[1]", "10"), new("OriginShares[2]", "20"), new("GenderShares[0]", "50"), new("GenderShares[1]", "50"), new("GenderShares[2]", "0")], 10),
        ["/teams/2/composition"] = (Demo.Hrm, () => [new("Counts[0]", "30"), new("Counts[1]", "2"), new("Counts[2]", "4")], 10),
        ["/reports/generate"] = (Demo.TeamLead, () => [new("type", "Team"), new("scopeId", "1"), new("language", "nl"),
            new("quarter", TeamCheckup.Web.Features.Reports.Quarter.LastClosed(DateOnly.FromDateTime(DateTime.Now)).Key)], 10),
        ["/authority/generate"] = (Demo.Authority, () => [new("type", "AuthorityTeam"), new("scopeId", "1"), new("language", "nl"),
            new("quarter", TeamCheckup.Web.Features.Reports.Quarter.LastClosed(DateOnly.FromDateTime(DateTime.Now)).Key)], 10),
        ["/admin/settings"] = (Demo.Administrator, () => [new("K", "5"), new("Kc", "10"), new("PulseWindowDays", "14")], 10),
        // Issue 17 item 1: networks and their deadlines, a network's signal and its thread (signals 1 and 2: Start).
        ["/admin/networks/new"] = (Demo.Administrator, () => [new("Name", "Netwerk Antiforgery"), new("Kind", "StaffNetwork")], 10),
        ["/admin/networks/2/edit"] = (Demo.Administrator, () => [new("Name", "Adviesgroep Politie voor iedereen"), new("Kind", "AdvisoryGroup")], 10),
        ["/admin/networks/2/deactivate"] = (Demo.Administrator, () => [], 11),
        ["/admin/networks/2/reactivate"] = (Demo.Administrator, () => [], 12),
        ["/admin/networks/deadlines"] = (Demo.Administrator, () => [new("AcknowledgeDays", "6"), new("AnswerDays", "21")], 10),
        ["/signals/new"] = (Demo.Network, () => [new("NetworkId", "1"), new("Kind", "Unasked"), new("Theme", "Workload"), new("UnitId", "1"), new("Title", "Roosters"),
            new("Body", "Geen ruimte voor bijeenkomsten"), new("NamesNoPerson", "true")], 10),
        ["/leadership/signals/2/acknowledge"] = (Demo.Chief, () => [new("Body", "Ontvangen")], 10),
        ["/leadership/signals/2/answer"] = (Demo.Chief, () => [new("Body", "We kijken ernaar")], 11),
        ["/signals/2/follow-up"] = (Demo.Network, () => [new("Body", "Wanneer?")], 12),
        ["/account/sign-in"] = (Demo.Administrator, () => [new("UserName", Demo.Administrator), new("Password", TestApp.Password)], 10),
        ["/language"] = (Demo.Administrator, () => [new("culture", "en-GB"), new("returnUrl", "/")], 10),
        // Notification 2 and one more unread are its owner's (Start): read one, then all.
        ["/notifications/2/read"] = (notificationOwner, () => [], 70),
        ["/notifications/read-all"] = (notificationOwner, () => [], 71),
        ["/incidents/new"] = (Demo.TeamLead, () => [new("TeamId", "2"), new("IncidentDate", DateTime.Today.ToString("yyyy-MM-dd")), new("Category", "Conflict"), new("Severity", "Low"), new("Description", "Onenigheid")], 10),
        ["/rounds/{round}/pulse/open"] = (Demo.TeamLead, () => [new("WindowDays", "14"), new("CodeCount", "5")], 20),
        ["/rounds/{round}/pulse/codes"] = (Demo.TeamLead, () => [new("Count", "1")], 21),
        ["/p"] = (Anonymous, () => Checkups.Answers(codes[0]).Where(a => a.Value is not null).Select(a => new KeyValuePair<string, string>(a.Key, a.Value!)).ToList(), 22),
        ["/rounds/{round}/pulse/close"] = (Demo.TeamLead, () => [], 23),
        ["/rounds/{round}/review/autosave"] = (Demo.TeamLead, () => [new("Dimensions[0].Dimension", "SocialSafety"), new("Dimensions[0].Note", "Bijna klaar")], 24),
        ["/rounds/{round}/review"] = (Demo.TeamLead, () => [new("Dimensions[0].Dimension", "SocialSafety"), new("Dimensions[0].Score", "4")], 24),
        ["/cases/{case}/analysis"] = (Demo.Hrm, () => [new("HeldOn", DateTime.Today.ToString("yyyy-MM-dd")), new("ParticipantIds", "4"), new("WithoutTeamLeadReason", "Teamchef met verlof"), new("Analysis", "Conflict tussen twee ploegen over roosters")], 30),
        ["/cases/{case}/entries"] = (Demo.Hrm, () => [new("Kind", "Action"), new("Body", "Gesprek gepland"), new("InvolvesTeamLead", "true")], 31),
        // The team lead (of team 3 for this fixture, see Start) confirms the action meant for them.
        ["/cases/{case}/summary/responses"] = (Demo.TeamLead, () => [new("EntryId", ForTeamLeadEntry()), new("Response", "TeamLeadConfirmed")], 34),
        // Support in the check-up: the lead invites HRM to the round, asks HRM for support, HRM accepts request 2 (Start).
        ["/rounds/{round}/advisors"] = (Demo.TeamLead, () => [new("UserId", "4")], 25),
        ["/teams/2/support"] = (Demo.TeamLead, () => [new("Discipline", "HRM"), new("Topic", "Workload"), new("Urgency", "Soon"), new("Details", "Hulp bij het teamgesprek")], 26),
        ["/support/2/accept"] = (Demo.Hrm, () => [], 27),
        ["/account/keep-alive"] = (Demo.TeamLead, () => [], 10),
        ["/cases/{case}/members"] = (Demo.Vik, () => [new("UserId", "6"), new("Role", "Other")], 32),
        ["/cases/{case}/members/remove"] = (Demo.Vik, () => [new("userId", "6"), new("role", "Other")], 33),
        // Issue 13: the lead discipline (VIK, for a report) links to the team-less case, unlinks, splits off the second
        // report, shares the HRM note with the experts and declines the handover asked in the set-up.
        ["/cases/{case}/link"] = (Demo.Vik, () => [new("targetCaseId", other!.CaseId.ToString())], 32),
        ["/cases/{case}/unlink"] = (Demo.Vik, () => [], 32),
        ["/cases/{case}/split"] = (Demo.Vik, () => [new("signalId", secondSignal.ToString())], 32),
        ["/cases/{case}/entries/share"] = (Demo.Vik, () => [new("entryId", app.ScalarAsync<long>("SELECT MAX(id) FROM case_entries WHERE case_id = @id AND kind IN ('Note', 'Action')",
            new { id = filed!.CaseId }).GetAwaiter().GetResult().ToString()), new("shared", "true")], 32),
        ["/cases/{case}/handover"] = (Demo.Vik, () => [new("Answer", "decline"), new("Reason", "VIK blijft de behandelaar van de melding")], 32),
        // Only the case's VIK members write in a report's thread.
        ["/cases/{case}/messages"] = (Demo.Vik, () => [new("ReportId", filed!.ReportId.ToString()), new("Body", "Dank voor je melding"), new("IsInternal", "false")], 34),
        ["/cases/{case}/communication"] = (Demo.Vik, () => [new("Decision", "None"), new("DecisionRationale", "Speelt binnen het team")], 35),
        ["/cases/{case}/status"] = (Demo.Hrm, () => [new("target", "Action")], 36), // the analysis (30) moved it to Triage, the decision (35) lets it act
        // VIK leads the report's case: it closes as an integrity case, with its outcome (issue 17 item 3), then a review is asked.
        ["/cases/{case}/close"] = (Demo.Vik, () => [new("Outcome", "NoFurtherAction"), new("Rationale", "Opgelost in gesprek"), new("IntegrityOutcome", "NoBreach"),
            new("DecidedOn", DateTime.Today.ToString("yyyy-MM-dd"))], 37),
        ["/cases/{case}/integrity-review"] = (Demo.Vik, () => [new("AskedOn", DateTime.Today.ToString("yyyy-MM-dd")), new("Result", "Pending")], 38),
        ["/reports/integrity/generate"] = (Demo.Vik, () => [new("year", (DateTime.Today.Year - 1).ToString()), new("scopeId", "1"), new("language", "nl")], 10),
        ["/melden"] = (Anonymous, () => [new("UnitId", "1"), new("TeamId", "3"), new("Category", "Other"), new("Description", "Melding")], 40),
        ["/melden/opvolgen"] = (Anonymous, () => [new("key", filed!.Key)], 41),
        ["/melden/opvolgen/antwoord"] = (Anonymous, () => [new("Key", filed!.Key), new("Body", "Nog een aanvulling")], 42),
        // Questionnaire version 2 through its whole life: copied, edited (the page's own form), published, withdrawn, deleted.
        ["/admin/questionnaires/copy"] = (Demo.Administrator, () => [], 60),
        ["/admin/questionnaires/2/edit"] = (Demo.Administrator, () => null!, 61),
        ["/admin/questionnaires/2/publish"] = (Demo.Administrator, () => [new("EffectiveFrom", DateTime.Today.AddDays(2).ToString("yyyy-MM-dd"))], 62),
        ["/admin/questionnaires/2/withdraw"] = (Demo.Administrator, () => [], 63),
        ["/admin/questionnaires/2/discard"] = (Demo.Administrator, () => [], 64),
        // Last: the import gives the demo organisation's rows their codes (a key "file:name" is sent as a file upload).
        ["/admin/organisation/import"] = (Demo.Administrator, () => [new("file:organisatie.csv", organisationFile)], 90),
        ["/admin/organisation/import/confirm"] = (Demo.Administrator, () => [new("uploadId", "1")], 91),
    };

    private string ForTeamLeadEntry() => app.ScalarAsync<long>(
        "SELECT MAX(id) FROM case_entries WHERE case_id = @caseId AND involves_team_lead = 1", new { caseId = filed!.CaseId }).GetAwaiter().GetResult().ToString();

    /// <summary>The demo organisation as an import file, read in the set-up.</summary>
    private string organisationFile = "";

    /// <summary>The payload as a form post, or as a multipart upload when it holds a "file:name" field.</summary>
    private static HttpContent Body(IEnumerable<KeyValuePair<string, string>> payload)
    {
        var fields = payload.ToList();
        if (!fields.Any(f => f.Key.StartsWith("file:", StringComparison.Ordinal))) return new FormUrlEncodedContent(fields);
        var multipart = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
            if (key.StartsWith("file:", StringComparison.Ordinal)) multipart.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(value)), "file", key[5..]);
            else multipart.Add(new StringContent(value), key);
        return multipart;
    }

    /// <summary>A case from an anonymous report (unit 1, so hrm may act on it), made in the set-up.</summary>
    private Triage.FiledCase? filed;

    /// <summary>A team-less report's case of its own (a link target), and the signal of a second report that joined <see cref="filed"/>.</summary>
    private Triage.FiledCase? other;
    private long secondSignal;

    private List<string> codes = [];
    private int round;
    private string notificationOwner = Demo.TeamLead;
    private readonly Dictionary<string, HttpClient> clients = new();

    private async Task<HttpClient> Client(string actor)
    {
        if (!clients.TryGetValue(actor, out var client))
            clients[actor] = client = actor == Anonymous ? app.CreateBrowser() : await app.SignInAsync(actor);
        return client;
    }

    /// <summary>Endpoints that change no table when accepted (their effect is a cookie).</summary>
    private static readonly HashSet<string> CookieOnly = ["/language"];

    /// <summary>POSTs that only read (the reporter's key travels in a POST body so it is in no URL or log).</summary>
    private static readonly HashSet<string> ReadOnlyPosts = ["/melden/opvolgen", "/account/keep-alive"]; // keep-alive: only the session touch, which the snapshot leaves out

    /// <summary>Posts from another server, not from a browser form: the identity provider's back-channel logout carries
    /// a signed logout token instead of an antiforgery token (its refusals are tested in SingleSignOnTests).</summary>
    private static readonly HashSet<string> ServerToServer = ["/account/backchannel-logout"];

    /// <summary>Endpoints without a method restriction; none of them may write on a POST without a token.</summary>
    private static readonly HashSet<string> AnyMethodEndpoints = ["/error/{statusCode:int?}", "/hangfire/{**path}", "/health/live", "/health/ready"];

    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        if (AppEndpoints.Exists(app.Services, "GET", "/rounds/{id:int}"))
            round = (await Checkups.EnsureRoundsAsync(app))[2];
        if (AppEndpoints.Exists(app.Services, "POST", "/melden"))
        {
            filed = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3);
            other = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: null);
            var second = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 3);
            secondSignal = await app.ScalarAsync<long>("SELECT id FROM signals WHERE report_id = @ReportId", new { second.ReportId });
            await app.ExecuteAsync("INSERT INTO case_handovers (case_id, from_discipline, to_discipline, requested_at) SELECT id, 'VIK', 'HRM', opened_at FROM cases WHERE id = @CaseId",
                new { filed.CaseId });
        }
        organisationFile = (await OrganisationFile.OfDatabaseAsync(app)).Csv();
        if (AppEndpoints.Exists(app.Services, "POST", "/cases/{id:int}/summary/responses"))
            // The report's case is about team 3: teamchef leads it too here, so the lead's answer has a case to go to.
            await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT id, 'Team', 3 FROM users WHERE user_name = @lead", new { lead = Demo.TeamLead });
        if (AppEndpoints.Exists(app.Services, "POST", "/support/{id:int}/accept"))
            // Support requests 1 and 2 of team 2 (the sample id of the route is 2), waiting for HRM.
            await app.ExecuteAsync(
                "INSERT INTO support_requests (team_id, unit_id, discipline, topic, urgency, details, requested_by_user_id, requested_at, due_on) " +
                "SELECT 2, 1, 'HRM', 'Other', 'Normal', 'Voorbeeld', u.id, @now, @today FROM users u WHERE u.user_name = @lead; " +
                "INSERT INTO support_requests (team_id, unit_id, discipline, topic, urgency, details, requested_by_user_id, requested_at, due_on) " +
                "SELECT 2, 1, 'HRM', 'Other', 'Normal', 'Voorbeeld', u.id, @now, @today FROM users u WHERE u.user_name = @lead",
                new { lead = Demo.TeamLead, now = app.AppClock.UtcNow, today = app.Today });
        if (AppEndpoints.Exists(app.Services, "POST", "/competencies/{id:int}/contexts/{contextId:int}/remove"))
            await app.ExecuteAsync(
                "INSERT INTO competency_contexts (id, competency_id, context_kind, context_value, description_nl, description_en, updated_by, updated_at) " +
                "SELECT 2, 2, 'TeamType', 'Recherche', 'Bij de recherche', 'In investigation', id, @now FROM users WHERE user_name = @hrm",
                new { hrm = Demo.Hrm, now = app.AppClock.UtcNow });
        if (AppEndpoints.Exists(app.Services, "POST", "/leadership/signals/{id:int}/answer"))
            // Network signals 1 and 2 (the sample id of the routes is 2): netwerk's network about unit 1, for chef.
            await app.ExecuteAsync(
                "INSERT INTO network_signals (id, network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by) " +
                "SELECT n, (SELECT MIN(id) FROM networks), 'Unasked', 'Conduct', 1, 'Voorbeeld', 'Tekst', u.id, @now, @today, @today, @today " +
                "FROM users u CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2) x WHERE u.user_name = @network",
                new { network = Demo.Network, now = app.AppClock.UtcNow, today = app.Today });
        if (AppEndpoints.Exists(app.Services, "POST", "/notifications/read-all"))
        {
            // Notification 2 (the sample id of these routes) is the team lead's unless the start-up already gave it to
            // someone; its owner also gets a second unread one, for "all read".
            await app.ExecuteAsync(
                "INSERT INTO user_notifications (id, user_id, event_key, kind, link_path, arguments, created_at) " +
                "SELECT 2, u.id, 'antiforgery-sample', 'RoundDue', '/', '[]', @now FROM users u " +
                "WHERE u.user_name = @lead AND NOT EXISTS (SELECT 1 FROM user_notifications WHERE id = 2)", new { lead = Demo.TeamLead, now = app.AppClock.UtcNow });
            notificationOwner = await app.ScalarAsync<string>("SELECT u.user_name FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE n.id = 2");
            await app.ExecuteAsync(
                "INSERT INTO user_notifications (user_id, event_key, kind, link_path, arguments, created_at) " +
                "SELECT user_id, 'antiforgery-extra', kind, link_path, arguments, created_at FROM user_notifications WHERE id = 2");
        }
    }

    [OneTimeTearDown]
    public void Stop()
    {
        foreach (var client in clients.Values) client.Dispose();
        app.Dispose();
    }

    [Test]
    public void Only_known_read_only_endpoints_accept_any_method()
    {
        var anyMethod = AppEndpoints.List(app.Services).Where(e => e.AcceptsAnyMethod).Select(e => e.Pattern);
        Assert.That(anyMethod, Is.EquivalentTo(AnyMethodEndpoints),
            "an action without [HttpGet]/[HttpPost] answers every method; give it an explicit one");
    }

    [Test]
    public async Task Every_POST_endpoint_refuses_a_post_without_token_and_stores_nothing()
    {
        var caseId = filed?.CaseId ?? 0;
        var steps = Steps().ToDictionary(s => s.Key.Replace("{round}", round.ToString()).Replace("{case}", caseId.ToString()), s => s.Value);
        var urls = AppEndpoints.List(app.Services).Where(e => e.Methods.Contains("POST"))
            .SelectMany(e => e.SampleUrls(id: e.Pattern.StartsWith("/rounds/") ? round : e.Pattern.StartsWith("/cases/") ? caseId
                : e.Pattern.StartsWith("/admin/users/") ? 3 : e.Pattern.EndsWith("/leader-targets") ? 1 : 2))
            .Where(u => u != "/account/sign-out" && !ServerToServer.Contains(u))
            .OrderBy(u => steps.TryGetValue(u, out var step) ? step.Order : 50).ThenBy(u => u, StringComparer.Ordinal).ToList();
        TestContext.Out.WriteLine($"{urls.Count} POST URLs:\n  " + string.Join("\n  ", urls));
        Assert.That(urls, Has.Count.GreaterThanOrEqualTo(10), "the endpoint enumeration found the app's forms");

        var failures = new List<string>();
        foreach (var url in urls)
        {
            var (actor, payloadOf, _) = steps.TryGetValue(url, out var step) ? step : (Demo.Administrator, (Func<List<KeyValuePair<string, string>>>?)null, 50);
            var client = await Client(actor);
            var payload = payloadOf?.Invoke() ?? await FormOfPage(client, url);

            var before = await Snapshot();
            using (var refused = await client.PostAsync(url, Body(payload)))
            {
                if (refused.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{url} ({actor}): {(int)refused.StatusCode} without a token, expected 400");
                if (Cookies.SetCookies(refused, ".AspNetCore.Culture").Count > 0) failures.Add($"{url}: set a cookie without a token");
            }
            if (!Same(before, await Snapshot(), out var table)) failures.Add($"{url} ({actor}): changed table {table} without a token");

            // Control: with the page's token the same post is accepted and leaves a trace.
            var token = Html.AntiforgeryToken(await client.GetPageAsync("/"));
            var withTokens = payload.Where(f => f.Key != Html.FormTokenField).Append(new(Html.TokenField, token)).Append(new(Html.FormTokenField, Html.NewFormToken()));
            using (var accepted = await client.PostAsync(url, Body(withTokens)))
            {
                var html = await accepted.Content.ReadAsStringAsync();
                if (url.EndsWith("/pulse/open", StringComparison.Ordinal)) codes = Checkups.CodesOnPage(html).ToList();
                if ((int)accepted.StatusCode is 400 or 403 or 404 or 409)
                    failures.Add($"{url} ({actor}): control post with token refused ({(int)accepted.StatusCode}) - add a valid payload to {nameof(Steps)}: " +
                        Html.ErrorSummary(html));
                else if (ReadOnlyPosts.Contains(url) ? accepted.StatusCode != HttpStatusCode.OK
                         : CookieOnly.Contains(url) ? Cookies.SetCookies(accepted, ".AspNetCore.Culture").Count == 0
                         : Same(before, await Snapshot(), out _))
                    failures.Add($"{url} ({actor}): control post with token ({(int)accepted.StatusCode}) changed nothing, so the check above proves little");
            }
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public async Task Sign_out_without_a_token_is_refused_and_the_session_lives_on()
    {
        using var client = await app.SignInAsync(Demo.Chief);
        var before = await Snapshot();
        using var response = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(Same(before, await Snapshot(), out var table), Is.True, $"changed {table}");
            Assert.That((await client.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task A_token_from_another_user_is_refused()
    {
        using var chief = await app.SignInAsync(Demo.Chief);
        using var admin = await app.SignInAsync(Demo.Administrator);
        var chiefToken = Html.AntiforgeryToken(await chief.GetHtmlAsync("/"));
        var before = await Snapshot();
        using var response = await admin.PostAsync("/admin/organisation/units/new", new FormUrlEncodedContent(
            Steps()["/admin/organisation/units/new"].Payload().Append(new(Html.TokenField, chiefToken))));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Same(before, await Snapshot(), out var table), Is.True, $"changed {table}");
    }

    [Test]
    public async Task The_Hangfire_dashboard_refuses_a_post_without_token_and_enqueues_nothing()
    {
        using var admin = await app.SignInAsync(Demo.Administrator);
        var monitor = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        long Jobs() { var s = monitor.GetStatistics(); return s.Enqueued + s.Processing + s.Succeeded + s.Failed + s.Scheduled; }
        Assert.That(monitor.Servers(), Is.Empty, "no Hangfire server runs in tests, so job counts only change by the request");
        var job = new[] { new KeyValuePair<string, string>("jobs[]", TeamCheckup.Web.Infrastructure.Jobs.RecurringJobs.ExpiredSessionCleanup) };

        var before = Jobs();
        using var refused = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(job));
        var afterRefused = Jobs();

        var token = Html.AntiforgeryToken(await admin.GetHtmlAsync("/"));
        using var accepted = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent(job.Append(new(Html.TokenField, token))));
        var afterAccepted = Jobs();

        Assert.Multiple(() =>
        {
            Assert.That((int)refused.StatusCode, Is.AnyOf(400, 403), "refused without a token");
            Assert.That(afterRefused, Is.EqualTo(before), "no job created without a token");
            Assert.That(accepted.IsSuccessStatusCode, Is.True, $"control with token: {(int)accepted.StatusCode}");
            Assert.That(afterAccepted, Is.EqualTo(before + 1), "control: the trigger creates a job at once");
        });
    }

    /// <summary>The fields of the form that posts to <paramref name="url"/>, as shown on the page at that URL or on
    /// a page above it (/admin/settings holds the form for /admin/settings/rules).</summary>
    private static async Task<List<KeyValuePair<string, string>>> FormOfPage(HttpClient client, string url)
    {
        for (var page = url; page.Length > 0; page = page[..page.LastIndexOf('/')])
        {
            using var response = await client.GetAsync(page.Length == 0 ? "/" : page);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var form = Html.Forms(await response.Content.ReadAsStringAsync()).FirstOrDefault(f => f.Action == url);
            if (form is not null) return form.Fields.Where(f => f.Key != Html.TokenField).ToList();
        }
        return [];
    }

    private Task<IReadOnlyDictionary<string, string>> Snapshot() => app.SnapshotAsync("user_sessions.last_seen_at");

    private static bool Same(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after, out string? table)
    {
        table = before.Keys.Union(after.Keys).FirstOrDefault(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t));
        return table is null;
    }
}
