using System.Net;
using Dapper;
using DbUp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// Issue 17, item 4: every profile and composition change is kept with its date (the app's clock), who made it and an
/// audit entry; the current figures are the latest version; the team page's realisation per quarter is the history read
/// back; gender and leaders are validated with readable Dutch reasons; only HRM of the unit sets the unit's leader target;
/// and migration 0115 moves the old current values into the history with their last-change date.
/// </summary>
public sealed class DiversityHistoryTests
{
    private static readonly DateTimeOffset FirstDay = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondDay = new(2026, 5, 20, 9, 0, 0, TimeSpan.Zero);
    private const int Team = 2;
    private TestApp app = null!;
    private ManualTimeProvider clock = null!;
    private int headcount;

    [OneTimeSetUp]
    public async Task Start()
    {
        clock = new ManualTimeProvider(FirstDay);
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock });
        headcount = await app.ScalarAsync<int>("SELECT headcount FROM teams WHERE id = @Team", new { Team });
    }

    [OneTimeTearDown]
    public async Task Stop() => await app.DisposeAsync();

    private static Dictionary<string, string?> Composition(int nl, int eu, int oe, int? women = null, int? men = null, int? other = null,
        int? leaders = null, int[]? leaderOrigin = null, int[]? leaderGender = null)
    {
        var values = new Dictionary<string, string?> { ["Counts[0]"] = nl.ToString(), ["Counts[1]"] = eu.ToString(), ["Counts[2]"] = oe.ToString(),
            ["GenderCounts[0]"] = women?.ToString(), ["GenderCounts[1]"] = men?.ToString(), ["GenderCounts[2]"] = other?.ToString(), ["LeaderCount"] = leaders?.ToString() };
        for (var i = 0; i < 3; i++)
        {
            values[$"LeaderCounts[{i}]"] = leaderOrigin?[i].ToString();
            values[$"LeaderGenderCounts[{i}]"] = leaderGender?[i].ToString();
        }
        return values;
    }

    private async Task RefusedAsync(HttpClient client, string page, Dictionary<string, string?> values, string message)
    {
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        using var response = await client.SubmitFormAsync(page, values);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), $"{table} changed by a refused form");
    }

    [Test, Order(1)]
    public async Task Two_changes_on_two_dates_are_two_kept_rows_and_the_latest_is_current()
    {
        var mark = await app.AuditMarkAsync();
        using (var hrm = await app.SignInAsync(Demo.Hrm))
        using (var administrator = await app.SignInAsync(Demo.Administrator))
        {
            using var profile = await administrator.SubmitFormAsync($"/admin/organisation/teams/{Team}/service-area", new Dictionary<string, string?>
            {
                ["Shares[0]"] = "70", ["Shares[1]"] = "10", ["Shares[2]"] = "20", ["GenderShares[0]"] = "50.5", ["GenderShares[1]"] = "49", ["GenderShares[2]"] = "0.5",
                ["Source"] = "CBS StatLine", ["Year"] = "2025",
            });
            Assert.That(profile.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            using var first = await hrm.SubmitFormAsync($"/teams/{Team}/composition", Composition(headcount - 8, 2, 6, 12, headcount - 12, 0, 3, [3, 0, 0], [1, 2, 0]));
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        clock.Advance(SecondDay - FirstDay);
        using (var hrm = await app.SignInAsync(Demo.Hrm))
        {
            using var second = await hrm.SubmitFormAsync($"/teams/{Team}/composition", Composition(headcount - 5, 2, 3, 10, headcount - 10, 0));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }

        var versions = await app.QueryAsync<(string Group, string ValidFrom, long Size, string By)>(
            "SELECT group_kind, valid_from, group_size, changed_by FROM composition_versions WHERE team_id = @Team ORDER BY id", new { Team });
        Assert.That(versions, Is.EqualTo(new[] { ("team", "2026-03-10", (long)headcount, "hrm"), ("leaders", "2026-03-10", 3L, "hrm"), ("team", "2026-05-20", (long)headcount, "hrm") }));
        var profiles = await app.QueryAsync<(string ValidFrom, string By)>("SELECT valid_from, changed_by FROM service_area_profile_versions WHERE team_id = @Team", new { Team });
        Assert.That(profiles, Is.EqualTo(new[] { ("2026-03-10", "beheerder") }));
        var gender = await app.QueryAsync<(string Category, double Share)>(
            "SELECT s.category, s.share_percent FROM service_area_profile_shares s JOIN service_area_profile_versions v ON v.id = s.version_id WHERE v.team_id = @Team AND s.dimension = 'gender' ORDER BY s.category", new { Team });
        Assert.That(gender, Is.EqualTo(new[] { ("Man", 49.0), ("OtherOrUnknown", 0.5), ("Woman", 50.5) }));

        // The current values are the latest version: the second composition, the leaders of the first date (not re-entered).
        var current = await app.QueryAsync<(string Category, long Count)>("SELECT category, head_count FROM team_composition WHERE team_id = @Team ORDER BY category", new { Team });
        Assert.That(current, Is.EqualTo(new[] { ("Europe", 2L), ("Netherlands", (long)headcount - 5), ("OutsideEurope", 3L) }));
        using (var scope = app.Services.CreateScope())
        {
            var team = await scope.ServiceProvider.GetRequiredService<DiversityHandler>().LoadAsync(Team);
            Assert.That(team!.GenderComposition, Is.EqualTo(new Dictionary<string, int> { ["Woman"] = 10, ["Man"] = headcount - 10, ["OtherOrUnknown"] = 0 }));
            Assert.That((team.LeaderCount, team.LeaderComposition!["Netherlands"], team.LeaderGenderComposition!["Woman"]), Is.EqualTo((3, 3, 1)));
            var history = team.History.Select(h => (h.ValidFrom, h.Kind)).ToList();
            Assert.That(history[0], Is.EqualTo((new DateOnly(2026, 5, 20), "team")), "newest first");
            Assert.That(history, Is.EquivalentTo(new[]
            {
                (new DateOnly(2026, 5, 20), "team"), (new DateOnly(2026, 3, 10), "leaders"), (new DateOnly(2026, 3, 10), "team"), (new DateOnly(2026, 3, 10), "profile"),
            }));
        }

        // Audited: who changed what and when, never the counts.
        var audit = await app.AuditSinceAsync(mark);
        Assert.That(audit.Where(a => a.Action == "composition.updated").Select(a => a.Details), Is.EqualTo(new[] { "valid from 2026-03-10; leaders", "valid from 2026-05-20" }));
        Assert.That(audit.Any(a => a.Details?.Contains("service-area profile") == true && a.Details.Contains("valid from 2026-03-10")), Is.True);
    }

    [Test, Order(2)]
    public async Task The_realisation_per_quarter_is_the_history_read_back()
    {
        await using var connection = await app.OpenDbAsync();
        var series = await DiversityHistory.ForTeamAsync(connection, Team, new Quarter(2026, 2).Trailing(3));
        var origin = series.Single(s => s.Group == "team" && s.Dimension == "origin").Points;
        Assert.That(origin.Select(p => p.Quarter.Label), Is.EqualTo(new[] { "Q4 2025", "Q1 2026", "Q2 2026" }));
        Assert.That(origin[0].Counts, Is.Null, "nothing recorded before 10 March 2026");
        // Each quarter's figures are the version that held on its last day, straight from the history table.
        foreach (var point in origin.Skip(1))
        {
            var expected = (await app.QueryAsync<(string Category, long Count)>(
                "SELECT c.category, c.head_count FROM composition_counts c JOIN composition_versions v ON v.id = c.version_id WHERE v.team_id = @Team AND v.group_kind = 'team' " +
                "AND c.dimension = 'origin' AND v.id = (SELECT MAX(id) FROM composition_versions WHERE team_id = @Team AND group_kind = 'team' AND valid_from <= @end)",
                new { Team, end = point.Quarter.End.ToString("yyyy-MM-dd") })).ToDictionary(r => r.Category, r => (int)r.Count);
            Assert.That(point.Counts, Is.EqualTo(expected), point.Quarter.Label);
            Assert.That(point.TargetShares!["OutsideEurope"], Is.EqualTo(20.0).Within(1e-9));
        }
        // The inflow over the last four quarters: only increases between the two records count (none here: both went down or stayed).
        var inflow = series.Single(s => s.Group == "team" && s.Dimension == "origin").InflowCounts!;
        Assert.That(inflow["Netherlands"], Is.EqualTo(3), "from headcount − 8 to headcount − 5");
        Assert.That(inflow["OutsideEurope"] + inflow["Europe"], Is.Zero);

        // The team page shows the same quarters, each share only where its count holds k (k = 5).
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var html = await lead.GetHtmlAsync($"/teams/{Team}");
        var rows = Html.Text(html);
        var q2 = origin[2];
        var nl = q2.Share("Netherlands")!.Value.ToString("0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        // Q2: 2 and 3 below k (together 5, so nothing else needs hiding); Q1: 2 below k, so the next-smallest (6) is hidden too.
        Assert.That(rows, Does.Contain($"Q2 2026 {nl} % (doel 70 %) < 5 (doel 10 %) < 5 (doel 20 %)"));
        var q1 = origin[1].Share("Netherlands")!.Value.ToString("0", System.Globalization.CultureInfo.GetCultureInfo("nl-NL"));
        Assert.That(rows, Does.Contain($"Q1 2026 {q1} % (doel 70 %) < 5 (doel 10 %) afgeschermd (doel 20 %)"));
    }

    [Test, Order(3)]
    public async Task A_leader_target_is_kept_per_unit_by_hrm_and_read_as_the_latest()
    {
        using var hrm = await app.SignInAsync(Demo.Hrm);
        Assert.That(Html.Text(await hrm.GetHtmlAsync("/leader-targets")), Does.Contain("Midden-Nederland"));
        using var saved = await hrm.SubmitFormAsync($"/units/{Demo.UnitMiddenNederland}/leader-targets", new Dictionary<string, string?>
        {
            ["OriginShares[0]"] = "75", ["OriginShares[1]"] = "10", ["OriginShares[2]"] = "15", ["GenderShares[0]"] = "40", ["GenderShares[1]"] = "60", ["GenderShares[2]"] = "0",
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var rows = await app.QueryAsync<(string ValidFrom, string By)>("SELECT valid_from, changed_by FROM unit_leader_target_versions WHERE unit_id = 1");
        Assert.That(rows, Is.EqualTo(new[] { ("2026-05-20", "hrm") }));
        var page = Html.Text(await hrm.GetHtmlAsync($"/units/{Demo.UnitMiddenNederland}/leader-targets"));
        // The leaders of team 2 (3, recorded in March) against the unit's target: counts below k are not shown.
        Assert.That(page, Does.Contain("Q2 2026 afgeschermd (doel 75 %) 0 % (doel 10 %) 0 % (doel 15 %)").Or.Contain("Q2 2026 < 5 (doel 75 %) 0 % (doel 10 %) 0 % (doel 15 %)"));
        Assert.That(page, Does.Contain("Geldig vanaf").And.Contain("Doel leidinggevenden"));
    }

    // ---- validation ---------------------------------------------------------------------------------

    private static IEnumerable<TestCaseData> ProfileRules()
    {
        Dictionary<string, string?> P(string? w, string? m, string? o) => new()
            { ["Shares[0]"] = "70", ["Shares[1]"] = "10", ["Shares[2]"] = "20", ["GenderShares[0]"] = w, ["GenderShares[1]"] = m, ["GenderShares[2]"] = o, ["Source"] = "CBS", ["Year"] = "2025" };
        yield return new TestCaseData(P("50", "40", "0"), "De aandelen naar geslacht moeten samen 100% zijn (nu 90%).").SetName("Gender shares add up to 100");
        yield return new TestCaseData(P("50", "", "0"), "Vul voor elk geslacht een aandeel tussen 0 en 100% in, of laat ze alle drie leeg.").SetName("All three gender shares or none");
        yield return new TestCaseData(P("150", "-50", "0"), "Vul voor elk geslacht een aandeel tussen 0 en 100% in, of laat ze alle drie leeg.").SetName("A gender share lies between 0 and 100");
    }

    [TestCaseSource(nameof(ProfileRules))]
    public async Task A_profile_with_wrong_gender_shares_is_refused(Dictionary<string, string?> values, string message)
    {
        using var administrator = await app.SignInAsync(Demo.Administrator);
        await RefusedAsync(administrator, "/admin/organisation/teams/3/service-area", values, message);
    }

    [Test]
    public async Task Gender_and_leader_counts_stay_within_the_headcount_with_readable_reasons()
    {
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var page = "/teams/1/composition";
        var h = await app.ScalarAsync<int>("SELECT headcount FROM teams WHERE id = 1");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, h, 1, 0), $"De aantallen naar geslacht tellen op tot {h + 1}, meer dan de {h} medewerkers van het team.");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, 3, null, 0), "Vul voor elk geslacht een aantal in, of laat ze alle drie leeg.");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, leaders: h + 1, leaderOrigin: [1, 0, 0]), $"Het aantal leidinggevenden ligt tussen 0 en {h} (de teamgrootte).");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, leaders: 2, leaderOrigin: [2, 1, 0]), "De aantallen van de leidinggevenden tellen op tot 3, meer dan de 2 leidinggevenden.");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, leaders: 2, leaderOrigin: [2, 0, 0], leaderGender: [2, 1, 0]), "De aantallen van de leidinggevenden tellen op tot 3, meer dan de 2 leidinggevenden.");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, leaders: 2), "Vul met het aantal leidinggevenden ook hun aantallen per herkomst in (en per geslacht alle drie of geen).");
        await RefusedAsync(hrm, page, Composition(h, 0, 0, leaderOrigin: [1, 0, 0]), "Vul met het aantal leidinggevenden ook hun aantallen per herkomst in (en per geslacht alle drie of geen).");
    }

    [Test]
    public async Task Leader_target_shares_are_complete_and_add_up_to_100()
    {
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var page = $"/units/{Demo.UnitMiddenNederland}/leader-targets";
        await RefusedAsync(hrm, page, new() { ["OriginShares[0]"] = "70", ["OriginShares[1]"] = "10", ["OriginShares[2]"] = "10", ["GenderShares[0]"] = "50", ["GenderShares[1]"] = "50", ["GenderShares[2]"] = "0" },
            "De doelaandelen voor herkomst moeten samen 100% zijn (nu 90%).");
        await RefusedAsync(hrm, page, new() { ["OriginShares[0]"] = "70", ["OriginShares[1]"] = "10", ["OriginShares[2]"] = "20", ["GenderShares[0]"] = "50", ["GenderShares[1]"] = "" },
            "Vul voor geslacht elk doelaandeel tussen 0 en 100% in.");
    }

    // ---- access -------------------------------------------------------------------------------------

    [Test]
    public async Task Only_hrm_of_the_unit_reads_or_sets_the_unit_leader_target()
    {
        var fields = new Dictionary<string, string> { ["OriginShares[0]"] = "100", ["OriginShares[1]"] = "0", ["OriginShares[2]"] = "0", ["GenderShares[0]"] = "100", ["GenderShares[1]"] = "0", ["GenderShares[2]"] = "0" };
        var clients = new Dictionary<string, HttpClient>();
        foreach (var user in Demo.AllAccounts) clients[user] = await app.SignInAsync(user);
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var user in Demo.AllAccounts.Where(u => u != Demo.Hrm))
        {
            var client = clients[user];
            foreach (var page in new[] { "/leader-targets", "/units/1/leader-targets" })
            {
                using var get = await client.GetAsync(page);
                Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{user} GET {page}");
            }
            using var post = await client.PostAsync("/units/1/leader-targets", await FormAsync(client, fields));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), $"{user} POST");
        }
        {
            var hrm = clients[Demo.Hrm];
            using var outside = await hrm.GetAsync($"/units/{Demo.UnitOostNederland}/leader-targets");
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a unit outside HRM's scope");
            using var post = await hrm.PostAsync($"/units/{Demo.UnitOostNederland}/leader-targets", await FormAsync(hrm, fields));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var client in clients.Values) client.Dispose();
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), $"{table} changed by a refused request");
    }

    private static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var values = new Dictionary<string, string>(fields)
        {
            [Html.TokenField] = Html.AntiforgeryToken(await client.GetPageAsync("/")),
            [Html.FormTokenField] = Html.NewFormToken(),
        };
        return new FormUrlEncodedContent(values);
    }

    // ---- migration 0115 -----------------------------------------------------------------------------

    [Test]
    public void Migration_0115_moves_the_current_values_into_the_history_with_their_last_change_date()
    {
        var folder = TestApp.NewTempFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var connections = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = folder }, folder);
            var before = DeployChanges.To.SqliteDatabase(connections.ConnectionString)
                .WithScriptsEmbeddedInAssembly(Migrator.ScriptAssembly, n => n.StartsWith("db.sqlite.", StringComparison.Ordinal) && string.CompareOrdinal(n, "db.sqlite.0115") < 0)
                .WithTransactionPerScript().LogToNowhere().Build().PerformUpgrade();
            Assert.That(before.Successful, Is.True, before.Error?.Message);
            using (var connection = connections.Open())
            {
                connection.Execute("INSERT INTO units (id, code, name, created_at) VALUES (1, 'U1', 'Eenheid', '2025-01-01')");
                connection.Execute("INSERT INTO districts (id, unit_id, name, created_at) VALUES (1, 1, 'District', '2025-01-01')");
                connection.Execute("INSERT INTO teams (id, district_id, name, team_type, headcount, created_at) VALUES (1, 1, 'Team', 'BasicTeam', 20, '2025-01-01')");
                connection.Execute("INSERT INTO service_area_profiles (team_id, source, year, updated_at, updated_by) VALUES (1, 'CBS', 2024, '2025-11-03 14:12:00', 'beheerder')");
                connection.Execute("INSERT INTO service_area_shares (team_id, category, share_percent) VALUES (1, 'Netherlands', 80), (1, 'Europe', 5), (1, 'OutsideEurope', 15)");
                connection.Execute("INSERT INTO team_composition (team_id, category, head_count, updated_at) VALUES (1, 'Netherlands', 16, '2026-01-07 10:00:00'), (1, 'Europe', 1, '2026-01-07 10:00:00'), (1, 'OutsideEurope', 3, '2026-01-07 10:00:00')");
            }
            new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
            using (var connection = connections.Open())
            {
                Assert.That(connection.Query<(string, string, long, string)>("SELECT valid_from, source, year, changed_by FROM service_area_profile_versions"),
                    Is.EqualTo(new[] { ("2025-11-03", "CBS", 2024L, "beheerder") }));
                Assert.That(connection.Query<(string, string, long)>("SELECT valid_from, group_kind, group_size FROM composition_versions"), Is.EqualTo(new[] { ("2026-01-07", "team", 20L) }));
                Assert.That(connection.Query<(string, long)>("SELECT category, head_count FROM team_composition ORDER BY category"),
                    Is.EqualTo(new[] { ("Europe", 1L), ("Netherlands", 16L), ("OutsideEurope", 3L) }), "the old name reads the latest version");
                Assert.That(connection.Query<(string, double)>("SELECT category, share_percent FROM service_area_shares ORDER BY category"),
                    Is.EqualTo(new[] { ("Europe", 5.0), ("Netherlands", 80.0), ("OutsideEurope", 15.0) }));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
