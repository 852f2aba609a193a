using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>The app's clock: real time plus an offset the tests move forward (sessions reach their re-check).</summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}

/// <summary>
/// Started once for the single sign-on browser tests: the real OpenID provider (<see cref="OpenIdProvider"/>)
/// and a second instance of the app on its own port and SQLite folder, with single sign-on through that
/// provider switched on. The browser is the one <see cref="BrowserSession"/> started.
/// </summary>
[SetUpFixture]
public sealed class SingleSignOnSession
{
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMinutes(5);

    private static string? folder;
    private static SsoApp? app;

    public static OpenIdProvider Provider { get; private set; } = null!;
    public static OffsetTimeProvider Clock { get; } = new();
    public static Uri BaseAddress { get; private set; } = null!;
    public static IServiceProvider Services => app!.Services;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "teamcheckup-sso-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Provider = await OpenIdProvider.StartAsync(folder, BaseAddress.ToString(), TestAccounts.All);

        app = new SsoApp(Path.Combine(folder, "app"), Provider.Issuer);
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        app.StartServer();
        await TestAccounts.PrepareAppAsync(Services.GetRequiredService<DbConnectionFactory>());
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (app is not null) await app.DisposeAsync();
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        Provider?.Dispose();
        if (folder is not null)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a file still held open; it is a temp folder */ }
        }
    }

    public static async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public static async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).ToList();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The app in Development with single sign-on through the test provider.</summary>
    private sealed class SsoApp(string dataDirectory, Uri issuer) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("DemoData:Enabled", "true");
            builder.UseSetting("DemoData:History", "false");
            builder.UseSetting("Jobs:RunAtStartup", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
            const string sso = "Authentication:OpenIdConnect:";
            builder.UseSetting(sso + "Enabled", "true");
            builder.UseSetting(sso + "Authority", issuer.ToString().TrimEnd('/'));
            builder.UseSetting(sso + "ClientId", OpenIdProvider.ClientId);
            builder.UseSetting(sso + "ClientSecret", OpenIdProvider.ClientSecret);
            builder.UseSetting(sso + "Scopes", "openid profile email teamcheckup");
            builder.UseSetting(sso + "RoleMap:TC-Teamchef", "TeamLead");
            builder.UseSetting(sso + "RoleMap:TC-Chef", "Chief");
            builder.UseSetting(sso + "RecheckInterval", RecheckInterval.ToString());
            builder.UseSetting(sso + "BackchannelTimeout", "00:00:05");
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                // No Hangfire workers: the browser session's app already runs some in this process.
                foreach (var server in services.Where(d => d.ServiceType == typeof(IHostedService)
                             && d.ImplementationFactory?.Method.ReturnType == typeof(Hangfire.BackgroundJobServerHostedService)).ToList())
                    services.Remove(server);
            });
        }
    }
}
