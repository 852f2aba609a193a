using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>
/// Applies the plain-SQL migrations in <c>db/&lt;provider&gt;/</c> (embedded in the app) with DbUp,
/// journaled in the SchemaVersions table, each script in its own transaction.
/// </summary>
public sealed class Migrator(DbConnectionFactory connections, ILogger<Migrator> logger)
{
    public static readonly Assembly ScriptAssembly = typeof(Migrator).Assembly;

    public string ScriptPrefix => connections.Provider == DatabaseProvider.Sqlite ? "db.sqlite." : "db.sqlserver.";

    /// <summary>Runs every pending script; returns the names of the scripts applied.</summary>
    public IReadOnlyList<string> Migrate()
    {
        if (connections.Provider == DatabaseProvider.Sqlite)
        {
            // WAL is a property of the file: set once, it stays. Readers no longer block the writer.
            using var connection = new SqliteConnection(connections.ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
        else
        {
            EnsureDatabase.For.SqlDatabase(connections.ConnectionString);
        }

        var result = BuildEngine().PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);

        var applied = result.Scripts.Select(s => s.Name).ToList();
        foreach (var name in applied) logger.LogInformation("Applied migration {Script}", name);
        return applied;
    }

    /// <summary>Scripts that exist but have not been applied (for the readiness check).</summary>
    public IReadOnlyList<string> PendingScripts() =>
        BuildEngine().GetScriptsToExecute().Select(s => s.Name).ToList();

    public IReadOnlyList<string> AllScripts() =>
        ScriptAssembly.GetManifestResourceNames().Where(n => n.StartsWith(ScriptPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    private UpgradeEngine BuildEngine()
    {
        var prefix = ScriptPrefix;
        var builder = connections.Provider == DatabaseProvider.Sqlite
            ? DeployChanges.To.SqliteDatabase(connections.ConnectionString)
            : DeployChanges.To.SqlDatabase(connections.ConnectionString);
        return builder
            .WithScriptsEmbeddedInAssembly(ScriptAssembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }
}
