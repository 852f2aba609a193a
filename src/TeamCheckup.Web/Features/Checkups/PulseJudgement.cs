using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>The signals a round itself raises (SPEC §6), each at most once per round (ux_signals_round_source):
/// its pulse results when the pulse closes, and its tension flag when the review is saved with the flag on.</summary>
public static class PulseJudgement
{
    /// <summary>The round's figures (and the previous round's, for the drop rule) as a pulse signal; null when the
    /// round already has one. The rules themselves apply n ≥ k (through <see cref="Privacy.Thresholds"/>).</summary>
    public static async Task<WrittenSignal?> JudgeAsync(DbConnection connection, DbTransaction transaction, SignalWriter signals, SqlDialect dialect, int roundId)
    {
        var round = await connection.QuerySingleOrDefaultAsync<(int TeamId, bool Opened)>(
            "SELECT team_id, CASE WHEN pulse_opened_at IS NULL THEN 0 ELSE 1 END FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction);
        // A round whose pulse never opened has no figures to judge.
        if (!round.Opened) return null;
        var payload = await RoundSignal.PayloadAsync(connection, transaction, dialect, roundId, round.TeamId);
        return await signals.WriteAsync(connection, transaction,
            new NewSignal(SignalSources.PulseClosed, round.TeamId, payload, RoundId: roundId));
    }

    /// <summary>A tension signal when the round's flag is on and the round has none yet; null otherwise.</summary>
    public static async Task<WrittenSignal?> RaiseTensionAsync(DbConnection connection, DbTransaction transaction, SignalWriter signals, int roundId, int teamId)
    {
        var flagged = await connection.ExecuteScalarAsync<bool>("SELECT tension_flag FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction);
        return flagged
            ? await signals.WriteAsync(connection, transaction, new NewSignal(SignalSources.Tension, teamId, new TensionPayload(roundId), RoundId: roundId))
            : null;
    }
}
