using Dapper;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

public static class NotificationKinds
{
    public const string RoundDue = "RoundDue";
    public const string RoundOverdue = "RoundOverdue";
}

/// <summary>
/// Daily job: reminds each team lead of rounds that are due (period started, pulse not yet opened) and
/// overdue (not completed 30 days after the period started). Reminders appear on the lead's home page;
/// the unique key (user, kind, round) makes a second run add nothing.
/// </summary>
public sealed class RoundReminderJob(DbConnectionFactory connections, Clock clock)
{
    public async Task RunAsync() => await CreateRemindersAsync(clock.Today);

    public async Task<int> CreateRemindersAsync(DateOnly today)
    {
        await using var connection = await connections.OpenAsync();
        var overdueBefore = today.AddDays(-CheckupPeriod.OverdueAfterDays);
        var leadsOfOpenRounds = (await connection.QueryAsync<Reminder>(
            "SELECT r.id AS RoundId, s.user_id AS UserId, r.period_start AS PeriodStart, " +
            "CASE WHEN r.pulse_opened_at IS NULL THEN 1 ELSE 0 END AS PulseNotOpened " +
            "FROM checkup_rounds r JOIN teams t ON t.id = r.team_id AND t.is_active = 1 " +
            "JOIN user_scopes s ON s.scope_type = 'Team' AND s.scope_id = r.team_id " +
            "JOIN user_roles ur ON ur.user_id = s.user_id AND ur.role = 'TeamLead' " +
            "JOIN users u ON u.id = s.user_id AND u.is_active = 1 " +
            "WHERE r.completed_at IS NULL AND r.period_start <= @today", new { today })).ToList();

        var rows = leadsOfOpenRounds
            .Where(r => r.PulseNotOpened)
            .Select(r => new { user_id = r.UserId, kind = NotificationKinds.RoundDue, round_id = r.RoundId })
            .Concat(leadsOfOpenRounds.Where(r => r.PeriodStart < overdueBefore)
                .Select(r => new { user_id = r.UserId, kind = NotificationKinds.RoundOverdue, round_id = r.RoundId }))
            .Select(r => new { r.user_id, r.kind, r.round_id, created_at = clock.UtcNow });
        var insert = connections.Dialect.InsertIfMissing("notifications", ["user_id", "kind", "round_id", "created_at"], ["user_id", "kind", "round_id"]);
        await using var transaction = await connection.BeginTransactionAsync();
        var created = await connection.ExecuteAsync(insert, rows, transaction);
        await transaction.CommitAsync();
        return created;
    }

    private sealed class Reminder
    {
        public int RoundId { get; set; }
        public int UserId { get; set; }
        public DateOnly PeriodStart { get; set; }
        public bool PulseNotOpened { get; set; }
    }
}
