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
        return connection;
    }

    public DbConnection Open()
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(ConnectionString)
            : new SqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

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
