using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace TeamCheckup.BrowserTests;

/// <summary>
/// Started once for every browser test in this assembly: the app on a real Kestrel port (Development,
/// SQLite in a fresh temporary folder, demo data seeded) and one headless Debian Chromium driven by
/// Playwright. Each test opens its own browser context (own cookies), see <see cref="BrowserTest"/>.
/// </summary>
[SetUpFixture]
public sealed class BrowserSession
{
    /// <summary>Flags Chromium needs to run headless as root in a container without network.</summary>
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private static KestrelApp? app;
    private static IPlaywright? playwright;
    private static IBrowser? browser;
    private static string? dataDirectory;

    public static Uri BaseAddress { get; private set; } = null!;
    public static IBrowser Browser => browser ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary><c>artifacts/screenshots/</c> at the repository root (gitignored).</summary>
    public static string ScreenshotDirectory { get; private set; } = null!;

    /// <summary>Runs the triage sweep now, as the minute job would (anonymous reports queue no job of their own).</summary>
    public static async Task SweepSignalsAsync()
    {
        using var scope = (app ?? throw new InvalidOperationException("The app did not start.")).Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Triage.SignalProcessor>().SweepAsync();
    }

    /// <summary>Runs the round reminders and the escalation ladder now, as their jobs would.</summary>
    public static async Task RunNotificationLadderAsync()
    {
        using var scope = (app ?? throw new InvalidOperationException("The app did not start.")).Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Checkups.RoundSchedulingJob>().RunAsync();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Checkups.RoundReminderJob>().RunAsync();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Notifications.NotificationLadderJob>().RunAsync();
    }

    /// <summary>Makes <paramref name="userName"/> a lead of <paramref name="teamId"/> too (once) and schedules the due rounds, so a
    /// journey can use a team no other journey touches.</summary>
    public static async Task LeadTeamAsync(string userName, int teamId)
    {
        var services = (app ?? throw new InvalidOperationException("The app did not start.")).Services;
        await using (var connection = await services.GetRequiredService<TeamCheckup.Web.Infrastructure.Database.DbConnectionFactory>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT id, 'Team', @teamId FROM users WHERE user_name = @userName " +
                "AND NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = users.id AND s.scope_type = 'Team' AND s.scope_id = @teamId)", new { userName, teamId });
        using var scope = services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<TeamCheckup.Web.Features.Checkups.RoundSchedulingJob>().RunAsync();
    }

    /// <summary>Gives a round a closed pulse with stored results, as closing a pulse of twelve answers would (the pulse itself
    /// is walked through in CheckupJourneyTests), so a journey can show the results to an invited advisor.</summary>
    /// <remarks>The default share that experienced unacceptable behaviour (8 %) is below the 20 % rule, so the round's own
    /// figures raise no VIK signal; a journey about VIK passes a higher share.</remarks>
    public static async Task CloseRoundWithResultsAsync(int roundId, double experiencedShare = 0.08)
    {
        var services = (app ?? throw new InvalidOperationException("The app did not start.")).Services;
        var now = DateTime.UtcNow;
        await using var connection = await services.GetRequiredService<TeamCheckup.Web.Infrastructure.Database.DbConnectionFactory>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection,
            "UPDATE checkup_rounds SET pulse_opened_at = @now, pulse_closes_on = @today, pulse_closed_at = @now, k_threshold = 5, kc_threshold = 10, " +
            "codes_issued = 14, response_count = 12, headcount_at_open = 41 WHERE id = @roundId; " +
            "INSERT INTO round_results (round_id, respondents, ps_index, satisfaction_mean, workload_mean, aftercare_mean, experienced_share, witnessed_share, " +
            "response_rate, computed_at) VALUES (@roundId, 12, 58.3, 6.4, 4.1, 3.2, @experiencedShare, 0.33, 0.29, @now)",
            new { roundId, now, today = DateOnly.FromDateTime(now), experiencedShare });
    }

    /// <summary>Marks every notification of <paramref name="userName"/> unread again (tests share one app).</summary>
    public static async Task MarkNotificationsUnreadAsync(string userName)
    {
        var connections = (app ?? throw new InvalidOperationException("The app did not start.")).Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Database.DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE user_notifications SET read_at = NULL WHERE user_id = (SELECT id FROM users WHERE user_name = @userName)", new { userName });
    }

    /// <summary>Runs SQL on the app's database (a test that needs data the demo set has not, e.g. a completed round).</summary>
    public static async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        var connections = (app ?? throw new InvalidOperationException("The app did not start.")).Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Database.DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        return await Dapper.SqlMapper.ExecuteAsync(connection, sql, parameters);
    }

    /// <summary>Reads one value from the app's database (the id of a row a test wrote).</summary>
    public static async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        var connections = (app ?? throw new InvalidOperationException("The app did not start.")).Services.GetRequiredService<TeamCheckup.Web.Infrastructure.Database.DbConnectionFactory>();
        await using var connection = await connections.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql, parameters) ?? throw new InvalidOperationException($"No value: {sql}");
    }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var chromium = FindChromium();
        ScreenshotDirectory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var old in Directory.EnumerateFiles(ScreenshotDirectory, "*.png", SearchOption.AllDirectories)) File.Delete(old);

        dataDirectory = Path.Combine(Path.GetTempPath(), "teamcheckup-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        // A port chosen before the start: the app prints links from App:PublicBaseUrl, which must name it.
        var port = FreePort();
        app = new KestrelApp(dataDirectory, $"http://127.0.0.1:{port}");
        app.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        app.StartServer();
        BaseAddress = app.ServerAddress();

        // Generous waits: CI runs this beside the other test project on two cores.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        // Launch (not a persistent context): Playwright gives Chromium a fresh temporary user-data dir.
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            ChromiumSandbox = false,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (app is not null) await app.DisposeAsync();
        // Hangfire keeps process-wide state that points at the disposed host.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        if (dataDirectory is not null)
        {
            try { Directory.Delete(dataDirectory, recursive: true); }
            catch (IOException) { /* a file still held open; it is a temp folder */ }
        }
    }

    /// <summary>
    /// Debian's chromium (<c>/usr/bin/chromium</c>) or the file named by <c>TEAMCHECKUP_CHROMIUM</c>.
    /// No bundled browser is downloaded: a missing browser fails every browser test with this message.
    /// </summary>
    private static string FindChromium()
    {
        var overridden = Environment.GetEnvironmentVariable("TEAMCHECKUP_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            if (File.Exists(overridden)) return overridden;
            throw new InvalidOperationException(
                $"TEAMCHECKUP_CHROMIUM is set to '{overridden}', but no such file exists. Point it at a Chromium executable, or unset it and run ./test.sh, which installs Debian's chromium.");
        }

        string[] candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
        var found = candidates.FirstOrDefault(File.Exists) ?? FindOnPath("chromium");
        return found ?? throw new InvalidOperationException(
            "Chromium is not installed, so the browser tests cannot run. Run ./test.sh from the repository root: it installs the Debian packages " +
            "the tests need (chromium, poppler-utils, fonts-dejavu-core) and then runs every test. Or set TEAMCHECKUP_CHROMIUM to a Chromium executable.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "TeamCheckup.sln"))) return folder.FullName;
        throw new InvalidOperationException("TeamCheckup.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    /// <summary>The app as `dotnet run` starts it in Development, with its own SQLite folder.</summary>
    private sealed class KestrelApp(string dataDirectory, string publicBaseUrl) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", "");
            builder.UseSetting("Database:DataDirectory", dataDirectory);
            builder.UseSetting("DemoData:Enabled", "true");
            builder.UseSetting("DemoData:History", "false");
            builder.UseSetting("Dashboard:OverviewCacheSeconds", "0"); // journeys look at what they just did
            builder.UseSetting("Reports:ComparisonCacheSeconds", "0");
            builder.UseSetting("App:PublicBaseUrl", publicBaseUrl);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        }

        public Uri ServerAddress()
        {
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("Kestrel reported no address.");
            return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        }
    }
}
