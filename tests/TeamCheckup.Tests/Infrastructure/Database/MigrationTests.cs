using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Infrastructure.Database;

/// <summary>The plain-SQL migrations in db/sqlite and db/sqlserver, run by the app's own Migrator.</summary>
public class MigrationTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder()
    {
        folder = Path.Combine(Path.GetTempPath(), "teamcheckup-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private DbConnectionFactory SqliteFactory() =>
        new(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = folder }, folder);

    [Test]
    public void All_migrations_apply_to_a_fresh_sqlite_file_and_a_second_run_applies_nothing()
    {
        var connections = SqliteFactory();
        var migrator = new Migrator(connections, NullLogger<Migrator>.Instance);

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.Multiple(() =>
        {
            Assert.That(migrator.AllScripts(), Is.Not.Empty);
            Assert.That(first, Is.EqualTo(migrator.AllScripts()), "the first run applies every script, in order");
            Assert.That(second, Is.Empty, "the second run finds nothing to do");
            Assert.That(migrator.PendingScripts(), Is.Empty);
        });
    }

    [Test]
    public void A_migrated_sqlite_file_has_wal_journaling_and_the_audit_triggers()
    {
        var connections = SqliteFactory();
        new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();

        using var connection = connections.Open();
        Assert.Multiple(() =>
        {
            Assert.That(connection.ExecuteScalar<string>("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(connection.ExecuteScalar<long>("PRAGMA foreign_keys"), Is.EqualTo(1), "connections enforce foreign keys");
            Assert.That(connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"),
                Is.SupersetOf(new[] { "audit_entries_no_delete", "audit_entries_no_update" }));
        });
    }

    [Test]
    public void ListColumns_reports_the_app_tables_without_the_migration_journal()
    {
        var connections = SqliteFactory();
        new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
        using var connection = connections.Open();
        var tables = connection.Query<(string Table, string Column)>(connections.Dialect.ListColumns).Select(c => c.Table).Distinct().ToList();
        Assert.That(tables, Does.Contain("audit_entries").And.Contain("teams"));
        Assert.That(tables, Does.Not.Contain("schemaversions"), "DbUp's journal is not an app table (SQL Server's ListColumns leaves it out too)");
        Assert.That(connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'"), Does.Contain("SchemaVersions"), "but it exists");
    }

    [Test]
    public void Every_script_file_is_embedded_in_the_app_under_its_provider()
    {
        foreach (var (provider, scripts) in new[] { (DatabaseProvider.Sqlite, RepositoryPaths.SqliteScripts), (DatabaseProvider.SqlServer, RepositoryPaths.SqlServerScripts) })
        {
            var migrator = new Migrator(new DbConnectionFactory(
                new DatabaseOptions { Provider = provider, ConnectionString = provider == DatabaseProvider.SqlServer ? "Server=unused" : null, DataDirectory = folder }, folder), NullLogger<Migrator>.Instance);
            var onDisk = Directory.GetFiles(scripts, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .Select(name => migrator.ScriptPrefix + name).ToList();
            Assert.That(migrator.AllScripts(), Is.EqualTo(onDisk), $"embedded {provider} scripts");
        }
    }

    [Test]
    public void Sqlite_and_sql_server_have_the_same_script_numbers_and_names()
    {
        static List<string> Names(string folder) =>
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

        var sqlite = Names(RepositoryPaths.SqliteScripts);
        var sqlServer = Names(RepositoryPaths.SqlServerScripts);
        Assert.Multiple(() =>
        {
            Assert.That(sqlite, Is.Not.Empty);
            Assert.That(sqlServer, Is.EqualTo(sqlite));
            Assert.That(sqlite, Has.All.Matches(@"^\d{4}_[a-z0-9_]+\.sql$"), "NNNN_name.sql, so DbUp's ordinal order is the intended order");
            var numbers = sqlite.Select(n => n[..4]).ToList();
            Assert.That(numbers, Is.Unique, "no two scripts share a number");
        });
    }
}
