using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Faults;

/// <summary>
/// SPEC §6: "a crash or a wiped job store loses nothing and never doubles a case". The real app runs
/// as its own process (Development, SQLite in a fresh temp folder, demo organisation); 3,000 signals
/// are written straight into its database with no job for any of them; the app's start-up sweep
/// begins on them and the process is killed with SIGKILL part-way. After a restart every signal must
/// end up in exactly one case, with one open case per team and no case without a signal.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Fault")]
public sealed class SignalCrashRecoveryTests
{
    private const int SignalCount = 3000;
    private const string IncidentPayload = """{"category":"Conflict","severity":"Medium"}""";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How often something outside this test may stop the app before the test gives up.</summary>
    private const int OutsideStopsTolerated = 3;

    private string dataDirectory = null!;
    private AppProcess? app;
    private int outsideStops;

    private string DatabaseFile => Path.Combine(dataDirectory, "teamcheckup.db");

    [SetUp]
    public void SetUp()
    {
        dataDirectory = Path.Combine(Path.GetTempPath(), "teamcheckup-crash-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        outsideStops = 0;
    }

    [TearDown]
    public void TearDown()
    {
        if (app is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
                TestContext.Out.WriteLine("Last lines of the app's output:\n" + app.Tail(60));
            app.Dispose();
            app = null;
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dataDirectory, recursive: true); }
        catch (IOException) { /* a temp folder */ }
        catch (UnauthorizedAccessException) { /* a temp folder */ }
    }

    [Test]
    public async Task A_SIGKILL_during_the_sweep_loses_no_signal_and_doubles_no_case()
    {
        var total = Stopwatch.StartNew();

        // 1. First start: the app seeds the demo organisation and advisors; then it stops. The database is migrated
        //    first with the overdue check-up rule out of reach: the demo's overdue rounds would add signals of their own.
        var migrate = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDirectory }, dataDirectory);
        new Migrator(migrate, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).Migrate();
        await using (var connection = await migrate.OpenAsync())
            await connection.ExecuteAsync("UPDATE settings SET value = '100000' WHERE name = 'rule.overdue.days'");
        SqliteConnection.ClearAllPools();
        app = await StartAppAsync("first start");
        await app.StopAsync();
        app.Dispose();
        app = null;
        var firstStart = total.Elapsed;

        // 2. 3,000 incident signals, several per team, written as RegisterIncidentHandler writes them,
        //    but no job is ever enqueued: only the sweep can find them.
        var teams = await InsertSignalsAsync(SignalCount);
        Assert.That(teams, Is.GreaterThanOrEqualTo(10), "the demo organisation has its teams");

        // 3. Second start: its start-up sweep processes the signals one by one; kill it part-way.
        app = await StartAppAsync("second start");
        var (seenBeforeKill, processedAfterKill, waitedForSweep) = await KillWhileSweepingAsync();
        app.Dispose();
        app = null;
        TestContext.Out.WriteLine(
            $"Killed with SIGKILL after seeing {seenBeforeKill} of {SignalCount} processed ({waitedForSweep.TotalMilliseconds:0} ms after the start); " +
            $"{processedAfterKill} were committed when the process died.");
        Assert.That(processedAfterKill, Is.GreaterThan(0).And.LessThan(SignalCount),
            "the kill must land while the sweep is still working, or this test proves nothing");
        Assert.That(await CountAsync("SELECT COUNT(*) FROM signals WHERE processed_at IS NOT NULL AND case_id IS NULL"), Is.Zero,
            "no signal was recorded as processed without its case, even at the moment of the kill");

        // 4. Third start: the start-up sweep picks up the rest.
        app = await StartAppAsync("third start");
        var recovery = Stopwatch.StartNew();
        while (await CountAsync("SELECT COUNT(*) FROM signals WHERE processed_at IS NULL") > 0)
        {
            if (app.HasExited) app = await RestartAfterOutsideStopAsync("recovery");
            if (recovery.Elapsed > RecoveryTimeout)
                Assert.Fail($"{await CountAsync("SELECT COUNT(*) FROM signals WHERE processed_at IS NULL")} signals still unprocessed after {RecoveryTimeout}");
            await Task.Delay(100);
        }
        var recoveredIn = recovery.Elapsed;
        await app.StopAsync();
        app.Dispose();
        app = null;
        TestContext.Out.WriteLine($"Recovered the remaining {SignalCount - processedAfterKill} signals in {recoveredIn.TotalSeconds:0.0} s; " +
                                  $"first start {firstStart.TotalSeconds:0.0} s; whole test {total.Elapsed.TotalSeconds:0.0} s" +
                                  (outsideStops > 0 ? $"; the app was stopped from outside {outsideStops} time(s) and started again." : "."));

        // 5. The invariant of SPEC §6.
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await CountAsync("SELECT COUNT(*) FROM signals"), Is.EqualTo(SignalCount));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM signals WHERE processed_at IS NULL"), Is.Zero, "every signal processed");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM signals WHERE case_id IS NULL"), Is.Zero, "every signal in a case");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM signals s LEFT JOIN cases c ON c.id = s.case_id WHERE c.id IS NULL"), Is.Zero,
                "every signal's case exists");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM signals s JOIN cases c ON c.id = s.case_id WHERE c.team_id <> s.team_id OR c.unit_id <> s.unit_id"),
                Is.Zero, "every signal is in its own team's case");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM (SELECT team_id FROM cases WHERE closed_at IS NULL GROUP BY team_id HAVING COUNT(*) > 1)"),
                Is.Zero, "no team has two open cases");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.case_id = c.id)"), Is.Zero,
                "every case has at least one signal");
            // Nothing closes a case here, so exactly one case per team that had signals: no case was doubled.
            Assert.That(await CountAsync("SELECT COUNT(*) FROM cases"), Is.EqualTo(teams), "one case per team");
            // A case and its expert team commit together: no case of the advisors' unit lacks one of them.
            Assert.That(await CountAsync(
                "SELECT COUNT(*) FROM cases c WHERE c.unit_id = (SELECT MIN(id) FROM units) AND " +
                "(SELECT COUNT(DISTINCT m.role) FROM case_members m WHERE m.case_id = c.id) <> 3"), Is.Zero, "every case has its expert team");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM (SELECT subject FROM audit_entries WHERE action = 'case.opened' GROUP BY subject HAVING COUNT(*) > 1)"),
                Is.Zero, "no case opened twice in the audit trail");
            Assert.That(await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE action = 'case.opened'"), Is.EqualTo(teams));
            Assert.That(await CountAsync("SELECT COUNT(*) FROM audit_entries WHERE action = 'case.signal-attached'"), Is.EqualTo(SignalCount - teams));
            var connections = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, DataDirectory = dataDirectory }, dataDirectory);
            var chain = await new AuditTrail(connections, TeamCheckup.Web.Infrastructure.Time.Clock.Create(TimeProvider.System)).VerifyAsync();
            Assert.That(chain.IsIntact, Is.True, $"the audit chain survived the kill: {chain.Problem}");
        });
    }

    /// <summary>Polls the database while the start-up sweep runs; SIGKILLs the app once a tenth of the
    /// signals are processed (never when all are). Returns what it saw and what was committed.</summary>
    private async Task<(long SeenBeforeKill, long ProcessedAfterKill, TimeSpan Waited)> KillWhileSweepingAsync()
    {
        var watch = Stopwatch.StartNew();
        await using var connection = new SqliteConnection(ReadConnectionString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM signals WHERE processed_at IS NOT NULL";
        long seen;
        while (true)
        {
            seen = (long)(await command.ExecuteScalarAsync())!;
            if (seen >= SignalCount / 10 && seen < SignalCount) break;
            if (seen >= SignalCount) Assert.Fail("the sweep finished between two polls: the kill came too late");
            if (app!.HasExited) app = await RestartAfterOutsideStopAsync("sweep");
            if (watch.Elapsed > StartTimeout) Assert.Fail($"the sweep did not get going: {seen} processed after {StartTimeout}");
            await Task.Delay(2);
        }
        var waited = watch.Elapsed;
        app!.KillHard();
        await connection.CloseAsync();
        var after = await CountAsync("SELECT COUNT(*) FROM signals WHERE processed_at IS NOT NULL");
        return (seen, after, waited);
    }

    /// <summary>
    /// Starts the app. This machine is shared: now and then something outside this test sends a signal to a
    /// process id that it once had and that the app now has (the id range is small and wraps). An app that
    /// a signal stops is started again (counted and reported, at most <see cref="OutsideStopsTolerated"/>
    /// times): a stop more is just another crash the invariant must survive. Any other exit fails the test.
    /// </summary>
    private async Task<AppProcess> StartAppAsync(string stage)
    {
        while (true)
        {
            var (running, exitCode, tail) = await AppProcess.StartAsync(dataDirectory, StartTimeout);
            if (running is not null) return running;
            NoteOutsideStop(stage, exitCode, tail);
        }
    }

    private async Task<AppProcess> RestartAfterOutsideStopAsync(string stage)
    {
        var exitCode = app!.ExitCode;
        var tail = app.Tail(40);
        app.Dispose();
        app = null;
        NoteOutsideStop(stage, exitCode, tail);
        return await StartAppAsync(stage);
    }

    private void NoteOutsideStop(string stage, int exitCode, string tail)
    {
        // 128 + signal: SIGHUP, SIGINT, SIGKILL, SIGTERM. Anything else is the app's own failure.
        if (exitCode is not (129 or 130 or 137 or 143))
            Assert.Fail($"{stage}: the app exited with code {exitCode}:\n{tail}");
        outsideStops++;
        TestContext.Out.WriteLine($"{stage}: the app was stopped from outside (exit code {exitCode}); starting it again.");
        if (outsideStops > OutsideStopsTolerated)
            Assert.Fail($"{stage}: the app was stopped from outside {outsideStops} times:\n{tail}");
    }

    /// <summary>Inserts the signals round-robin over the active demo teams, in one transaction; returns the team count.</summary>
    private async Task<int> InsertSignalsAsync(int count)
    {
        await using var connection = new SqliteConnection(ReadConnectionString());
        await connection.OpenAsync();
        var teams = (await connection.QueryAsync<(long TeamId, long UnitId)>(
            "SELECT t.id, d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.is_active = 1 ORDER BY t.id")).ToList();
        Assert.That(teams, Is.Not.Empty, "the first start seeded the demo organisation");
        await using var transaction = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var (teamId, unitId) = teams[i % teams.Count];
            await connection.ExecuteAsync(
                "INSERT INTO signals (unit_id, team_id, source, payload, created_at) VALUES (@unitId, @teamId, 'Incident', @payload, @now)",
                new { unitId, teamId, payload = IncidentPayload, now }, transaction);
        }
        await transaction.CommitAsync();
        return teams.Count;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection(ReadConnectionString());
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private string ReadConnectionString() =>
        new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false, DefaultTimeout = 30 }.ToString();

    /// <summary>The web app (TeamCheckup.Web.dll beside the test binaries) as a child process on a free loopback port.</summary>
    private sealed class AppProcess : IDisposable
    {
        private readonly Process process;
        private readonly ConcurrentQueue<string> output = new();

        private AppProcess(Process process) => this.process = process;

        public bool HasExited => process.HasExited;

        public int ExitCode => process.ExitCode;

        /// <summary>Starts the app and waits until it answers; an app that exits while starting is returned
        /// as its exit code and the last lines of its output.</summary>
        public static async Task<(AppProcess? Running, int ExitCode, string Tail)> StartAsync(string dataDirectory, TimeSpan timeout)
        {
            var appDirectory = AppContext.BaseDirectory;
            var dll = Path.Combine(appDirectory, "TeamCheckup.Web.dll");
            Assert.That(File.Exists(dll), Is.True, $"the web app is built beside the tests: {dll}");
            var port = FreePort();
            var info = new ProcessStartInfo(DotnetHost())
            {
                WorkingDirectory = appDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) info.ArgumentList.Add(argument);
            info.Environment.Remove("ASPNETCORE_URLS");
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            info.Environment["DOTNET_ENVIRONMENT"] = "Development";
            info.Environment["Database__Provider"] = "Sqlite";
            info.Environment["Database__ConnectionString"] = "";
            info.Environment["Database__DataDirectory"] = dataDirectory;
            info.Environment["DemoData__Enabled"] = "true";
            info.Environment["DemoData__History"] = "false"; // only the signals this test writes
            info.Environment["Jobs__RunAtStartup"] = "true";
            info.Environment["Jobs__WorkerCount"] = "2";
            info.Environment["Logging__Console__FormatterName"] = "simple";

            var app = new AppProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
            app.process.OutputDataReceived += (_, e) => app.Keep(e.Data);
            app.process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
            app.process.Start();
            app.process.BeginOutputReadLine();
            app.process.BeginErrorReadLine();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var watch = Stopwatch.StartNew();
            while (true)
            {
                if (app.process.HasExited)
                {
                    var tail = app.Tail(40);
                    var code = app.process.ExitCode;
                    app.Dispose();
                    return (null, code, tail);
                }
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/health/live");
                    if (response.StatusCode == HttpStatusCode.OK) return (app, 0, "");
                }
                catch (HttpRequestException) { /* not listening yet */ }
                catch (TaskCanceledException) { /* not answering yet */ }
                if (watch.Elapsed > timeout)
                {
                    var tail = app.Tail(40);
                    app.Dispose();
                    Assert.Fail($"the app did not answer /health/live within {timeout}:\n{tail}");
                }
                await Task.Delay(100);
            }
        }

        /// <summary>SIGKILL on Linux: no shutdown code runs, open transactions die with the process.</summary>
        public void KillHard()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        /// <summary>A graceful stop (SIGTERM where there is one), SIGKILL if it takes too long.</summary>
        public async Task StopAsync()
        {
            if (process.HasExited) return;
            if (!OperatingSystem.IsWindows())
            {
                using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                    { UseShellExecute = false });
                term?.WaitForExit(5_000);
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await process.WaitForExitAsync(exited.Token); }
                catch (OperationCanceledException) { /* fall through to the hard kill */ }
            }
            if (!process.HasExited) KillHard();
        }

        public string Tail(int lines) => string.Join('\n', output.TakeLast(lines));

        private void Keep(string? line)
        {
            if (line is null) return;
            output.Enqueue(line);
            while (output.Count > 500) output.TryDequeue(out _);
        }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited) KillHard();
            }
            catch (InvalidOperationException) { /* never started or already gone */ }
            process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>The dotnet host running the tests (or the one on the PATH).</summary>
        private static string DotnetHost()
        {
            var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
            var current = Environment.ProcessPath;
            if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return current;
            return "dotnet";
        }
    }
}
