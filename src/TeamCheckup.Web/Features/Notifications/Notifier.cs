using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>
/// One event for one recipient. <paramref name="EventKey"/> names the event (unique per recipient, e.g.
/// <c>round-overdue:12</c>); <paramref name="Arguments"/> are the text's parts after the team name and must
/// never be confidential (a date, a number of days, a case number: no case, report or pulse content, no
/// names of people). <paramref name="DayOnly"/> stores the day only, for events tied to an anonymous report.
/// </summary>
public sealed record NotificationEvent(
    int UserId, string Kind, string EventKey, int? TeamId, string LinkPath,
    IReadOnlyList<string>? Arguments = null, int? SubjectId = null, bool DayOnly = false)
{
    public bool Critical => NotificationKinds.IsCritical(Kind);
}

/// <summary>
/// The one place that stores a notification: the inbox item and, by the user's preference, the e-mail in the
/// outbox, both in the caller's transaction. A second call for the same recipient and event adds nothing.
/// </summary>
public sealed class Notifier(DbConnectionFactory connections, Clock clock, IOptions<NotificationOptions> options)
{
    private static readonly string[] Columns = ["user_id", "event_key", "kind", "team_id", "subject_id", "link_path", "arguments", "is_critical", "created_at"];

    /// <summary>Stores the event unless it was stored before; true when it is new.</summary>
    public async Task<bool> QueueAsync(DbConnection connection, DbTransaction? transaction, NotificationEvent e)
    {
        if (!e.LinkPath.StartsWith('/')) throw new ArgumentException("A notification links to an app path.", nameof(e));
        var now = e.DayOnly ? clock.DayStamp : clock.UtcNow;
        var inserted = await connection.ExecuteAsync(connections.Dialect.InsertIfMissing("user_notifications", Columns, ["user_id", "event_key"]), new
        {
            user_id = e.UserId, event_key = e.EventKey, kind = e.Kind, team_id = e.TeamId, subject_id = e.SubjectId, link_path = e.LinkPath,
            arguments = JsonSerializer.Serialize(e.Arguments ?? []), is_critical = e.Critical, created_at = now,
        }, transaction);
        if (inserted == 0) return false;
        if (!options.Value.MailEnabled) return true;

        var recipient = await connection.QuerySingleOrDefaultAsync<(string? Email, string? Delivery)>(
            "SELECT u.email, p.delivery FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = @Kind " +
            "WHERE u.id = @UserId AND u.is_active = 1", new { e.Kind, e.UserId }, transaction);
        var delivery = e.Critical ? Deliveries.Immediate : recipient.Delivery ?? NotificationKinds.DefaultDelivery(e.Kind);
        if (string.IsNullOrWhiteSpace(recipient.Email) || delivery == Deliveries.InApp) return true;

        var notificationId = await connection.ExecuteScalarAsync<int>(
            "SELECT id FROM user_notifications WHERE user_id = @UserId AND event_key = @EventKey", new { e.UserId, e.EventKey }, transaction);
        // An event about an anonymous report is mailed the next morning, never minutes after the filing (SPEC §9 P7).
        var due = e.DayOnly ? clock.StartOfDayUtc(clock.Today.AddDays(1)).AddHours(options.Value.DigestHour) : now;
        await connection.ExecuteAsync(
            "INSERT INTO notification_outbox (notification_id, user_id, delivery, created_at, due_at, attempts) VALUES (@notificationId, @UserId, @delivery, @now, @due, 0)",
            new { notificationId, e.UserId, delivery, now, due }, transaction);
        return true;
    }

    /// <summary>The same, on a connection and transaction of its own.</summary>
    public async Task<bool> QueueAsync(NotificationEvent e)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var added = await QueueAsync(connection, transaction, e);
        await transaction.CommitAsync();
        return added;
    }
}
