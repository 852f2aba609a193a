using System.Diagnostics;
using Dapper;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Bench;

/// <summary>
/// E-mail delivery: 10,000 notifications queued through the app's <see cref="Notifier"/> (one transaction, 500
/// recipients with an address, "at once" delivery), then the app's own <see cref="MailDeliveryJob"/> delivers them to
/// an SMTP server in this process (the SmtpServer package on a loopback port). Time and throughput of the delivery
/// run, the process's peak working set, and a check that every mail arrived once and a second run sends nothing.
/// </summary>
public static class NotificationBenchmark
{
    public static async Task<int> RunAsync(string dataDirectory, IReadOnlyList<string> options)
    {
        var mails = options.Count > 0 ? int.Parse(options[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        Directory.CreateDirectory(dataDirectory);
        await using var catcher = MailCatcher.Start(keepMessages: false);
        var settings = MailCatcher.SettingsFor(catcher.Port);
        settings["App:PublicBaseUrl"] = "https://127.0.0.1";
        settings["AllowedHosts"] = "127.0.0.1";
        await using var app = BenchHost.Build(dataDirectory, startServer: false, settings);
        var connections = app.Services.GetRequiredService<DbConnectionFactory>();
        var notifier = app.Services.GetRequiredService<Notifier>();
        var clock = app.Services.GetRequiredService<Clock>();

        var users = await SeedAsync(connections, clock, 500);
        var queued = Stopwatch.StartNew();
        await using (var connection = await connections.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < mails; i++)
                await notifier.QueueAsync(connection, transaction, new NotificationEvent(users[i % users.Count], NotificationKinds.RoundOverdue,
                    $"bench:{i}", 1, "/rounds/1", ["Basisteam Benchmark", "2026-10-01"]));
            await transaction.CommitAsync();
        }
        Console.WriteLine($"FIGURE notifications-queue seconds={queued.Elapsed.TotalSeconds:0.00} notifications={mails}");

        using var scope = app.Services.CreateScope();
        var job = scope.ServiceProvider.GetRequiredService<MailDeliveryJob>();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var sent = await job.SendDueAsync();
        var elapsed = stopwatch.Elapsed;
        for (var wait = 0; catcher.Count < sent && wait < 100; wait++) await Task.Delay(50);
        var again = await job.SendDueAsync();
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        Console.WriteLine($"FIGURE notifications-delivery seconds={elapsed.TotalSeconds:0.00} sent={sent} received={catcher.Count} " +
                          $"per_second={sent / elapsed.TotalSeconds:0} second_run={again} allocated_mb={allocatedMb:0} peak_memory={BenchHost.PeakMemory().Replace(" ", "")}");
        var ok = sent == mails && catcher.Count == mails && again == 0 && elapsed < TimeSpan.FromSeconds(60);
        Console.WriteLine(ok ? "notifications: OK (every mail once, under 60 s)" : "notifications: FAILED");
        return ok ? 0 : 1;
    }

    private static async Task<List<int>> SeedAsync(DbConnectionFactory connections, Clock clock, int count)
    {
        await using var connection = await connections.OpenAsync();
        var now = clock.UtcNow;
        await connection.ExecuteAsync("INSERT INTO units (id, code, name, is_active, created_at) VALUES (1, 'B', 'Eenheid Benchmark', 1, @now)", new { now });
        await connection.ExecuteAsync("INSERT INTO districts (id, unit_id, name, is_active, created_at) VALUES (1, 1, 'District Benchmark', 1, @now)", new { now });
        await connection.ExecuteAsync("INSERT INTO teams (id, district_id, name, team_type, headcount, is_active, created_at) VALUES (1, 1, 'Basisteam Benchmark', 'Basisteam', 40, 1, @now)", new { now });
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            "INSERT INTO users (user_name, display_name, email, is_active, failed_sign_in_count, created_at) VALUES (@name, @name, @email, 1, 0, @now)",
            Enumerable.Range(1, count).Select(i => new { name = $"bench{i}", email = $"bench{i}@bench.teamcheckup.local", now }), transaction);
        await transaction.CommitAsync();
        return (await connection.QueryAsync<int>("SELECT id FROM users ORDER BY id")).ToList();
    }
}
