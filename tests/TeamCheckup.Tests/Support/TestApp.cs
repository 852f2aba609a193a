using System.Data.Common;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Support;

public sealed class TestAppOptions
{
    /// <summary>Replaces the app's <see cref="TimeProvider"/> when set.</summary>
    public ManualTimeProvider? Clock { get; init; }

    /// <summary>Extra configuration (key → value), applied before the app reads its configuration.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Runs after the app's own service registrations (ConfigureTestServices).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Run Hangfire's background server (workers and the recurring-job scheduler). Off by default: a
    /// recurring job firing at the top of an hour mid-test (the audit check appends an entry) would make
    /// "nothing changed" assertions flaky. Tests run jobs by calling them.</summary>
    public bool RunBackgroundJobs { get; init; }

    /// <summary>ASP.NET Core environment; Development (with demo data on SQLite) unless set.</summary>
    public string Environment { get; init; } = "Development";

    /// <summary>The folder for the SQLite file and keys; a new temp folder when null. Deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Leave the data directory on dispose, so another app can start on the same database (a restart).</summary>
    public bool KeepData { get; init; }

    /// <summary>Run on a fresh SQL Server database (needs <see cref="TestApp.SqlServerVariable"/>) instead of SQLite.</summary>
    public bool UseSqlServer { get; init; }
}

/// <summary>
/// The app in Development on its own fresh database: a new SQLite file in a temp folder (the
/// default), or a new database on the SQL Server named by TEAMCHECKUP_TEST_SQLSERVER. The app
/// migrates on start; on SQLite it seeds its demo data itself, on SQL Server this class seeds the
/// same demo data so the same accounts exist. Start one per fixture with <see cref="StartAsync"/>.
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string SqlServerVariable = "TEAMCHECKUP_TEST_SQLSERVER";
    public const string Password = DemoData.Password;

    /// <summary>Outside Development the app needs its hosts and public address; tests use these unless they set their own.</summary>
    public const string PublicHost = "teamcheckup.politie.example";
    public const string PublicBaseUrl = "https://" + PublicHost;

    /// <summary>A request header only tests send: the connection's peer address as the app should see it (see <see cref="TestPeer"/>).</summary>
    public const string PeerHeader = "X-Test-Peer";

    private readonly TestAppOptions options;
    private readonly string? sqlServerDatabase;
    private readonly string? sqlServerConnectionString;

    private TestApp(TestAppOptions options)
    {
        this.options = options;
        DataDirectory = options.DataDirectory ?? NewTempFolder();
        Directory.CreateDirectory(DataDirectory);
        if (options.UseSqlServer)
        {
            var server = SqlServerConnectionString
                ?? throw new InvalidOperationException($"{SqlServerVariable} is not set");
            sqlServerConnectionString = SqlServerDatabases.NewConnectionString(server, out var database);
            sqlServerDatabase = database;
        }
    }

    /// <summary>The SQL Server connection string from the environment, or null when SQL Server tests are off.</summary>
    public static string? SqlServerConnectionString =>
        System.Environment.GetEnvironmentVariable(SqlServerVariable) is { Length: > 0 } value ? value : null;

    public string DataDirectory { get; }

    public static string NewTempFolder() => Path.Combine(Path.GetTempPath(), "teamcheckup-tests", Guid.NewGuid().ToString("N"));
    public string SqliteFile => Path.Combine(DataDirectory, "teamcheckup.db");
    public bool IsSqlServer => sqlServerConnectionString is not null;
    public ManualTimeProvider? Clock => options.Clock;
    public TestLog Log { get; } = new();

    public DbConnectionFactory Connections => Services.GetRequiredService<DbConnectionFactory>();

    /// <summary>The app's clock (organisation time zone) and its date today.</summary>
    public TeamCheckup.Web.Infrastructure.Time.Clock AppClock => Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>();
    public DateOnly Today => AppClock.Today;

    public static async Task<TestApp> StartAsync(TestAppOptions? options = null)
    {
        var app = new TestApp(options ?? new TestAppOptions());
        try
        {
            _ = app.Server; // builds and starts the host: migrations and (SQLite) demo data run here
            if (app.IsSqlServer && app.options.Environment == "Development")
                await DemoData.SeedAsync(app.Connections, app.Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>());
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(options.Environment);
        builder.UseSetting("Database:DataDirectory", DataDirectory);
        if (sqlServerConnectionString is not null)
        {
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("Database:ConnectionString", sqlServerConnectionString);
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
        }
        builder.UseSetting("Jobs:WorkerCount", "1");
        builder.UseSetting("DemoData:History", "false"); // tests build their own history where they need one
        builder.UseSetting("Dashboard:OverviewCacheSeconds", "0"); // a test reads what it just wrote (the cache has its own tests)
        builder.UseSetting("Reports:ComparisonCacheSeconds", "0"); // the same for the reports' comparison sums (ComparisonSumsTests)
        if (options.Environment != "Development")
        {
            builder.UseSetting("AllowedHosts", $"localhost;{PublicHost}");
            builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl);
        }
        foreach (var (key, value) in options.Settings) builder.UseSetting(key, value);

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Log);
        });
        builder.ConfigureTestServices(services =>
        {
            if (options.Clock is not null) services.AddSingleton<TimeProvider>(options.Clock);
            services.AddTransient<IStartupFilter, TestPeer>();
            if (!options.RunBackgroundJobs)
                foreach (var hangfireServer in services.Where(d => d.ServiceType == typeof(IHostedService)
                             && d.ImplementationFactory?.Method.ReturnType == typeof(Hangfire.BackgroundJobServerHostedService)).ToList())
                    services.Remove(hangfireServer);
            options.ConfigureServices?.Invoke(services);
        });
    }

    // ---- clients ---------------------------------------------------------------------------------

    /// <summary>A client with a cookie jar that does not follow redirects (so tests see every 302).</summary>
    public HttpClient CreateBrowser() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser (cookie jar unless <paramref name="cookies"/> is false, no redirects) whose requests come from
    /// <paramref name="peer"/>, optionally through a proxy that says the client is <paramref name="forwardedFor"/>.</summary>
    public HttpClient CreateBrowserFrom(string peer, string? forwardedFor = null, bool cookies = true, string? baseAddress = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = cookies, BaseAddress = new Uri(baseAddress ?? "http://localhost"),
        });
        client.DefaultRequestHeaders.Add(PeerHeader, peer);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    /// <summary>Signs in through the real form and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = Password)
    {
        var client = CreateBrowser();
        var response = await client.PostSignInAsync(userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            var body = await response.Content.ReadAsStringAsync();
            client.Dispose();
            throw new InvalidOperationException(
                $"Sign-in of {userName} failed: {(int)response.StatusCode} {response.Headers.Location} {Html.Text(body)[..Math.Min(400, Html.Text(body).Length)]}");
        }
        return client;
    }

    // ---- database --------------------------------------------------------------------------------

    public Task<DbConnection> OpenDbAsync() => Connections.OpenAsync();

    /// <summary>Marks the tests' own SQL, so the statement capture can tell it from the app's.</summary>
    public const string TestSqlMarker = "/* test */ ";

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenDbAsync();
        return (await connection.ExecuteScalarAsync<T>(TestSqlMarker + sql, parameters))!;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await OpenDbAsync();
        return (await connection.QueryAsync<T>(TestSqlMarker + sql, parameters)).ToList();
    }

    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await OpenDbAsync();
        return await connection.ExecuteAsync(TestSqlMarker + sql, parameters);
    }

    /// <summary>The highest audit sequence so far; pass it to <see cref="AuditSinceAsync"/>.</summary>
    public Task<long> AuditMarkAsync() => ScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) FROM audit_entries");

    public Task<List<AuditRow>> AuditSinceAsync(long mark) => QueryAsync<AuditRow>(
        "SELECT sequence AS Sequence, actor AS Actor, action AS Action, subject AS Subject, details AS Details " +
        "FROM audit_entries WHERE sequence > @mark ORDER BY sequence", new { mark });

    /// <summary>Every row of every app table, as text, for "nothing was stored" assertions. <paramref name="ignore"/>
    /// names columns (<c>table.column</c>) or whole tables (<c>table.*</c>) to leave out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(params string[] ignore)
    {
        await using var connection = await OpenDbAsync();
        var dialect = Connections.Dialect;
        var columns = (await connection.QueryAsync<(string Table, string Column)>(TestSqlMarker + dialect.ListColumns))
            .Where(c => !c.Table.Equals("schemaversions", StringComparison.OrdinalIgnoreCase))
            .Where(c => !ignore.Contains($"{c.Table}.{c.Column}", StringComparer.OrdinalIgnoreCase)
                        && !ignore.Contains($"{c.Table}.*", StringComparer.OrdinalIgnoreCase))
            .GroupBy(c => c.Table);
        var snapshot = new Dictionary<string, string>();
        foreach (var table in columns)
        {
            var list = string.Join(", ", table.Select(c => c.Column));
            var rows = await connection.QueryAsync(
                $"{TestSqlMarker}SELECT {list} FROM {table.Key} ORDER BY {string.Join(", ", Enumerable.Range(1, table.Count()))}");
            snapshot[table.Key] = string.Join("\n", rows.Select(r =>
                string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => v?.ToString() ?? "NULL"))));
        }
        return snapshot;
    }

    // ---- clean-up --------------------------------------------------------------------------------

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        // Hangfire keeps process-wide state; without this, the next app's Hangfire throws ObjectDisposedException.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        SqliteConnection.ClearAllPools();
        if (!options.KeepData) try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (sqlServerDatabase is not null) SqlServerDatabases.Drop(SqlServerConnectionString!, sqlServerDatabase);
    }
}

/// <summary>
/// The test server has no network peer; a request with <see cref="TestApp.PeerHeader"/> gets that address as its
/// connection's remote address, before anything of the app runs (so before the forwarded-headers middleware).
/// </summary>
internal sealed class TestPeer : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (context.Request.Headers.Remove(TestApp.PeerHeader, out var peer))
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(peer.ToString());
            await following(context);
        });
        next(app);
    };
}

public sealed class AuditRow
{
    public long Sequence { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Subject { get; set; }
    public string? Details { get; set; }
    public override string ToString() => $"#{Sequence} {Actor} {Action} {Subject} {Details}";
}
