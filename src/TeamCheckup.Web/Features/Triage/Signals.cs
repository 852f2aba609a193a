using System.Data.Common;
using System.Text.Json;
using Dapper;
using Hangfire;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>A signal to write: its source, where it comes from (a team, or a unit for a report without a team),
/// the row that caused it, and its payload (one of the payload types below, or its JSON text).</summary>
public sealed record NewSignal(string Source, int? TeamId, object Payload, int? UnitId = null, int? RoundId = null, int? IncidentId = null, int? ReportId = null);

/// <summary>A signal written in a transaction not yet committed: hand it to <see cref="SignalWriter.QueueAfterCommit"/>.</summary>
public sealed record WrittenSignal(int Id, string Source)
{
    public bool IsAnonymous => Source == SignalSources.AnonymousReport;
}

/// <summary>Payload of an incident or report signal.</summary>
public sealed record IncidentPayload(string Category, string Severity);

/// <summary>Payload of a tension flag saved on a round's review (the description stays on the round).</summary>
public sealed record TensionPayload(int RoundId);

/// <summary>Payload of a round not completed <see cref="DaysAfterStart"/> days after its period started.</summary>
public sealed record OverduePayload(int RoundId, DateOnly PeriodStart, int DaysAfterStart);

/// <summary>
/// The one place a signal is written (SPEC §6): in the caller's transaction, so a signal exists exactly when its
/// cause does. A round's signal exists once per round and source (unique index ux_signals_round_source): writing it
/// again returns null and changes nothing, which makes every producer safe to run twice. An anonymous report's
/// signal carries the day only (SPEC §9 P7) and gets no job: a job's creation time would record the moment of
/// filing; the triage sweep, which runs every minute whatever happened, processes it.
/// </summary>
public sealed class SignalWriter(DbConnectionFactory connections, Clock clock, IBackgroundJobClient jobs)
{
    public static readonly JsonSerializerOptions Json = TriageRules.Json;

    public SqlDialect Dialect => connections.Dialect;

    /// <summary>Writes the signal; null when the round already has a signal of this source.</summary>
    public async Task<WrittenSignal?> WriteAsync(DbConnection connection, DbTransaction transaction, NewSignal signal)
    {
        var dialect = connections.Dialect;
        var createdAt = signal.Source == SignalSources.AnonymousReport ? clock.DayStamp : clock.UtcNow;
        var payload = signal.Payload as string ?? JsonSerializer.Serialize(signal.Payload, signal.Payload.GetType(), Json);
        var unit = signal.UnitId is null
            ? "(SELECT d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @TeamId)"
            : "@UnitId";
        var once = signal.RoundId is null ? "" : " WHERE NOT EXISTS (SELECT 1 FROM signals x WHERE x.round_id = @RoundId AND x.source = @Source)";
        var id = await connection.ExecuteScalarAsync<long?>(
            "INSERT INTO signals (unit_id, team_id, source, round_id, incident_id, report_id, payload, created_at) " +
            $"SELECT {unit}, @TeamId, @Source, @RoundId, @IncidentId, @ReportId, @payload, @createdAt{once};{dialect.SelectNewIdIfInserted}",
            new { signal.UnitId, signal.TeamId, signal.Source, signal.RoundId, signal.IncidentId, signal.ReportId, payload, createdAt }, transaction);
        return id is { } value ? new WrittenSignal((int)value, signal.Source) : null;
    }

    /// <summary>After the commit (a job must never see a signal that might still roll back): one processing job per
    /// signal. If an enqueue is lost, the sweep finds the signal.</summary>
    public void QueueAfterCommit(params IEnumerable<WrittenSignal?> written)
    {
        foreach (var signal in written)
            if (signal is { IsAnonymous: false }) SignalDispatch.Enqueue(jobs, signal.Id);
    }
}
