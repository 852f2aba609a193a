using TeamCheckup.Web.Infrastructure;

namespace TeamCheckup.Bench;

/// <summary>The app's own host (same services, job registrations and settings as production), on a generated database.</summary>
public static class BenchHost
{
    public static WebApplication Build(string dataDirectory, bool startServer, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Benchmark",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = dataDirectory,
            ["Database:MigrateOnStartup"] = "true",
            ["Jobs:RunAtStartup"] = "false",
            ["Logging:LogLevel:Default"] = "Error",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddTeamCheckup();
        var app = builder.Build();
        app.PrepareDatabaseAsync().GetAwaiter().GetResult();
        if (startServer) app.UseTeamCheckup();
        return app;
    }

    public static string Percentiles(IReadOnlyList<double> sortedMilliseconds) =>
        $"p50 {Percentile(sortedMilliseconds, 50):0.0} ms, p99 {Percentile(sortedMilliseconds, 99):0.0} ms, max {sortedMilliseconds[^1]:0.0} ms";

    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static string PeakMemory()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        return $"{process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB";
    }
}
