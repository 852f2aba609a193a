using Dapper;
using Hangfire;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Notifications;

/// <summary>
/// Sends the outbox over SMTP (every minute; the digest once a day). A run claims a batch of due rows
/// (a claim token and an expiry, so two runs never take the same row), sends them over one connection and
/// marks each row sent as soon as the server has taken it. A failure leaves the row for a later attempt,
/// 1, 2, 4 … minutes on (at most 6 hours); after <see cref="NotificationOptions.MaxAttempts"/> it is given up
/// and logged. A process killed mid-batch leaves its claimed rows, which are claimable again once the claim expires.
/// </summary>
public sealed class MailDeliveryJob(DbConnectionFactory connections, Clock clock, MailComposer composer, IOptions<NotificationOptions> options, ILogger<MailDeliveryJob> logger)
{
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(5);
    private NotificationOptions Settings => options.Value;

    /// <summary>Sends every due "at once" e-mail; returns how many went out.</summary>
    [AutomaticRetry(Attempts = 0)] // the outbox is the retry: a failed run leaves its rows due again
    public async Task<int> SendDueAsync()
    {
        if (!Settings.MailEnabled) return 0;
        var sent = 0;
        while (true)
        {
            var batch = await ClaimAsync(Deliveries.Immediate, Settings.BatchSize);
            if (batch.Count == 0) return sent;
            var (ok, connectionFailed) = await SendAsync(batch.Select(m => (IReadOnlyList<OutboxMail>)[m]).ToList(), group => composer.Single(group[0]));
            sent += ok;
            if (connectionFailed) return sent;
        }
    }

    /// <summary>One e-mail per user with everything waiting for their digest; returns how many digests went out.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task<int> SendDigestsAsync()
    {
        if (!Settings.MailEnabled) return 0;
        var batch = await ClaimAsync(Deliveries.Digest, int.MaxValue);
        if (batch.Count == 0) return 0;
        var groups = batch.GroupBy(m => m.UserId).Select(g => (IReadOnlyList<OutboxMail>)g.OrderBy(m => m.Id).ToList()).ToList();
        return (await SendAsync(groups, composer.Digest)).Sent;
    }

    private async Task<List<OutboxMail>> ClaimAsync(string delivery, int size)
    {
        var now = clock.UtcNow;
        var token = Guid.NewGuid().ToString("N");
        await using var connection = await connections.OpenAsync();
        const string claimable = "sent_at IS NULL AND failed_at IS NULL AND delivery = @delivery AND due_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)";
        var limit = size == int.MaxValue ? "" : "ORDER BY id " + connections.Dialect.Page(0, size);
        await connection.ExecuteAsync(
            $"UPDATE notification_outbox SET claim_token = @token, claimed_until = @until WHERE {claimable} AND id IN " +
            $"(SELECT id FROM notification_outbox WHERE {claimable} {limit})",
            new { token, until = now + ClaimFor, delivery, now });
        return (await connection.QueryAsync<OutboxMail>(
            "SELECT o.id AS Id, o.user_id AS UserId, o.attempts AS Attempts, u.email AS Email, r.language AS Language, " +
            "n.kind AS Kind, n.arguments AS Arguments, n.link_path AS LinkPath " +
            "FROM notification_outbox o JOIN user_notifications n ON n.id = o.notification_id JOIN users u ON u.id = o.user_id " +
            "LEFT JOIN notification_recipients r ON r.user_id = o.user_id WHERE o.claim_token = @token ORDER BY o.id", new { token })).ToList();
    }

    private async Task<(int Sent, bool ConnectionFailed)> SendAsync(IReadOnlyList<IReadOnlyList<OutboxMail>> groups, Func<IReadOnlyList<OutboxMail>, MimeKit.MimeMessage> compose)
    {
        await using var connection = await connections.OpenAsync();
        // SQLite: a sent mark must survive a killed process, which WAL with synchronous=NORMAL guarantees, without an
        // fsync per e-mail (FULL made each mark wait for the disk). Back to FULL before the pooled connection is reused.
        var sqlite = connections.Provider == DatabaseProvider.Sqlite;
        if (sqlite) await connection.ExecuteAsync("PRAGMA synchronous = NORMAL");
        try
        {
            return await SendOverSmtpAsync(connection, groups, compose);
        }
        finally
        {
            if (sqlite) await connection.ExecuteAsync("PRAGMA synchronous = FULL");
        }
    }

    private async Task<(int Sent, bool ConnectionFailed)> SendOverSmtpAsync(System.Data.Common.DbConnection connection,
        IReadOnlyList<IReadOnlyList<OutboxMail>> groups, Func<IReadOnlyList<OutboxMail>, MimeKit.MimeMessage> compose)
    {
        using var smtp = new SmtpClient { Timeout = 30_000 };
        try
        {
            await ConnectAsync(smtp);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("SMTP server {Host}:{Port} not reachable ({Error}); {Count} e-mail(s) wait for their next attempt",
                Settings.Smtp.Host, Settings.Smtp.Port, exception.GetType().Name, groups.Count);
            foreach (var group in groups) await FailAsync(connection, group, exception);
            return (0, true);
        }
        var sent = 0;
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            try
            {
                await smtp.SendAsync(compose(group));
            }
            catch (Exception exception) when (exception is SmtpCommandException or FormatException or MimeKit.ParseException)
            {
                logger.LogWarning("E-mail {OutboxId} refused ({Error}); it waits for its next attempt", group[0].Id, exception.Message);
                await FailAsync(connection, group, exception);
                continue;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("SMTP connection lost ({Error}); the rest of the batch waits for its next attempt", exception.GetType().Name);
                foreach (var rest in groups.Skip(i)) await FailAsync(connection, rest, exception);
                return (sent, true);
            }
            await connection.ExecuteAsync("UPDATE notification_outbox SET sent_at = @now, attempts = attempts + 1, claim_token = NULL, claimed_until = NULL WHERE id IN @ids",
                new { now = clock.UtcNow, ids = group.Select(m => m.Id).ToArray() });
            sent++;
        }
        await smtp.DisconnectAsync(quit: true);
        return (sent, false);
    }

    private async Task ConnectAsync(SmtpClient smtp)
    {
        var security = Settings.Smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        // Our own socket, without Nagle's delay: an SMTP conversation is many small writes, each waiting for an answer.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(Settings.Smtp.Host, Settings.Smtp.Port);
            await smtp.ConnectAsync(socket, Settings.Smtp.Host, Settings.Smtp.Port, security);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        if (!string.IsNullOrEmpty(Settings.Smtp.UserName))
            await smtp.AuthenticateAsync(Settings.Smtp.UserName, Settings.Smtp.Password);
    }

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: 1, 2, 4 … minutes, at most 6 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));

    private async Task FailAsync(System.Data.Common.DbConnection connection, IReadOnlyList<OutboxMail> group, Exception exception)
    {
        var now = clock.UtcNow;
        foreach (var mail in group)
        {
            var attempts = mail.Attempts + 1;
            var givenUp = attempts >= Settings.MaxAttempts;
            if (givenUp) logger.LogError("E-mail {OutboxId} given up after {Attempts} attempts ({Error})", mail.Id, attempts, exception.GetType().Name);
            var error = (exception.GetType().Name + ": " + exception.Message) is var e && e.Length > 480 ? e[..480] : exception.GetType().Name + ": " + exception.Message;
            await connection.ExecuteAsync(
                "UPDATE notification_outbox SET attempts = @attempts, due_at = @due, failed_at = @failed, last_error = @error, claim_token = NULL, claimed_until = NULL WHERE id = @Id",
                new { attempts, due = now + Backoff(attempts), failed = givenUp ? now : (DateTime?)null, error, mail.Id });
        }
    }
}
