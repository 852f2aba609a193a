using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.AnonymousReports;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Infrastructure.Database;

/// <summary>
/// Every statement the app runs must also be valid on SQL Server. The app runs here on SQLite while
/// SQLite itself reports each statement it executes (<see cref="SqliteStatementCapture"/>); the
/// dialect pieces are swapped for their SQL Server rendering (<see cref="DialectTranslation"/>) and every
/// statement is parsed with the T-SQL 170 grammar. Statements of the SQLite migration scripts, DbUp's
/// journal, PRAGMAs and Microsoft.Data.Sqlite's transaction statements are not app queries and are skipped.
/// </summary>
public partial class QueryDialectTests
{
    private static readonly HashSet<string> TSqlBuiltIns = new(StringComparer.OrdinalIgnoreCase)
    {
        "abs", "acos", "ascii", "asin", "atan", "atn2", "avg", "ceiling", "char", "charindex", "checksum", "choose", "concat",
        "concat_ws", "cos", "count", "count_big", "cume_dist", "datalength", "dateadd", "datediff", "datediff_big", "datefromparts",
        "datename", "datepart", "datetrunc", "day", "db_id", "db_name", "dense_rank", "eomonth", "exp", "first_value", "floor",
        "format", "getdate", "getutcdate", "greatest", "grouping", "hashbytes", "isjson", "isnull", "isnumeric", "json_query",
        "json_value", "lag", "last_value", "lead", "least", "len", "log", "log10", "lower", "ltrim", "max", "min", "month", "newid",
        "ntile", "object_id", "patindex", "percent_rank", "power", "quotename", "rank", "replace", "replicate", "reverse", "round",
        "row_number", "rtrim", "scope_identity", "sign", "space", "sqrt", "square", "stdev", "str", "string_agg", "stuff",
        "substring", "sum", "sysdatetime", "sysdatetimeoffset", "sysutcdatetime", "todatetimeoffset", "translate", "trim",
        "upper", "var", "year",
    };

    private TestApp app = null!;
    private List<string> captured = [];

    [OneTimeSetUp]
    public async Task RunTheAppAndCaptureItsStatements()
    {
        var folder = TestApp.NewTempFolder();
        using var recording = SqliteStatementCapture.Start(Path.Combine(folder, "teamcheckup.db"));
        // E-mail on, to a real SMTP server in this process: the outbox, its claims and the digest run too.
        await using var mail = MailCatcher.Start();
        app = await TestApp.StartAsync(new TestAppOptions { DataDirectory = folder, Settings = mail.Settings });
        await ExerciseAsync(app);
        using (var scope = app.Services.CreateScope())
        {
            var delivery = scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Notifications.MailDeliveryJob>();
            await delivery.SendDueAsync();
            await delivery.SendDigestsAsync();
        }
        captured = recording.Statements.ToList();
    }

    [OneTimeTearDown]
    public void StopApp() => app?.Dispose();

    [Test]
    public void The_capture_saw_the_app_at_work()
    {
        var statements = AppStatements().ToList();
        TestContext.Out.WriteLine($"{captured.Count} statements captured, {statements.Count} distinct app statements");
        if (Environment.GetEnvironmentVariable("TEAMCHECKUP_DUMP_SQL") == "1") // diagnostics: what was kept and skipped
        {
            foreach (var s in captured.Distinct().Except(statements)) TestContext.Out.WriteLine("SKIPPED: " + s.Trim().Replace("\n", " ")[..Math.Min(120, s.Trim().Length)]);
            foreach (var s in statements) TestContext.Out.WriteLine("APP: " + DialectTranslation.ToSqlServer(s));
        }
        // Every table the app's code mentions must be reached by the exercise, or its queries go unchecked.
        var appSource = string.Concat(Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(File.ReadAllText));
        var allTables = SqlServerScriptTests.MigratedSqliteColumns().Select(c => c.Table).Distinct().ToList();
        var tables = allTables.Where(t => Regex.IsMatch(appSource, $@"\b{t}\b")).ToList();
        TestContext.Out.WriteLine("tables no app code uses yet: " + string.Join(", ", allTables.Except(tables)));
        Assert.Multiple(() =>
        {
            Assert.That(statements, Has.Count.GreaterThan(40));
            foreach (var table in tables)
                Assert.That(statements.Any(s => Regex.IsMatch(s, $@"\b{table}\b", RegexOptions.IgnoreCase)), Is.True,
                    $"no captured app statement touches table {table}: the exercise should reach it");
            Assert.That(statements, Has.Some.EqualTo(new SqliteDialect().SelectNewId), "dialect piece SelectNewId was exercised");
            Assert.That(statements, Has.Some.Contains(new SqliteDialect().Page(0, 5)), "dialect piece Page was exercised");
        });
    }

    [Test]
    public void Every_app_statement_parses_as_TSql170_after_the_dialect_swap()
    {
        var failures = new List<string>();
        foreach (var statement in AppStatements())
        {
            var translated = DialectTranslation.ToSqlServer(statement);
            var (_, errors) = TSql.Parse(translated);
            if (errors.Count > 0) failures.Add($"{TSql.Describe(errors)}\n    {translated}");
        }
        Assert.That(failures, Is.Empty, "statements that SQL Server would not parse:\n" + string.Join("\n", failures));
    }

    [Test]
    public void Every_app_statement_calls_only_functions_SQL_Server_has()
    {
        var failures = new List<string>();
        foreach (var statement in AppStatements())
        {
            var translated = DialectTranslation.ToSqlServer(statement);
            var (fragment, errors) = TSql.Parse(translated);
            if (errors.Count > 0) continue; // reported by the parse test
            var unknown = TSql.BuiltInFunctionCalls(fragment).Where(f => !TSqlBuiltIns.Contains(f)).Distinct().ToList();
            var sqliteOnly = new SqliteOnlyVisitor();
            fragment.Accept(sqliteOnly);
            if (unknown.Count > 0) failures.Add($"unknown function(s) {string.Join(", ", unknown)}: {translated}");
            failures.AddRange(sqliteOnly.Problems.Select(p => $"{p}: {translated}"));
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    // ---- the checks can fail ---------------------------------------------------------------------

    [TestCase("SELECT id FROM units ORDER BY id LIMIT 5")]
    [TestCase("INSERT OR IGNORE INTO units (code) VALUES (@code)")]
    [TestCase("INSERT INTO user_roles (user_id, role) VALUES (@id, @role) ON CONFLICT DO NOTHING")]
    [TestCase("UPDATE users SET name = 'x' WHERE id = 1 RETURNING id")]
    public void Sqlite_only_syntax_that_the_dialect_does_not_cover_fails_to_parse(string statement)
    {
        var (_, errors) = TSql.Parse(DialectTranslation.ToSqlServer(statement));
        Assert.That(errors, Is.Not.Empty);
    }

    [TestCase("SELECT ifnull(email, '') FROM users", "ifnull")]
    [TestCase("SELECT substr(name, 1, 3) FROM units", "substr")]
    [TestCase("SELECT strftime('%Y', created_at) FROM units", "strftime")]
    public void Sqlite_only_functions_are_reported(string statement, string function)
    {
        var (fragment, errors) = TSql.Parse(statement);
        Assert.That(errors, Is.Empty);
        Assert.That(TSql.BuiltInFunctionCalls(fragment).Where(f => !TSqlBuiltIns.Contains(f)), Is.EquivalentTo(new[] { function }));
    }

    [TestCase("SELECT COUNT(*) FROM units WHERE is_active = TRUE")]
    [TestCase("SELECT MAX(headcount, 5) FROM teams")]
    public void Sqlite_only_constructs_that_parse_are_reported(string statement)
    {
        var (fragment, errors) = TSql.Parse(statement);
        Assert.That(errors, Is.Empty);
        var visitor = new SqliteOnlyVisitor();
        fragment.Accept(visitor);
        Assert.That(visitor.Problems, Is.Not.Empty);
    }

    [Test]
    public void The_dialect_swap_uses_the_dialect_classes()
    {
        var sqlite = new SqliteDialect();
        var sqlServer = new SqlServerDialect();
        Assert.Multiple(() =>
        {
            Assert.That(DialectTranslation.ToSqlServer(sqlite.SelectNewId), Is.EqualTo(sqlServer.SelectNewId));
            Assert.That(DialectTranslation.ToSqlServer("SELECT a FROM t ORDER BY a " + sqlite.Page(20, 10)),
                Is.EqualTo("SELECT a FROM t ORDER BY a " + sqlServer.Page(20, 10)));
            Assert.That(DialectTranslation.ToSqlServer(sqlite.InsertIfMissing("user_roles", ["user_id", "role"], ["user_id", "role"])),
                Is.EqualTo(sqlServer.InsertIfMissing("user_roles", ["user_id", "role"], ["user_id", "role"])));
            Assert.That(DialectTranslation.ToSqlServer(sqlite.ListColumns), Is.EqualTo(sqlServer.ListColumns));
        });
    }

    [Test]
    public void Every_SQL_Server_dialect_piece_parses_as_TSql170()
    {
        var d = new SqlServerDialect();
        var statements = new[]
        {
            "INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @name, 1, @now);" + d.SelectNewId,
            "SELECT sequence FROM audit_entries ORDER BY sequence DESC " + d.Page(10, 50),
            $"SELECT sequence, hash FROM audit_entries {d.LockForUpdate} WHERE sequence = (SELECT MAX(sequence) FROM audit_entries)",
            d.InsertIfMissing("user_scopes", ["user_id", "scope_type", "scope_id"], ["user_id", "scope_type", "scope_id"]),
            d.ListColumns,
        };
        Assert.Multiple(() =>
        {
            foreach (var statement in statements)
                Assert.That(TSql.Parse(statement).Errors, Is.Empty, statement);
        });
    }

    // ---- what counts as an app statement ----------------------------------------------------------

    private IEnumerable<string> AppStatements()
    {
        var migrationText = string.Concat(Directory.GetFiles(RepositoryPaths.SqliteScripts, "*.sql").Select(File.ReadAllText));
        return captured
            .Select(s => s.Trim())
            .Where(s => !s.StartsWith(TestApp.TestSqlMarker.Trim(), StringComparison.Ordinal)) // the tests' own SQL
            .Where(s => StripComments(s).Length > 0)                                  // "-- TRIGGER name" notes
            .Where(s => !NotAppStatement().IsMatch(StripComments(s)))                // PRAGMA, BEGIN, COMMIT, ...
            .Where(s => !s.Contains("SchemaVersions", StringComparison.OrdinalIgnoreCase)) // DbUp's journal
            .Where(s => !migrationText.Contains(s, StringComparison.Ordinal))         // the SQLite migration scripts
            .Distinct(StringComparer.Ordinal);
    }

    private static string StripComments(string sql) => LineComment().Replace(sql, "").Trim();

    [GeneratedRegex(@"^(PRAGMA|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotAppStatement();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    /// <summary>SQLite constructs T-SQL parses but means differently: TRUE/FALSE (column names to SQL Server)
    /// and the two-argument scalar MIN/MAX (aggregates only on SQL Server).</summary>
    private sealed class SqliteOnlyVisitor : TSqlFragmentVisitor
    {
        public List<string> Problems { get; } = [];

        public override void ExplicitVisit(ColumnReferenceExpression node)
        {
            if (node.MultiPartIdentifier?.Identifiers is [{ QuoteType: QuoteType.NotQuoted } only]
                && only.Value.ToLowerInvariant() is "true" or "false")
                Problems.Add($"boolean literal {only.Value}");
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(FunctionCall node)
        {
            if (node.CallTarget is null && node.FunctionName.Value.ToLowerInvariant() is "min" or "max" && node.Parameters.Count > 1)
                Problems.Add($"scalar {node.FunctionName.Value} with {node.Parameters.Count} arguments");
            base.ExplicitVisit(node);
        }
    }

    // ---- the exercise -------------------------------------------------------------------------------

    /// <summary>Drives every feature that touches the database: each role's pages, every GET page of the app
    /// as an administrator and a team lead, sign-in failures and lockout, the organisation forms, and the
    /// services without pages of their own (jobs, single sign-on, the key ring on the database).</summary>
    private static async Task ExerciseAsync(TestApp app)
    {
        foreach (var account in Demo.AllAccounts)
        {
            using var client = await app.SignInAsync(account);
            await client.GetHtmlAsync("/");
        }

        using (var anonymous = app.CreateBrowser())
        {
            await anonymous.PostSignInAsync("nobody", "whatever-password");
            for (var i = 0; i < 6; i++) await anonymous.PostSignInAsync(Demo.Communications, "wrong-password-" + i);
            await anonymous.GetAsync("/health/ready");
        }

        using var admin = await app.SignInAsync(Demo.Administrator);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        foreach (var endpoint in AppEndpoints.List(app.Services).Where(e => e.Methods.Contains("GET") && !e.HasCatchAll))
            foreach (var url in endpoint.SampleUrls(id: 1).Concat(endpoint.SampleUrls(id: 7)).Distinct())
            {
                (await admin.GetAsync(url)).Dispose();
                (await lead.GetAsync(url)).Dispose();
            }
        (await admin.GetAsync("/admin/organisation?inactive=true")).Dispose();

        // Organisation forms (when the pages exist): create, edit, conflicts, deactivate, reactivate.
        if (AppEndpoints.Exists(app.Services, "POST", "/admin/organisation/units/new"))
        {
            await Post(admin, "/admin/organisation/units/new", new() { ["Code"] = "TST", ["Name"] = "Eenheid Test" });
            await Post(admin, "/admin/organisation/units/new", new() { ["Code"] = "TST", ["Name"] = "Dubbel" });
            var unitId = await app.ScalarAsync<int>("SELECT id FROM units WHERE code = 'TST'");
            await Post(admin, $"/admin/organisation/units/{unitId}/edit", new() { ["Code"] = "TST", ["Name"] = "Eenheid Test 2" }, $"/admin/organisation/units/{unitId}/edit");
            await Post(admin, $"/admin/organisation/districts/new?unitId={unitId}", new() { ["UnitId"] = unitId.ToString(), ["Name"] = "District Test" });
            var districtId = await app.ScalarAsync<int>("SELECT id FROM districts WHERE name = 'District Test'");
            await Post(admin, $"/admin/organisation/districts/{districtId}/edit", new() { ["UnitId"] = unitId.ToString(), ["Name"] = "District Test" }, $"/admin/organisation/districts/{districtId}/edit");
            var team = new Dictionary<string, string?> { ["DistrictId"] = districtId.ToString(), ["Name"] = "Team Test", ["TeamType"] = "Basisteam", ["Headcount"] = "12", ["CadenceMonths"] = "3", ["ServiceArea"] = "Testdorp" };
            await Post(admin, $"/admin/organisation/teams/new?districtId={districtId}", team);
            await Post(admin, $"/admin/organisation/teams/new?districtId={districtId}", team); // duplicate name
            var teamId = await app.ScalarAsync<int>("SELECT id FROM teams WHERE name = 'Team Test'");
            await Post(admin, $"/admin/organisation/teams/{teamId}/edit", new(team) { ["Headcount"] = "13" }, $"/admin/organisation/teams/{teamId}/edit");
            foreach (var (level, id) in new[] { ("teams", teamId), ("districts", districtId), ("units", unitId) })
                (await admin.PostWithTokenAsync($"/admin/organisation/{level}/{id}/deactivate")).Dispose();
            (await admin.PostWithTokenAsync($"/admin/organisation/teams/{teamId}/reactivate")).Dispose(); // parent inactive
            (await admin.PostWithTokenAsync($"/admin/organisation/units/{unitId}/reactivate")).Dispose();
            (await admin.PostWithTokenAsync("/admin/organisation/teams/99999/deactivate")).Dispose();
        }

        if (AppEndpoints.Exists(app.Services, "POST", "/admin/users/new"))
        {
            await PostForm(admin, "/admin/users/new", f =>
            {
                f.Set("UserName", "nieuwe.chef"); f.Set("DisplayName", "Nieuwe Chef"); f.Set("Email", "nieuwe.chef@politie.example");
                f.Set("NewPassword", "Een-lang-wachtwoord-1"); f.Set("Roles", "Chief", "HrmAdvisor"); f.Set("UnitIds", "1");
                f.Set("DistrictIds", "3"); f.Set("TeamIds", "7", "8");
            });
            await PostForm(admin, "/admin/users/new", f => { f.Set("UserName", "nieuwe.chef"); f.Set("DisplayName", "Dubbel"); f.Set("NewPassword", "Een-lang-wachtwoord-1"); f.Set("Roles", "Chief"); f.Set("UnitIds", "1"); });
            await PostForm(admin, "/admin/users/new", f => { f.Set("UserName", "scope.weg"); f.Set("DisplayName", "Onbekend bereik"); f.Set("NewPassword", "Een-lang-wachtwoord-1"); f.Set("Roles", "Chief"); f.Set("UnitIds", "999"); });
            var userId = await app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = 'nieuwe.chef'");
            await PostForm(admin, $"/admin/users/{userId}/edit", f => { f.Set("DisplayName", "Nieuwe Chef 2"); f.Set("Roles", "Chief"); }, $"/admin/users/{userId}/edit");
            foreach (var change in new[] { "deactivate", "reactivate", "unlock" })
                (await admin.PostWithTokenAsync($"/admin/users/{userId}/{change}")).Dispose();
        }
        if (AppEndpoints.Exists(app.Services, "POST", "/admin/organisation/import"))
            await ExerciseOrganisationImportAsync(app, admin);
        if (AppEndpoints.Exists(app.Services, "POST", "/admin/questionnaires/copy"))
            await ExerciseQuestionnairesAsync(admin);
        if (AppEndpoints.Exists(app.Services, "POST", "/signals/new"))
            await ExerciseNetworkSignalsAsync(app, admin);
        if (AppEndpoints.Exists(app.Services, "POST", "/admin/audit/verify"))
            (await admin.PostWithTokenAsync("/admin/audit/verify")).Dispose();

        await ExerciseCheckupsAndTriageAsync(app, admin, lead);

        (await lead.SignOutAsync()).Dispose();

        // Services that have no page of their own yet.
        var services = app.Services;
        await ActivatorUtilities.CreateInstance<AuditChainVerificationJob>(services).RunAsync();
        await ActivatorUtilities.CreateInstance<ExpiredSessionCleanupJob>(services).RunAsync();
        await services.GetRequiredService<AuditTrail>().LatestAsync(5);
        // Retention with something due of every kind: rounds and cases aged, an archived report of a long-gone quarter.
        await app.ExecuteAsync("UPDATE checkup_rounds SET completed_at = '2000-01-01 00:00:00' WHERE completed_at IS NOT NULL");
        await app.ExecuteAsync("UPDATE checkup_rounds SET pulse_closed_at = NULL WHERE id = (SELECT MIN(id) FROM checkup_rounds WHERE completed_at IS NOT NULL)");
        await app.ExecuteAsync("UPDATE cases SET closed_at = '2000-01-01 00:00:00', status = 'Closed' WHERE closed_at IS NOT NULL");
        await app.ExecuteAsync("INSERT INTO report_archive (report_type, scope_id, quarter, language, title, generated_at, data_as_of, generator_version, sha256, size_bytes, content) " +
                               "VALUES ('Team', 1, '2000Q1', 'nl', 't', '2000-04-01', '2000-04-01', 'v', 'x', 1, X'00')");
        await ActivatorUtilities.CreateInstance<TeamCheckup.Web.Features.Retention.RetentionJob>(services).RunAsync();
        var keys = new DatabaseXmlRepository(app.Connections);
        keys.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "test")), "test");
        keys.GetAllElements();
        var oidc = services.GetRequiredService<OpenIdConnectSignIn>();
        var identity = new ExternalIdentity("sub-123", "sso.user@politie.example", "SSO User", "sso.user@politie.example",
            [Roles.Chief], [new ScopeGrant(ScopeTypes.Unit, 1)]);
        await oidc.SignInAsync(identity);
        await oidc.SignInAsync(identity with { Roles = [Roles.HrmAdvisor] }); // existing account: update path
        await oidc.SignInAsync(identity with { Roles = [] });                  // no role any more: rights withdrawn
        await oidc.SignInAsync(identity with { Subject = "sub-456" });         // user name of another account
        var sessions = services.GetRequiredService<SessionStore>();
        await sessions.EndProviderSessionAsync("sub-123", "sid-1");            // back-channel logout: sid and subject,
        await sessions.EndProviderSessionAsync(null, "sid-1");                 // sid only,
        await sessions.EndProviderSessionAsync("sub-123", null);               // subject only
        await sessions.EndAllForUserAsync(await app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = 'sso.user@politie.example'"));
    }

    /// <summary>The check-up cycle (rounds, pulse, review), incidents, settings, anonymous reports and the triage
    /// engine. Jobs are called directly (no Hangfire server in tests); anonymous reports have no page yet,
    /// so their handlers are called directly too.</summary>
    private static async Task ExerciseCheckupsAndTriageAsync(TestApp app, HttpClient admin, HttpClient lead)
    {
        if (!AppEndpoints.Exists(app.Services, "POST", "/rounds/{id:int}/pulse/open")) return;
        var services = app.Services;
        using var scope = services.CreateScope();
        var rounds = await Checkups.EnsureRoundsAsync(app);
        await scope.ServiceProvider.GetRequiredService<RoundReminderJob>().RunAsync();
        var round = rounds[1];

        await Post(admin, "/admin/settings", new() { ["K"] = "5", ["Kc"] = "10", ["PulseWindowDays"] = "14" });
        await Post(admin, "/admin/settings", new() { ["K"] = "5", ["Kc"] = "6", ["PulseWindowDays"] = "10" });

        var codes = await Checkups.OpenPulseAsync(lead, round, 7);
        await Post(lead, $"/rounds/{round}", new() { ["Count"] = "2" }, $"/rounds/{round}/pulse/codes");
        using (var member = app.CreateBrowser())
        {
            for (var i = 0; i < 6; i++)
                (await Checkups.AnswerPulseAsync(member, codes[i], Checkups.Answers(codes[i], 3 + i % 3, i % 2 == 0 ? "No" : "Witnessed", $"opmerking {i}"))).Dispose();
            (await member.GetAsync($"/p?code={codes[0]}")).Dispose();                        // already used
            (await member.PostWithTokenAsync("/p", Checkups.Answers(codes[0]).ToDictionary(a => a.Key, a => a.Value ?? ""), "/p")).Dispose();
        }
        await Post(lead, $"/rounds/{round}", new(), $"/rounds/{round}/pulse/close");
        await PostForm(lead, $"/rounds/{round}/review", form =>
        {
            for (var i = 0; i < ReviewVocabulary.Dimensions.Count; i++) form.Set($"Dimensions[{i}].Score", "4");
            form.Set("Bottlenecks[0].Category", "Workload"); form.Set("Bottlenecks[0].Severity", "High"); form.Set("Bottlenecks[0].Description", "Te veel diensten");
            form.Set("NewAgreements[0].What", "Extra bezetting"); form.Set("NewAgreements[0].SupportingParty", "HRM");
            form.Set("NewAgreements[0].Owner", "Tom"); form.Set("NewAgreements[0].DueDate", DateTime.Today.AddMonths(2).ToString("yyyy-MM-dd"));
            form.Set("TensionFlag", "true"); form.Set("TensionDescription", "Spanning in de ploeg");
        });
        await PostForm(lead, $"/rounds/{round}/review", form => form.Set("action", "complete"));
        await scope.ServiceProvider.GetRequiredService<PulseClosingJob>().RunAsync();

        var today = app.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Post(lead, "/incidents/new?teamId=2", new() { ["TeamId"] = "2", ["IncidentDate"] = today, ["Category"] = "Aggression", ["Severity"] = "High", ["Description"] = "Geweld bij aanhouding" });
        using (var hrm = await app.SignInAsync(Demo.Hrm))
        {
            await Post(hrm, "/incidents/new", new() { ["TeamId"] = "3", ["IncidentDate"] = today, ["Category"] = "Conflict", ["Severity"] = "Low", ["Description"] = "Onenigheid" });
            await Post(hrm, "/incidents/new", new() { ["TeamId"] = "3", ["IncidentDate"] = today, ["Category"] = "Integrity", ["Severity"] = "High", ["Description"] = "Lek" });
            (await hrm.GetAsync("/units/1")).Dispose();
        }

        (await lead.GetAsync("/teams/1")).Dispose();
        (await lead.GetAsync("/teams/2")).Dispose();
        if (!AppEndpoints.Exists(app.Services, "POST", "/melden")) return;

        // Anonymous reports and the case work that follows (the sweep also turns the incidents above into cases).
        var filed = await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 4, category: "Harassment");
        await Triage.ReportAndTriageAsync(app, unitId: 2, teamId: null, category: "Other");
        await Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 4, category: "Integrity"); // attaches to the open case
        using (var reporter = app.CreateBrowser())
        {
            await Post(reporter, "/melden/opvolgen", new() { ["key"] = filed.Key }, "/melden/opvolgen");
            (await reporter.PostWithTokenAsync("/melden/opvolgen/antwoord", new Dictionary<string, string> { ["Key"] = filed.Key, ["Body"] = "Aanvulling" }, "/melden")).Dispose();
        }
        using var vik = await app.SignInAsync(Demo.Vik);
        var c = $"/cases/{filed.CaseId}";
        (await vik.GetAsync("/queue")).Dispose();
        await Post(vik, c, new() { ["HeldOn"] = "2020-01-06", ["ParticipantIds"] = "5", ["WithoutTeamLeadReason"] = "Teamchef met verlof", ["Analysis"] = "Analyse" }, $"{c}/analysis");
        await Post(vik, c, new() { ["Kind"] = "Action", ["Body"] = "Gesprek", ["InvolvesTeamLead"] = "true" }, $"{c}/entries");
        await Post(vik, c, new() { ["UserId"] = "4", ["Role"] = "Legal" }, $"{c}/members");
        (await vik.PostWithTokenAsync($"{c}/members/remove", new Dictionary<string, string> { ["userId"] = "4", ["role"] = "Legal" })).Dispose();
        (await vik.PostWithTokenAsync($"{c}/messages", new Dictionary<string, string> { ["ReportId"] = filed.ReportId.ToString(), ["Body"] = "Ontvangen", ["IsInternal"] = "false" })).Dispose();
        (await vik.PostWithTokenAsync($"{c}/messages", new Dictionary<string, string> { ["ReportId"] = filed.ReportId.ToString(), ["Body"] = "Intern", ["IsInternal"] = "true" })).Dispose();
        (await vik.PostWithTokenAsync($"{c}/messages", new Dictionary<string, string> { ["ReportId"] = filed.ReportId.ToString(), ["Body"] = "Terugkoppeling", ["IsFeedback"] = "true" })).Dispose();
        // The communications decision, recorded and then revised (insert and update), before the case may act.
        await Post(vik, c, new() { ["Decision"] = "None", ["DecisionRationale"] = "Nog niet nodig" }, $"{c}/communication");
        await Post(vik, c, new() { ["Decision"] = "None", ["DecisionRationale"] = "Niet nodig", ["FollowUp"] = "n.v.t." }, $"{c}/communication");
        foreach (var target in new[] { "Triage", "Action", "Monitoring", "Action" })
            (await vik.PostWithTokenAsync($"{c}/status", new Dictionary<string, string> { ["target"] = target })).Dispose();
        (await vik.PostWithTokenAsync($"{c}/close", new Dictionary<string, string> { ["Outcome"] = "Resolved", ["Rationale"] = "Afgerond", ["IntegrityOutcome"] = "Breach",
            ["IntegrityMeasure"] = "Warning", ["DecidedOn"] = app.Today.ToString("yyyy-MM-dd") })).Dispose();
        (await vik.PostWithTokenAsync($"{c}/integrity-review", new Dictionary<string, string> { ["AskedOn"] = app.Today.ToString("yyyy-MM-dd"), ["Result"] = "Upheld",
            ["ResultOn"] = app.Today.ToString("yyyy-MM-dd") })).Dispose();
        // The annual integrity report of the year the case was decided in, unit and national (its queries).
        (await vik.GetAsync($"/reports/integrity?year={app.Today.Year - 1}")).Dispose();
        foreach (var integrityScope in new[] { "1", "0" })
            (await vik.PostWithTokenAsync("/reports/integrity/generate", new Dictionary<string, string> { ["year"] = (app.Today.Year - 1).ToString(), ["scopeId"] = integrityScope, ["language"] = "nl" },
                "/reports/integrity")).Dispose();
        (await vik.GetAsync(c)).Dispose();
        (await lead.GetAsync("/teams/2")).Dispose();
    }

    /// <summary>Three imports: codes for what exists; a new unit, district, team and lead with a rename; the new ones gone again.</summary>
    private static async Task ExerciseOrganisationImportAsync(TestApp app, HttpClient admin)
    {
        var file = await OrganisationFile.OfDatabaseAsync(app);
        await OrganisationFile.ImportAsync(admin, file.CsvBytes());
        file = await OrganisationFile.OfDatabaseAsync(app);
        file.Where("code", "T12").Single()["name"] = "Verkeer IJsselland";
        file.Unit("EXR", "Eenheid Exercitie").District("EXR-D", "District Exercitie", "EXR").Team("EXR-T", "Team Exercitie", "EXR-D");
        file.Lead("ex.lead", "Ex Lead", "ex.lead@politie.example", "EXR-T");
        await OrganisationFile.ImportAsync(admin, file.CsvBytes());
        file.Rows.RemoveAll(r => r.GetValueOrDefault("code", "").StartsWith("EXR", StringComparison.Ordinal) || r.GetValueOrDefault("user_name") == "ex.lead");
        await OrganisationFile.ImportAsync(admin, file.CsvBytes());
        await OrganisationFile.UploadAsync(admin, [0x50, 0x4B, 0x03, 0x04], "kapot.xlsx");
    }

    /// <summary>A draft version copied, saved, published, withdrawn and deleted; the newest published one previewed.</summary>
    private static async Task ExerciseQuestionnairesAsync(HttpClient admin)
    {
        using var copied = await admin.SubmitFormAsync("/admin/questionnaires", formAction: "/admin/questionnaires/copy");
        var edit = copied.Headers.Location!.OriginalString;
        var id = edit.Split('/')[3];
        await PostForm(admin, edit, form => form.Set("Statements[1].NewItem", "true", "false"));
        await Post(admin, "/admin/questionnaires", new() { ["EffectiveFrom"] = DateTime.Today.AddDays(3).ToString("yyyy-MM-dd") }, $"/admin/questionnaires/{id}/publish");
        (await admin.GetAsync($"/admin/questionnaires/{id}/preview")).Dispose();
        (await admin.PostWithTokenAsync($"/admin/questionnaires/{id}/withdraw")).Dispose();
        (await admin.PostWithTokenAsync($"/admin/questionnaires/{id}/discard")).Dispose();
    }

    /// <summary>Issue 17 item 1: networks and deadlines, a signal filed, acknowledged, answered and followed up, the deadline
    /// check, and both reports that count the signals.</summary>
    private static async Task ExerciseNetworkSignalsAsync(TestApp app, HttpClient admin)
    {
        await Post(admin, "/admin/networks/new", new() { ["Name"] = "Netwerk Test", ["Kind"] = "StaffNetwork" });
        await Post(admin, "/admin/networks/new", new() { ["Name"] = "Netwerk Test", ["Kind"] = "StaffNetwork" }); // duplicate
        var networkId = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Test'");
        await Post(admin, $"/admin/networks/{networkId}/edit", new() { ["Name"] = "Netwerk Test 2" }, $"/admin/networks/{networkId}/edit");
        (await admin.PostWithTokenAsync($"/admin/networks/{networkId}/deactivate")).Dispose();
        (await admin.PostWithTokenAsync($"/admin/networks/{networkId}/reactivate")).Dispose();
        await Post(admin, "/admin/networks", new() { ["AcknowledgeDays"] = "5", ["AnswerDays"] = "20" }, "/admin/networks/deadlines");
        await PostForm(admin, "/admin/users/new", f => { f.Set("UserName", "rep.test"); f.Set("DisplayName", "Rep Test"); f.Set("NewPassword", "Een-lang-wachtwoord-1"); f.Set("Roles", "Network"); f.Set("NetworkIds", networkId.ToString()); });

        using var network = await app.SignInAsync(Demo.Network);
        using var chief = await app.SignInAsync(Demo.Chief);
        using var leadership = await app.SignInAsync(Demo.Leadership);
        var roze = await app.ScalarAsync<int>("SELECT id FROM networks WHERE name = 'Netwerk Roze in Blauw'");
        foreach (var unit in new[] { "1", "0" })
            await Post(network, "/signals/new", new() { ["NetworkId"] = roze.ToString(), ["Kind"] = "Unasked", ["Theme"] = "Conduct", ["UnitId"] = unit,
                ["Title"] = "Omgangsvormen", ["Body"] = "Tekst", ["NamesNoPerson"] = "true" }, "/signals/new");
        var id = await app.ScalarAsync<int>("SELECT MIN(id) FROM network_signals WHERE unit_id = 1");
        foreach (var page in new[] { "/signals", $"/signals/{id}" }) (await network.GetAsync(page)).Dispose();
        foreach (var page in new[] { "/leadership/signals", $"/leadership/signals/{id}" }) (await chief.GetAsync(page)).Dispose();
        (await leadership.GetAsync("/leadership/signals")).Dispose();
        await Post(chief, $"/leadership/signals/{id}", new() { ["Body"] = "Ontvangen" }, $"/leadership/signals/{id}/acknowledge");
        await Post(chief, $"/leadership/signals/{id}", new() { ["Body"] = "Antwoord" }, $"/leadership/signals/{id}/answer");
        await Post(network, $"/signals/{id}", new() { ["Body"] = "Vervolgvraag" }, $"/signals/{id}/follow-up");
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Notifications.NotificationLadderJob>().RunAsync();
        var generator = scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Reports.ReportGenerator>();
        var quarter = TeamCheckup.Web.Features.Reports.Quarter.Of(app.Today);
        await generator.BuildAsync(new(TeamCheckup.Web.Features.Reports.ReportTypes.NetworkSignals, 0, quarter, "nl"));
        await generator.BuildAsync(new(TeamCheckup.Web.Features.Reports.ReportTypes.Chief, 1, quarter, "nl"));
    }

    private static Task Post(HttpClient client, string page, Dictionary<string, string?> values, string? action = null) =>
        PostForm(client, page, form => { foreach (var (k, v) in values) form.Set(k, v); }, action);

    private static async Task PostForm(HttpClient client, string page, Action<HtmlForm> edit, string? action = null)
    {
        using var response = await client.SubmitFormAsync(page, edit, action);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest, HttpStatusCode.OK), $"POST from {page}: " +
            Html.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }
}
