using System.Net;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.BrowserTests.KeptWork;

/// <summary>
/// An app of its own for the tests of this folder, with a short idle timeout (40 s, warned 20 s before), so a test sees
/// the session warning and the end of a session within a minute; and with its own data, so drafts kept here touch no
/// other test's rounds.
/// </summary>
[SetUpFixture]
public sealed class KeptWorkSession
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(40);
    public static readonly TimeSpan WarningBefore = TimeSpan.FromSeconds(20);

    private static ShortSessionApp? app;
    private static string? folder;

    public static Uri BaseAddress { get; private set; } = null!;
    public static IServiceProvider Services => app!.Services;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "teamcheckup-kept-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        app = new ShortSessionApp(folder, $"http://127.0.0.1:{port}");
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        app.StartServer();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var scope = Services.CreateScope();
        var today = scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>().Today;
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Checkups.RoundSchedulingJob>().CreateDueRoundsAsync(today);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (app is not null) await app.DisposeAsync();
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        if (folder is not null)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a temp folder */ }
        }
    }

    /// <summary>The current round of a team.</summary>
    public static async Task<int> RoundOfAsync(int teamId)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var today = Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Time.Clock>().Today;
        return await connection.ExecuteScalarAsync<int>(
            "SELECT id FROM checkup_rounds WHERE team_id = @teamId AND period_start <= @today AND period_end >= @today", new { teamId, today });
    }

    public static async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    private sealed class ShortSessionApp(string dataDirectory, string publicBaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("DemoData:Enabled", "true");
            builder.UseSetting("DemoData:History", "false");
            builder.UseSetting("App:PublicBaseUrl", publicBaseUrl);
            builder.UseSetting("Authentication:Session:IdleTimeout", IdleTimeout.ToString());
            builder.UseSetting("Authentication:Session:WarningBefore", WarningBefore.ToString());
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        }
    }
}
