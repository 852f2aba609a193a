using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Hangfire;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Bench;

/// <summary>
/// The triage engine under load, the way the app feeds it: incidents and their signals are written in one
/// transaction (the outbox), and after the commit each signal's processing job is enqueued on the app's own
/// Hangfire server (its configured workers). Measures (1) 10,000 signals written at once until every one
/// belongs to a case, and (2) the latency of a single signal from commit to case while the app is otherwise
/// idle. Afterwards it checks the engine's invariants: every signal in a case, no team with two open cases.
/// </summary>
public static class TriageBenchmark
{
    public static async Task<int> RunAsync(IServiceProvider services, DbConnectionFactory connections, IReadOnlyList<string> args)
    {
        var burst = args.Count > 0 ? int.Parse(args[0]) : 10_000;
        var singles = args.Count > 1 ? int.Parse(args[1]) : 200;
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        List<Team> teams;
        int registeredBy;
        await using (var connection = await connections.OpenAsync())
        {
            teams = (await connection.QueryAsync<Team>(
                "SELECT t.id AS Id, d.unit_id AS UnitId FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.is_active = 1 ORDER BY t.id")).ToList();
            registeredBy = await connection.ExecuteScalarAsync<int>("SELECT MIN(id) FROM users");
        }
        Console.WriteLine($"Triage benchmark: {teams.Count} teams, Hangfire workers as configured (Jobs:WorkerCount), {Environment.ProcessorCount} cores");

        // 1. A burst: 10,000 signals committed at once, spread over the teams (about three per team), half of them High.
        var random = new Random(7);
        var burstIds = await WriteSignalsAsync(connections, Enumerable.Range(0, burst).Select(i => teams[i % teams.Count]).ToList(), registeredBy, random);
        var stopwatch = Stopwatch.StartNew();
        foreach (var id in burstIds) SignalDispatch.Enqueue(jobs, id);
        var enqueued = stopwatch.Elapsed;
        long left;
        do
        {
            await Task.Delay(20);
            await using var connection = await connections.OpenAsync();
            left = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE processed_at IS NULL AND id >= @first", new { first = burstIds[0] });
        } while (left > 0 && stopwatch.Elapsed < TimeSpan.FromMinutes(10));
        var burstTime = stopwatch.Elapsed;
        Console.WriteLine($"FIGURE triage-burst signals={burst} seconds={burstTime.TotalSeconds:0.00} enqueue_seconds={enqueued.TotalSeconds:0.00} per_second={burst / burstTime.TotalSeconds:0}");
        if (left > 0) { Console.Error.WriteLine($"{left} signals still unprocessed after 10 minutes"); return 1; }

        // 2. Single signals on an idle app: commit, enqueue, and watch the row until it has its case.
        await Task.Delay(1000);
        var latencies = new List<double>();
        for (var i = 0; i < singles; i++)
        {
            var team = teams[random.Next(teams.Count)];
            var ids = await WriteSignalsAsync(connections, [team], registeredBy, random);
            var watch = Stopwatch.StartNew();
            SignalDispatch.Enqueue(jobs, ids[0]);
            await using var connection = await connections.OpenAsync();
            while (await connection.ExecuteScalarAsync<long?>("SELECT case_id FROM signals WHERE id = @id", new { id = ids[0] }) is null)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(90)) { Console.Error.WriteLine($"signal {ids[0]} not in a case after 90 s"); return 1; }
                await Task.Delay(1);
            }
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(50);
        }
        latencies.Sort();
        Console.WriteLine($"FIGURE triage-single signals={singles} p50_ms={BenchHost.Percentile(latencies, 50):0.0} p99_ms={BenchHost.Percentile(latencies, 99):0.0} max_ms={latencies[^1]:0.0}");

        // The engine's invariants after all of it.
        await using (var connection = await connections.OpenAsync())
        {
            var orphans = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM signals WHERE id >= @first AND case_id IS NULL", new { first = burstIds[0] });
            var doubled = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM (SELECT team_id FROM cases WHERE closed_at IS NULL AND team_id IS NOT NULL GROUP BY team_id HAVING COUNT(*) > 1) x");
            Console.WriteLine($"CHECK signals-without-case={orphans} teams-with-two-open-cases={doubled}");
            if (orphans > 0 || doubled > 0) return 1;
        }
        return 0;
    }

    /// <summary>Incidents with their signals in one transaction, as RegisterIncidentHandler writes one.</summary>
    private static async Task<List<int>> WriteSignalsAsync(DbConnectionFactory connections, IReadOnlyList<Team> teams, int registeredBy, Random random)
    {
        var now = DateTime.UtcNow;
        var ids = new List<int>(teams.Count);
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var team in teams)
        {
            var category = IncidentCategories.All[random.Next(IncidentCategories.All.Count)];
            var severity = random.NextDouble() < 0.5 ? "High" : "Medium";
            var incidentId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
                $"VALUES (@Id, @today, @category, @severity, 'Benchmark', @registeredBy, @now);{connections.Dialect.SelectNewId}",
                new { team.Id, today = DateOnly.FromDateTime(now), category, severity, registeredBy, now }, transaction);
            ids.Add((int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO signals (unit_id, team_id, source, incident_id, payload, created_at) VALUES (@UnitId, @Id, @source, @incidentId, @payload, @now);" +
                connections.Dialect.SelectNewId,
                new { team.UnitId, team.Id, source = SignalSources.Incident, incidentId, payload = JsonSerializer.Serialize(new IncidentPayload(category, severity), TriageRules.Json), now },
                transaction));
        }
        await transaction.CommitAsync();
        return ids;
    }

    private sealed class Team
    {
        public int Id { get; set; }
        public int UnitId { get; set; }
    }
}
