using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Audit;

/// <summary>Actions written to the audit trail. Stable strings: reports and queries depend on them.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string AccountLocked = "auth.account-locked";
    public const string SignOut = "auth.sign-out";
    public const string PermissionDenied = "auth.permission-denied";
    public const string AdminChange = "admin.change";
    public const string AuditVerified = "audit.verified";
}

public sealed record AuditEntry(
    long Sequence, DateTime OccurredAt, string Actor, string Action, string? Subject, string? Details,
    string PreviousHash, string Hash);

public sealed record AuditVerification(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// Append-only, hash-chained audit trail (SPEC §9 P5). Every entry stores the hash of the entry
/// before it; the hash covers the sequence number and every field, so a changed entry breaks its own
/// hash and a deleted one leaves a gap in the sequence or a broken link.
/// </summary>
public sealed class AuditTrail(DbConnectionFactory connections, Clock clock)
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends in its own transaction.</summary>
    public async Task AppendAsync(string actor, string action, string? subject = null, string? details = null)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await AppendAsync(connection, transaction, actor, action, subject, details);
        await transaction.CommitAsync();
    }

    /// <summary>Appends inside the caller's transaction, so the entry commits with its cause. An entry caused by an
    /// anonymous report is stamped <paramref name="dayOnly"/>: the organisation's date, no time (SPEC §9 P7).</summary>
    public async Task AppendAsync(DbConnection connection, DbTransaction transaction,
        string actor, string action, string? subject = null, string? details = null, bool dayOnly = false)
    {
        var dialect = connections.Dialect;
        var last = await connection.QuerySingleOrDefaultAsync<LastEntry>(
            $"SELECT sequence AS Sequence, hash AS Hash FROM audit_entries {dialect.LockForUpdate} " +
            $"WHERE sequence = (SELECT MAX(sequence) FROM audit_entries)", transaction: transaction);
        var sequence = (last?.Sequence ?? 0) + 1;
        var previousHash = last?.Hash ?? GenesisHash;
        // Stored to the second so the text both databases round-trip is the text that was hashed.
        var now = dayOnly ? clock.DayStamp : TruncateToSeconds(clock.UtcNow);
        var hash = ComputeHash(sequence, now, actor, action, subject, details, previousHash);
        await connection.ExecuteAsync(
            "INSERT INTO audit_entries (sequence, occurred_at, actor, action, subject, details, previous_hash, hash) " +
            "VALUES (@sequence, @now, @actor, @action, @subject, @details, @previousHash, @hash)",
            new { sequence, now, actor, action, subject, details, previousHash, hash }, transaction);
    }

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int take)
    {
        await using var connection = await connections.OpenAsync();
        var rows = await connection.QueryAsync<AuditRow>(
            "SELECT sequence AS Sequence, occurred_at AS OccurredAt, actor AS Actor, action AS Action, subject AS Subject, " +
            "details AS Details, previous_hash AS PreviousHash, hash AS Hash FROM audit_entries " +
            $"ORDER BY sequence DESC {connections.Dialect.Page(0, take)}");
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>The entries matching an actor and an action (case-insensitive "contains" patterns, see
    /// <c>Listing.Contains</c>) and a time window [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>), newest
    /// first by sequence (unique, so pages are stable); one page of them and how many there are.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> SearchAsync(
        string? actorPattern, string? actionPattern, DateTime? fromUtc, DateTime? untilUtc, int skip, int take)
    {
        var where = new List<string> { "1 = 1" };
        if (actorPattern is not null) where.Add("LOWER(actor) LIKE @actorPattern ESCAPE '!'");
        if (actionPattern is not null) where.Add("LOWER(action) LIKE @actionPattern ESCAPE '!'");
        if (fromUtc is not null) where.Add("occurred_at >= @fromUtc");
        if (untilUtc is not null) where.Add("occurred_at < @untilUtc");
        var condition = string.Join(" AND ", where);
        var parameters = new { actorPattern, actionPattern, fromUtc, untilUtc };
        await using var connection = await connections.OpenAsync();
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM audit_entries WHERE {condition}", parameters);
        var rows = await connection.QueryAsync<AuditRow>(
            "SELECT sequence AS Sequence, occurred_at AS OccurredAt, actor AS Actor, action AS Action, subject AS Subject, " +
            "details AS Details, previous_hash AS PreviousHash, hash AS Hash FROM audit_entries " +
            $"WHERE {condition} ORDER BY sequence DESC {connections.Dialect.Page(skip, take)}", parameters);
        return (rows.Select(r => r.ToEntry()).ToList(), total);
    }

    /// <summary>Walks the whole chain in order and reports the first entry that does not fit.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Streamed: the trail grows for years and is never loaded into memory whole.
        var rows = connection.QueryUnbufferedAsync<AuditRow>(
            "SELECT sequence AS Sequence, occurred_at AS OccurredAt, actor AS Actor, action AS Action, subject AS Subject, " +
            "details AS Details, previous_hash AS PreviousHash, hash AS Hash FROM audit_entries ORDER BY sequence");
        long expectedSequence = 1;
        var expectedPrevious = GenesisHash;
        long checkedCount = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var entry = row.ToEntry();
            if (entry.Sequence != expectedSequence)
                return new(false, checkedCount, expectedSequence, $"entry {expectedSequence} is missing");
            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
                return new(false, checkedCount, entry.Sequence, $"entry {entry.Sequence} does not link to the entry before it");
            var recomputed = ComputeHash(entry.Sequence, entry.OccurredAt, entry.Actor, entry.Action, entry.Subject, entry.Details, entry.PreviousHash);
            if (!string.Equals(entry.Hash, recomputed, StringComparison.Ordinal))
                return new(false, checkedCount, entry.Sequence, $"entry {entry.Sequence} was changed after it was written");
            expectedPrevious = entry.Hash;
            expectedSequence++;
            checkedCount++;
        }
        return new(true, checkedCount, null, null);
    }

    public static string ComputeHash(long sequence, DateTime occurredAt, string actor, string action,
        string? subject, string? details, string previousHash)
    {
        // Length-prefixed fields: no value can be shifted into its neighbour without changing the hash.
        var builder = new StringBuilder();
        void Add(string? value)
        {
            if (value is null) { builder.Append("-1:"); return; }
            builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }
        Add(sequence.ToString(CultureInfo.InvariantCulture));
        Add(occurredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        Add(actor);
        Add(action);
        Add(subject);
        Add(details);
        Add(previousHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private static DateTime TruncateToSeconds(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private sealed class LastEntry
    {
        public long Sequence { get; set; }
        public string Hash { get; set; } = "";
    }

    private sealed class AuditRow
    {
        public long Sequence { get; set; }
        public DateTime OccurredAt { get; set; }
        public string Actor { get; set; } = "";
        public string Action { get; set; } = "";
        public string? Subject { get; set; }
        public string? Details { get; set; }
        public string PreviousHash { get; set; } = "";
        public string Hash { get; set; } = "";

        public AuditEntry ToEntry() => new(Sequence, DateTime.SpecifyKind(OccurredAt, DateTimeKind.Utc), Actor, Action,
            Subject, Details, PreviousHash.Trim(), Hash.Trim());
    }
}
