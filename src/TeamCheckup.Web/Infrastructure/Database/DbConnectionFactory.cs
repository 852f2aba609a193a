using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>The one place connections come from. Callers use Dapper on what it returns.</summary>
public sealed class DbConnectionFactory
{
    static DbConnectionFactory()
    {
        Dapper.SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
    }

    public DbConnectionFactory(IOptions<DatabaseOptions> options, IHostEnvironment environment)
        : this(options.Value, environment.ContentRootPath)
    {
    }

    public DbConnectionFactory(DatabaseOptions options, string contentRoot)
    {
        Provider = options.Provider;
        Dialect = SqlDialect.For(options.Provider);
        ConnectionString = BuildConnectionString(options, contentRoot);
    }

    public DatabaseProvider Provider { get; }
    public SqlDialect Dialect { get; }
    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new SqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite) WaitForWriteLockInSqlite(connection);
        return connection;
    }

    public DbConnection Open()
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new SqlConnection(ConnectionString);
        connection.Open();
        if (Provider == DatabaseProvider.Sqlite) WaitForWriteLockInSqlite(connection);
        return connection;
    }

    private static readonly SemaphoreSlim SqliteWriter = new(1, 1);

    /// <summary>On SQLite, waits for this process's turn to write (first come, first served) and holds it until disposed;
    /// on SQL Server, which has row locks, nothing. For write paths that many people hit at once (pulse answers): queued
    /// in order, writers no longer race for SQLite's single write lock, and nobody waits in its back-off.</summary>
    public async Task<IDisposable> WriterTurnAsync(CancellationToken cancellationToken = default)
    {
        if (Provider != DatabaseProvider.Sqlite) return NoTurn.Instance;
        // After 30 s without a turn, go ahead anyway: SQLite's own lock still keeps the write safe.
        return await SqliteWriter.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken) ? new Turn() : NoTurn.Instance;
    }

    private sealed class Turn : IDisposable
    {
        private int released;
        public void Dispose() { if (Interlocked.Exchange(ref released, 1) == 0) SqliteWriter.Release(); }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();
        public void Dispose() { }
    }

    /// <summary>SQLite has one writer at a time. Left to Microsoft.Data.Sqlite, a writer that finds the lock taken sleeps
    /// 150 ms before it tries again, which gave concurrent pulse submits a p99 near a second (docs/PERFORMANCE.md);
    /// SQLite's own busy handler waits in steps of 1 to 100 ms instead. Same 30 s limit as the command timeout.</summary>
    private static void WaitForWriteLockInSqlite(DbConnection connection) =>
        // The C call rather than a PRAGMA statement: nothing to parse on every open of a pooled connection.
        SQLitePCL.raw.sqlite3_busy_timeout(((SqliteConnection)connection).Handle, 30_000);

    private static string BuildConnectionString(DatabaseOptions options, string contentRoot)
    {
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but Database:ConnectionString is empty.");
            return options.ConnectionString;
        }

        var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(options.ResolveDataDirectory(contentRoot), "teamcheckup.db"),
            }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        builder.ForeignKeys = true;
        builder.Pooling = true;
        builder.DefaultTimeout = 30; // seconds; also how long a writer waits for the write lock
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        return builder.ToString();
    }
}
