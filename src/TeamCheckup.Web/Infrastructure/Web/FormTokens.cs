using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Web;

public enum FormTokenClaim { Claimed, Done, InProgress }

/// <summary>
/// One token per rendered form, so that the same form sent twice (double click, back button, a retry) is
/// handled once. <see cref="FormTokenTagHelper"/> puts a fresh random token into every POST form; the
/// form rules claim it before the action runs (a unique key decides between two requests at once), mark it
/// done when the action succeeded and release it when the form was refused, so the corrected form can be
/// sent again. A repeat of a form that redirected gets the same redirect; otherwise it is told the form
/// was already handled. The table holds the token, its state and the day only (no user, no time of day:
/// a pulse answer or anonymous report leaves nothing finer than the day, SPEC §9).
/// </summary>
public sealed partial class FormTokenStore(DbConnectionFactory connections, Clock clock, IOptions<InputOptions> options)
{
    public const string Field = "__FormToken";
    private const string Pending = "pending", Done = "done";
    private static readonly TimeSpan WaitForEarlier = TimeSpan.FromSeconds(10);

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsWellFormed(string? token) => token is not null && TokenPattern().IsMatch(token);

    /// <summary>Claims the token for this request. When another request holds it, waits (up to 10 s) for that one to
    /// finish: released → claimed here after all; done → <see cref="FormTokenClaim.Done"/> with where it redirected.</summary>
    public async Task<(FormTokenClaim Claim, string? Location)> ClaimAsync(string token, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await TryInsertAsync(token)) return (FormTokenClaim.Claimed, null);
            var row = await ReadAsync(token);
            if (row is { State: Done }) return (FormTokenClaim.Done, row.Location);
            if (row is null) { await Task.Delay(10, cancellationToken); continue; } // released in the meantime: try again
            if (waited.Elapsed >= WaitForEarlier) return (FormTokenClaim.InProgress, null);
            await Task.Delay(100, cancellationToken);
        }
    }

    public async Task CompleteAsync(string token, string? location)
    {
        using var turn = await connections.WriterTurnAsync();
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("UPDATE form_submissions SET state = @Done, location = @location WHERE token = @token",
            new { Done, location = IsLocal(location) ? location : null, token });
    }

    public async Task ReleaseAsync(string token)
    {
        using var turn = await connections.WriterTurnAsync();
        await using var connection = await connections.OpenAsync();
        await connection.ExecuteAsync("DELETE FROM form_submissions WHERE token = @token AND state = @Pending", new { token, Pending });
    }

    /// <summary>Forgets tokens older than <see cref="InputOptions.FormTokenRetentionDays"/>; returns how many.</summary>
    public async Task<int> RemoveOldAsync()
    {
        var cutoff = clock.Today.AddDays(-Math.Max(1, options.Value.FormTokenRetentionDays));
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteAsync("DELETE FROM form_submissions WHERE used_on < @cutoff", new { cutoff });
    }

    /// <summary>Only a path of this app is replayed (never another host).</summary>
    public static bool IsLocal(string? location) =>
        location is { Length: > 0 and <= 400 } && location[0] == '/' && !location.StartsWith("//", StringComparison.Ordinal) && !location.StartsWith("/\\", StringComparison.Ordinal);

    private async Task<bool> TryInsertAsync(string token)
    {
        using var turn = await connections.WriterTurnAsync();
        await using var connection = await connections.OpenAsync();
        try
        {
            return await connection.ExecuteAsync(
                connections.Dialect.InsertIfMissing("form_submissions", ["token", "state", "used_on"], ["token"]),
                new { token, state = Pending, used_on = clock.Today }) == 1;
        }
        catch (System.Data.Common.DbException e) when (connections.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    private async Task<TokenRow?> ReadAsync(string token)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<TokenRow>(
            "SELECT state AS State, location AS Location FROM form_submissions WHERE token = @token", new { token });
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{22,64}$")]
    private static partial Regex TokenPattern();

    private sealed class TokenRow
    {
        public string State { get; set; } = "";
        public string? Location { get; set; }
    }
}

/// <summary>Adds a fresh form token to every <c>&lt;form method="post"&gt;</c> the app renders, so a new form is covered without doing anything.</summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class FormTokenTagHelper : TagHelper
{
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.AllAttributes.TryGetAttribute("method", out var method)
            || !string.Equals(method.Value?.ToString(), "post", StringComparison.OrdinalIgnoreCase)) return;
        output.PostContent.AppendHtml($"<input type=\"hidden\" name=\"{FormTokenStore.Field}\" value=\"{FormTokenStore.NewToken()}\" />");
    }
}

/// <summary>Daily recurring job; deleting old tokens twice is harmless.</summary>
public sealed class FormTokenCleanupJob(FormTokenStore tokens, ILogger<FormTokenCleanupJob> logger)
{
    public async Task RunAsync()
    {
        var removed = await tokens.RemoveOldAsync();
        if (removed > 0) logger.LogInformation("Forgot {Count} old form tokens", removed);
    }
}
