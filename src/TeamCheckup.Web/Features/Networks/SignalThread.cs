using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Networks;

public sealed class SignalEntryForm
{
    [DataType(DataType.MultilineText)]
    public string? Body { get; set; }
}

/// <summary>An answer or a follow-up question needs words; an acknowledgement may go without.</summary>
public sealed class SignalEntryFormValidator : AbstractValidator<SignalEntryForm>
{
    public SignalEntryFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Body).NotEmpty().MaximumLength(SignalForm.BodyLength).WithName(_ => t["Signal.Entry"]);
    }
}

/// <summary>
/// The steps on a signal's thread, each with its audit entry and notification in one transaction: leadership
/// acknowledges (once; a note is optional) and answers (the first answer meets the answer deadline and acknowledges
/// too, when that was not done yet); the network asks a follow-up question.
/// </summary>
public sealed class SignalThreadHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, NetworkSignalNotices notices)
{
    public async Task AcknowledgeAsync(int signalId, string? note)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var changed = await connection.ExecuteAsync(
            "UPDATE network_signals SET acknowledged_at = @now, acknowledged_on = @today, acknowledged_by = @by WHERE id = @signalId AND acknowledged_on IS NULL",
            new { now = clock.UtcNow, today = clock.Today, by = user.Id, signalId }, transaction);
        if (changed > 0 || !string.IsNullOrWhiteSpace(note))
            await AddEntryAsync(connection, transaction, signalId, SignalEntryKinds.Acknowledgement, false, note?.Trim() ?? "");
        await audit.AppendAsync(connection, transaction, user.UserName, NetworkSignalAudit.Acknowledged, $"network-signal:{signalId}", changed > 0 ? "acknowledged" : "already acknowledged");
        if (changed > 0) await notices.AcknowledgedAsync(connection, transaction, signalId);
        await transaction.CommitAsync();
    }

    public async Task AnswerAsync(int signalId, string body)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (now, today) = (clock.UtcNow, clock.Today);
        await connection.ExecuteAsync(
            "UPDATE network_signals SET acknowledged_at = @now, acknowledged_on = @today, acknowledged_by = @by WHERE id = @signalId AND acknowledged_on IS NULL",
            new { now, today, by = user.Id, signalId }, transaction);
        var first = await connection.ExecuteAsync(
            "UPDATE network_signals SET answered_at = @now, answered_on = @today, answered_by = @by WHERE id = @signalId AND answered_on IS NULL",
            new { now, today, by = user.Id, signalId }, transaction) > 0;
        var entryId = await AddEntryAsync(connection, transaction, signalId, SignalEntryKinds.Answer, false, body.Trim());
        await audit.AppendAsync(connection, transaction, user.UserName, NetworkSignalAudit.Answered, $"network-signal:{signalId}", first ? "first answer" : "further answer");
        await notices.AnsweredAsync(connection, transaction, signalId, entryId);
        await transaction.CommitAsync();
    }

    public async Task FollowUpAsync(int signalId, string body)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var entryId = await AddEntryAsync(connection, transaction, signalId, SignalEntryKinds.FollowUp, true, body.Trim());
        await audit.AppendAsync(connection, transaction, user.UserName, NetworkSignalAudit.FollowedUp, $"network-signal:{signalId}");
        await notices.FollowUpAsync(connection, transaction, signalId, entryId);
        await transaction.CommitAsync();
    }

    private async Task<int> AddEntryAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        int signalId, string kind, bool fromNetwork, string body) =>
        (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO network_signal_entries (signal_id, kind, from_network, body, author_id, created_at) " +
            $"VALUES (@signalId, @kind, @fromNetwork, @body, @author, @now);{connections.Dialect.SelectNewId}",
            new { signalId, kind, fromNetwork, body, author = user.Id, now = clock.UtcNow }, transaction);
}
