using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Infrastructure.Database;

/// <summary>The SQL Server scripts, checked without a SQL Server: they parse as T-SQL and declare the same
/// tables and columns as the SQLite scripts produce.</summary>
public class SqlServerScriptTests
{
    private static IEnumerable<TestCaseData> SqlServerScripts() =>
        Directory.GetFiles(RepositoryPaths.SqlServerScripts, "*.sql").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetName($"Parses_as_TSql170({Path.GetFileName(path)})"));

    [TestCaseSource(nameof(SqlServerScripts))]
    public void Script_parses_as_TSql170_batch_by_batch(string name)
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.SqlServerScripts, name));
        var batches = TSql.SplitBatches(script);
        Assert.That(batches, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var (_, errors) = TSql.Parse(batches[i]);
                Assert.That(errors, Is.Empty, $"{name}, batch {i + 1}: {TSql.Describe(errors)}");
            }
        });
    }

    [Test]
    public void The_splitter_separates_GO_batches()
    {
        // Guards the helper: a script with a GO line must become two batches, or the parse test proves little.
        var batches = TSql.SplitBatches("CREATE TABLE a (id INT);\nGO\nCREATE TRIGGER t ON a AFTER INSERT AS BEGIN SELECT 1; END;\n");
        Assert.That(batches, Has.Count.EqualTo(2));
        var (_, joined) = TSql.Parse("CREATE TABLE a (id INT);\nCREATE TRIGGER t ON a AFTER INSERT AS BEGIN SELECT 1; END;");
        Assert.That(joined, Is.Not.Empty, "without GO, CREATE TRIGGER is not the first statement of its batch");
    }

    [Test]
    public void Both_providers_end_with_the_same_tables_and_columns()
    {
        var fromTSql = TSql.DeclaredColumns(Directory.GetFiles(RepositoryPaths.SqlServerScripts, "*.sql").Order(StringComparer.Ordinal)
            .SelectMany(path => TSql.SplitBatches(File.ReadAllText(path)))
            .Select(batch =>
            {
                var (fragment, errors) = TSql.Parse(batch);
                Assert.That(errors, Is.Empty, TSql.Describe(errors));
                return fragment;
            }));

        var fromSqlite = MigratedSqliteColumns();

        Assert.Multiple(() =>
        {
            Assert.That(fromTSql, Is.Not.Empty);
            Assert.That(fromTSql.Except(fromSqlite), Is.Empty, "declared in db/sqlserver but missing on SQLite");
            Assert.That(fromSqlite.Except(fromTSql), Is.Empty, "present on SQLite but not declared in db/sqlserver");
        });
    }

    [Test]
    public void The_schema_reader_sees_added_and_dropped_columns()
    {
        // Guards the AST reader used above with a made-up script.
        var batches = new[]
        {
            "CREATE TABLE x (a INT, b INT); CREATE TABLE gone (z INT);",
            "ALTER TABLE x ADD c NVARCHAR(10) NULL, d INT NULL; ALTER TABLE x DROP COLUMN b; DROP TABLE gone;",
        }.Select(b => TSql.Parse(b).Fragment);
        Assert.That(TSql.DeclaredColumns(batches), Is.EquivalentTo(new[] { ("x", "a"), ("x", "c"), ("x", "d") }));
    }

    /// <summary>(table, column) of a freshly migrated SQLite file, read with the dialect's own ListColumns.</summary>
    public static SortedSet<(string Table, string Column)> MigratedSqliteColumns()
    {
        var folder = Path.Combine(Path.GetTempPath(), "teamcheckup-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var connections = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = folder }, folder);
            new Migrator(connections, NullLogger<Migrator>.Instance).Migrate();
            using var connection = connections.Open();
            return new SortedSet<(string, string)>(connection.Query<(string, string)>(connections.Dialect.ListColumns));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
