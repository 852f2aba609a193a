using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Infrastructure.Database;

/// <summary>
/// The app on a real SQL Server. Set TEAMCHECKUP_TEST_SQLSERVER to a connection string for a login that may
/// create databases (e.g. <c>Server=localhost,1433;User ID=sa;Password=...;TrustServerCertificate=True</c>);
/// every fixture works on a fresh database with a random name and drops it afterwards. Without the
/// variable these tests are reported as skipped.
/// </summary>
[Category("SqlServer")]
public class SqlServerIntegrationTests
{
    private string? server;
    private readonly List<string> databases = [];

    [OneTimeSetUp]
    public void RequireSqlServer()
    {
        if (TestApp.SqlServerConnectionString is not { } connectionString)
        {
            Assert.Ignore("TEAMCHECKUP_TEST_SQLSERVER is not set: SQL Server integration tests skipped");
            return;
        }
        server = connectionString;
    }

    [OneTimeTearDown]
    public void DropDatabases()
    {
        if (server is null) return;
        foreach (var database in databases) SqlServerDatabases.Drop(server, database);
    }

    private DbConnectionFactory FreshDatabase()
    {
        var connectionString = SqlServerDatabases.NewConnectionString(server!, out var database);
        databases.Add(database);
        return new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString }, Path.GetTempPath());
    }

    [Test]
    public void All_migrations_apply_to_a_fresh_database_and_a_second_run_applies_nothing()
    {
        var migrator = new Migrator(FreshDatabase(), NullLogger<Migrator>.Instance);
        var first = migrator.Migrate();
        var second = migrator.Migrate();
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(migrator.AllScripts()));
            Assert.That(second, Is.Empty);
            Assert.That(migrator.PendingScripts(), Is.Empty);
        });
    }

    [Test]
    public void The_tables_and_columns_match_SQLite()
    {
        var connections = FreshDatabase();
        new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
        using var connection = connections.Open();
        var sqlServer = new SortedSet<(string, string)>(connection.Query<(string, string)>(connections.Dialect.ListColumns));
        var sqlite = SqlServerScriptTests.MigratedSqliteColumns();
        Assert.Multiple(() =>
        {
            Assert.That(sqlServer.Except(sqlite), Is.Empty, "on SQL Server only");
            Assert.That(sqlite.Except(sqlServer), Is.Empty, "on SQLite only");
        });
    }

    [Test]
    public void The_audit_table_refuses_updates_and_deletes()
    {
        var connections = FreshDatabase();
        new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
        using var connection = connections.Open();
        connection.Execute("INSERT INTO audit_entries (sequence, occurred_at, actor, action, previous_hash, hash) VALUES (1, SYSUTCDATETIME(), 'x', 'y', REPLICATE('0', 64), REPLICATE('1', 64))");
        Assert.That(() => connection.Execute("UPDATE audit_entries SET actor = 'z'"), Throws.Exception.Message.Contains("append-only"));
        Assert.That(() => connection.Execute("DELETE FROM audit_entries"), Throws.Exception.Message.Contains("append-only"));
        Assert.That(connection.ExecuteScalar<string>("SELECT actor FROM audit_entries"), Is.EqualTo("x"));
    }

    [Test]
    public async Task The_app_runs_a_sign_in_round_trip_and_keeps_an_intact_audit_chain()
    {
        using var app = await TestApp.StartAsync(new TestAppOptions { UseSqlServer = true });
        Assert.That(app.IsSqlServer, Is.True);

        using (var anonymous = app.CreateBrowser())
            Assert.That((await anonymous.PostSignInAsync(Demo.TeamLead, "wrong-password")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var lead = await app.SignInAsync(Demo.TeamLead);
        Assert.That(Html.Text(await lead.GetHtmlAsync("/")), Does.Contain("Basisteam Utrecht-Centrum"));
        Assert.That((await lead.GetAsync("/teams/7")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var admin = await app.SignInAsync(Demo.Administrator))
        {
            Assert.That((await admin.GetAsync("/admin/organisation")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await admin.GetAsync("/admin/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await admin.GetAsync("/admin/audit")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            using var saved = await admin.SubmitFormAsync("/admin/organisation/units/new", new Dictionary<string, string?> { ["Code"] = "SQL", ["Name"] = "Eenheid SQL Server" });
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        }
        using var signOut = await lead.SignOutAsync();
        Assert.That((await lead.GetAsync("/")).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        using (var health = app.CreateBrowser())
            Assert.That((await health.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var verification = await app.Services.GetRequiredService<AuditTrail>().VerifyAsync();
        Assert.That(verification.IsIntact, Is.True, verification.Problem);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"), Is.GreaterThan(0), "the key ring lives in the database");
    }
}
