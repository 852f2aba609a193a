using Dapper;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// Daily job: every active team has a round for the period its cadence puts today in. Running it
/// twice, or on two nodes at once, creates nothing twice: the unique key (team_id, period_start)
/// decides, through the dialect's insert-if-missing, not a check made beforehand.
/// </summary>
public sealed class RoundSchedulingJob(DbConnectionFactory connections, RoundReminderJob reminders, Triage.OverdueRoundSignalJob overdue, Clock clock, ILogger<RoundSchedulingJob> logger)
{
    /// <summary>New rounds, then the reminders and overdue check-up signals they call for (all idempotent).</summary>
    public async Task RunAsync()
    {
        var today = clock.Today;
        await CreateDueRoundsAsync(today);
        await reminders.CreateRemindersAsync(today);
        await overdue.RaiseAsync();
    }

    public async Task<int> CreateDueRoundsAsync(DateOnly today)
    {
        await using var connection = await connections.OpenAsync();
        var teams = (await connection.QueryAsync<TeamCadence>(
            "SELECT id AS Id, cadence_months AS CadenceMonths FROM teams WHERE is_active = 1")).ToList();
        var insert = connections.Dialect.InsertIfMissing("checkup_rounds",
            ["team_id", "period_start", "period_end", "cadence_months", "created_at"], ["team_id", "period_start"]);
        var now = clock.UtcNow;
        await using var transaction = await connection.BeginTransactionAsync();
        var rows = teams.Select(team =>
        {
            var period = CheckupPeriod.For(today, team.CadenceMonths);
            return new { team_id = team.Id, period_start = period.Start, period_end = period.End, cadence_months = team.CadenceMonths, created_at = now };
        });
        var created = await connection.ExecuteAsync(insert, rows, transaction);
        await transaction.CommitAsync();
        if (created > 0) logger.LogInformation("Created {Count} check-up rounds for {Date}", created, today);
        return created;
    }

    private sealed class TeamCadence
    {
        public int Id { get; set; }
        public int CadenceMonths { get; set; }
    }
}
