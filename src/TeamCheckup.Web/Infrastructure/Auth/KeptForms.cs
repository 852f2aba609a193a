using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Infrastructure.Auth;

public static class KeptFormKinds
{
    /// <summary>The review's automatic draft: one per user and form page, replaced by every save of it.</summary>
    public const string Draft = "draft";
    /// <summary>A form that arrived after its session had ended: offered again after signing in.</summary>
    public const string Expired = "expired";
}

/// <summary>A kept form: the page it was posted to, its fields in their order, and when it was kept.</summary>
public sealed record KeptForm(string Id, string FormPath, IReadOnlyList<KeyValuePair<string, string>> Fields, DateTime KeptAt);

/// <summary>
/// Forms kept for their user, so that what someone typed is never dropped: the review's automatic draft, and a form
/// that arrived after the session had ended (see <see cref="CookieSessionEvents"/>). The fields are encrypted with
/// the app's data protection; the tokens of the form (antiforgery, form token) are never kept. Only the user the
/// form was kept for reads it back, and a kept form lives one day at most.
/// </summary>
public sealed class KeptFormStore(DbConnectionFactory connections, Clock clock, IDataProtectionProvider protection)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);
    /// <summary>More than any form of the app carries; a bigger post is not kept.</summary>
    public const int MaxFields = 2000;
    public const int MaxChars = 512 * 1024;

    private readonly IDataProtector protector = protection.CreateProtector("TeamCheckup.KeptForms.v1");

    /// <summary>A kept form's id: 32 lowercase hex digits.</summary>
    public static bool IsWellFormedId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>The fields worth keeping: everything but the tokens; null when the form is too big to keep.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? FieldsOf(IFormCollection form)
    {
        var fields = form
            .Where(f => f.Key is not ("__RequestVerificationToken" or FormTokenStore.Field))
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .ToList();
        return fields.Count <= MaxFields && fields.Sum(f => f.Key.Length + f.Value.Length) <= MaxChars ? fields : null;
    }

    /// <summary>Keeps a form that could not be handled because its session had ended; returns the id to offer it by.</summary>
    public async Task<string> KeepExpiredAsync(int userId, string formPath, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync(
            "INSERT INTO kept_forms (id, user_id, kind, form_path, payload, kept_at) VALUES (@id, @userId, @kind, @formPath, @payload, @now)",
            new { id, userId, kind = KeptFormKinds.Expired, formPath, payload = Protect(fields), now = clock.UtcNow });
        return id;
    }

    /// <summary>Replaces the user's automatic draft of the form at <paramref name="formPath"/>.</summary>
    public async Task<DateTime> SaveDraftAsync(int userId, string formPath, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM kept_forms WHERE user_id = @userId AND kind = @kind AND form_path = @formPath",
            new { userId, kind = KeptFormKinds.Draft, formPath }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO kept_forms (id, user_id, kind, form_path, payload, kept_at) VALUES (@id, @userId, @kind, @formPath, @payload, @now)",
            new { id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), userId, kind = KeptFormKinds.Draft, formPath, payload = Protect(fields), now },
            transaction);
        await transaction.CommitAsync();
        return now;
    }

    public async Task<KeptForm?> DraftAsync(int userId, string formPath) =>
        await ReadAsync("user_id = @userId AND kind = @kind AND form_path = @formPath", new { userId, kind = KeptFormKinds.Draft, formPath });

    public async Task<KeptForm?> ExpiredAsync(int userId, string id) =>
        await ReadAsync("id = @id AND user_id = @userId AND kind = @kind", new { id, userId, kind = KeptFormKinds.Expired });

    public async Task DeleteDraftAsync(int userId, string formPath)
    {
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM kept_forms WHERE user_id = @userId AND kind = @kind AND form_path = @formPath",
            new { userId, kind = KeptFormKinds.Draft, formPath });
    }

    /// <summary>Removes kept forms older than <see cref="Lifetime"/>; returns how many.</summary>
    public async Task<int> RemoveOldAsync()
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteAsync("DELETE FROM kept_forms WHERE kept_at <= @cutoff", new { cutoff = clock.UtcNow - Lifetime });
    }

    private async Task<KeptForm?> ReadAsync(string where, object parameters)
    {
        await using var connection = await connections.OpenAsync();
        var row = await connection.QueryFirstOrDefaultAsync<Row>(
            $"SELECT id AS Id, form_path AS FormPath, payload AS Payload, kept_at AS KeptAt FROM kept_forms WHERE {where} ORDER BY kept_at DESC", parameters);
        if (row is null || row.KeptAt <= clock.UtcNow - Lifetime) return null;
        try
        {
            var fields = JsonSerializer.Deserialize<List<string[]>>(protector.Unprotect(row.Payload)) ?? [];
            return new KeptForm(row.Id, row.FormPath, fields.Where(f => f.Length == 2).Select(f => new KeyValuePair<string, string>(f[0], f[1])).ToList(), row.KeptAt);
        }
        catch (CryptographicException)
        {
            return null; // kept under a key that is gone: nothing to offer
        }
    }

    private string Protect(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        protector.Protect(JsonSerializer.Serialize(fields.Select(f => new[] { f.Key, f.Value })));

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string FormPath { get; set; } = "";
        public string Payload { get; set; } = "";
        public DateTime KeptAt { get; set; }
    }
}
