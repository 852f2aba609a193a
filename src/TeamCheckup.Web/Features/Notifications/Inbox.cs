using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Notifications;

public sealed class InboxItem
{
    public int Id { get; set; }
    public string Kind { get; set; } = "";
    public string LinkPath { get; set; } = "";
    public string Arguments { get; set; } = "[]";
    public string? TeamName { get; set; }
    public bool IsCritical { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public bool IsUnread => ReadAt is null;
}

public sealed class InboxPage
{
    public required IReadOnlyList<InboxItem> Items { get; init; }
    public int Unread { get; init; }
}

/// <summary>The signed-in user's inbox: the newest 100 items, unread ones first.</summary>
public sealed class InboxQuery(DbConnectionFactory connections, CurrentUser user)
{
    public const int Shown = 100;

    public async Task<InboxPage> RunAsync()
    {
        await using var connection = await connections.OpenAsync();
        var items = (await connection.QueryAsync<InboxItem>(
            "SELECT n.id AS Id, n.kind AS Kind, n.link_path AS LinkPath, n.arguments AS Arguments, t.name AS TeamName, " +
            "n.is_critical AS IsCritical, n.created_at AS CreatedAt, n.read_at AS ReadAt " +
            "FROM user_notifications n LEFT JOIN teams t ON t.id = n.team_id WHERE n.user_id = @id " +
            "ORDER BY CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC " + connections.Dialect.Page(0, Shown),
            new { id = user.Id })).ToList();
        foreach (var item in items.Where(i => i.Arguments == "[]" && i.TeamName is not null))
            item.Arguments = System.Text.Json.JsonSerializer.Serialize(new[] { item.TeamName }); // reminders carried over from before the inbox
        return new InboxPage { Items = items, Unread = await UnreadBadgeQuery.CountAsync(connection, user.Id) };
    }
}

/// <summary>The number in the header: the user's unread notifications (one indexed count per page).</summary>
public sealed class UnreadBadgeQuery(DbConnectionFactory connections, CurrentUser user)
{
    public async Task<int> CountAsync()
    {
        if (!user.IsSignedIn) return 0;
        await using var connection = await connections.OpenAsync();
        return await CountAsync(connection, user.Id);
    }

    public static async Task<int> CountAsync(System.Data.Common.DbConnection connection, int userId) =>
        await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM user_notifications WHERE user_id = @userId AND read_at IS NULL", new { userId });
}

/// <summary>Marks one of the user's own items read (someone else's id changes nothing), or all of them.</summary>
public sealed class MarkReadHandler(DbConnectionFactory connections, CurrentUser user, Clock clock)
{
    public async Task<string?> MarkAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("UPDATE user_notifications SET read_at = @now WHERE id = @id AND user_id = @userId AND read_at IS NULL",
            new { now = clock.UtcNow, id, userId = user.Id });
        return await connection.ExecuteScalarAsync<string?>("SELECT link_path FROM user_notifications WHERE id = @id AND user_id = @userId", new { id, userId = user.Id });
    }

    public async Task<int> MarkAllAsync()
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteAsync("UPDATE user_notifications SET read_at = @now WHERE user_id = @userId AND read_at IS NULL",
            new { now = clock.UtcNow, userId = user.Id });
    }
}
