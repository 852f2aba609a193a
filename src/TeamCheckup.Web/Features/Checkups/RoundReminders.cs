using Dapper;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// The rounds' steps of the escalation ladder (daily, and at start-up): a round whose period has begun and
/// whose pulse is not open reminds its team lead(s) ("due"); one not completed
/// <see cref="EscalationOptions.RoundOverdueAfterDays"/> after its period began reminds them again ("overdue");
/// an overdue round of a team without an active lead, or one still overdue
/// <see cref="EscalationOptions.RoundEscalateAfterDays"/> later, is told to the team's district/unit chief(s)
/// and the unit's HRM advisor(s). Every step goes through <see cref="Notifier"/> with a key per round, so a
/// second run adds nothing.
/// </summary>
public sealed class RoundReminderJob(DbConnectionFactory connections, Notifier notifier, Clock clock, IOptions<NotificationOptions> options)
{
    public async Task RunAsync() => await CreateRemindersAsync(clock.Today);

    public DateOnly Today => clock.Today;

    /// <summary>Returns how many notifications were new.</summary>
    public async Task<int> CreateRemindersAsync(DateOnly today)
    {
        var steps = options.Value.Escalation;
        await using var connection = await connections.OpenAsync();
        var rounds = (await connection.QueryAsync<OpenRound>(
            "SELECT r.id AS RoundId, r.team_id AS TeamId, t.name AS TeamName, r.period_start AS PeriodStart, " +
            "CASE WHEN r.pulse_opened_at IS NULL THEN 1 ELSE 0 END AS PulseNotOpened " +
            "FROM checkup_rounds r JOIN teams t ON t.id = r.team_id AND t.is_active = 1 " +
            "WHERE r.completed_at IS NULL AND r.period_start <= @today", new { today })).ToList();
        if (rounds.Count == 0) return 0;
        var leads = (await Recipients.TeamLeadsAsync(connection, null)).ToLookup(l => l.TeamId, l => l.UserId);
        var escalation = (await Recipients.ChiefsAndHrmOfTeamsAsync(connection, null)).ToLookup(l => l.TeamId, l => l.UserId);

        var created = 0;
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var round in rounds)
        {
            var args = new[] { round.TeamName, NotificationText.Date(round.PeriodStart) };
            var link = $"/rounds/{round.RoundId}";
            var overdue = round.PeriodStart.AddDays(steps.RoundOverdueAfterDays) < today;
            var teamLeads = leads[round.TeamId].ToList();
            foreach (var lead in teamLeads)
            {
                if (round.PulseNotOpened)
                    created += await Queue(new NotificationEvent(lead, NotificationKinds.RoundDue, $"round-due:{round.RoundId}", round.TeamId, link, args, round.RoundId));
                if (overdue)
                    created += await Queue(new NotificationEvent(lead, NotificationKinds.RoundOverdue, $"round-overdue:{round.RoundId}", round.TeamId, link, args, round.RoundId));
            }
            var escalate = overdue && (teamLeads.Count == 0 || round.PeriodStart.AddDays(steps.RoundOverdueAfterDays + steps.RoundEscalateAfterDays) < today);
            if (!escalate) continue;
            foreach (var user in escalation[round.TeamId].Distinct())
                created += await Queue(new NotificationEvent(user, NotificationKinds.RoundEscalated, $"round-escalated:{round.RoundId}", round.TeamId, $"/teams/{round.TeamId}", args, round.RoundId));
        }
        await transaction.CommitAsync();
        return created;

        async Task<int> Queue(NotificationEvent e) => await notifier.QueueAsync(connection, transaction, e) ? 1 : 0;
    }

    private sealed class OpenRound
    {
        public int RoundId { get; set; }
        public int TeamId { get; set; }
        public string TeamName { get; set; } = "";
        public DateOnly PeriodStart { get; set; }
        public bool PulseNotOpened { get; set; }
    }
}
