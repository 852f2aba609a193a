using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Questionnaires;

public enum VersionChange { Done, NotFound, NotAllowed, DraftExists, TooEarly }

public sealed class PublishForm
{
    public DateOnly? EffectiveFrom { get; set; }
}

public sealed class PublishFormValidator : AbstractValidator<PublishForm>
{
    public PublishFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.EffectiveFrom).NotNull().WithName(_ => t["Questionnaire.EffectiveFrom"]);
    }
}

/// <summary>
/// The life of a questionnaire version: a draft is copied from the newest version, edited, and published for pulses
/// opening from a chosen day (today or later, and not before a version published earlier); a published version no round
/// has taken yet can be withdrawn to a draft; a draft can be deleted. A version any round took changes no more — here
/// (every change checks it in its own transaction) and in the database (triggers of migration 0021).
/// Every change is in the audit trail.
/// </summary>
public sealed class QuestionnaireVersionHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<(VersionChange Outcome, int Id)> CopyNewestAsync()
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var draft = await connection.ExecuteScalarAsync<int?>("SELECT id FROM questionnaire_versions WHERE effective_from IS NULL", transaction: transaction);
        if (draft is { } existing) return (VersionChange.DraftExists, existing);
        var newest = await connection.QuerySingleAsync<(int Version, string Definition)>(
            $"SELECT version, definition FROM questionnaire_versions ORDER BY version DESC {connections.Dialect.Page(0, 1)}", transaction: transaction);
        var version = newest.Version + 1;
        var definition = JsonNode.Parse(newest.Definition)!.AsObject();
        definition["version"] = version;
        var id = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO questionnaire_versions (version, definition, created_at, created_by, based_on_version) " +
            $"VALUES (@version, @definition, @now, @by, @basedOn);{connections.Dialect.SelectNewId}",
            new { version, definition = definition.ToJsonString(), now = clock.UtcNow, by = user.UserName, basedOn = newest.Version }, transaction);
        await AuditAsync(connection, transaction, id, $"created version {version} as a copy of version {newest.Version}");
        await transaction.CommitAsync();
        return (VersionChange.Done, id);
    }

    public async Task<VersionChange> SaveDraftAsync(int id, QuestionnaireEditForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await QuestionnaireVersionsQuery.FindAsync(connection, transaction, id);
        if (row is null) return VersionChange.NotFound;
        if (!row.IsDraft) return VersionChange.NotAllowed;
        var basedOn = await BasedOnAsync(connection, transaction, row);
        var json = DefinitionEditor.Apply(row.Definition, row.Version, form, basedOn);
        await connection.ExecuteAsync("UPDATE questionnaire_versions SET definition = @json WHERE id = @id AND effective_from IS NULL", new { json, id }, transaction);
        await AuditAsync(connection, transaction, id, $"edited draft version {row.Version}");
        await transaction.CommitAsync();
        return VersionChange.Done;
    }

    public async Task<VersionChange> PublishAsync(int id, DateOnly effectiveFrom)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await QuestionnaireVersionsQuery.FindAsync(connection, transaction, id);
        if (row is null) return VersionChange.NotFound;
        if (!row.IsDraft) return VersionChange.NotAllowed;
        var latest = await connection.ExecuteScalarAsync<DateOnly?>("SELECT MAX(effective_from) FROM questionnaire_versions WHERE effective_from IS NOT NULL", transaction: transaction);
        if (effectiveFrom < clock.Today || (latest is { } last && effectiveFrom < last)) return VersionChange.TooEarly;
        await connection.ExecuteAsync("UPDATE questionnaire_versions SET effective_from = @effectiveFrom, published_at = @now, published_by = @by WHERE id = @id",
            new { effectiveFrom, now = clock.UtcNow, by = user.UserName, id }, transaction);
        await AuditAsync(connection, transaction, id, $"published version {row.Version} for pulses opening from {effectiveFrom:yyyy-MM-dd}");
        await transaction.CommitAsync();
        return VersionChange.Done;
    }

    public async Task<VersionChange> WithdrawAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await QuestionnaireVersionsQuery.FindAsync(connection, transaction, id);
        if (row is null) return VersionChange.NotFound;
        if (row.State != VersionState.Published || row.Version == 1) return VersionChange.NotAllowed;
        await connection.ExecuteAsync("UPDATE questionnaire_versions SET effective_from = NULL, published_at = NULL, published_by = NULL WHERE id = @id", new { id }, transaction);
        await AuditAsync(connection, transaction, id, $"withdrew version {row.Version} (back to draft)");
        await transaction.CommitAsync();
        return VersionChange.Done;
    }

    public async Task<VersionChange> DeleteDraftAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var row = await QuestionnaireVersionsQuery.FindAsync(connection, transaction, id);
        if (row is null) return VersionChange.NotFound;
        if (!row.IsDraft) return VersionChange.NotAllowed;
        await connection.ExecuteAsync("DELETE FROM questionnaire_versions WHERE id = @id AND effective_from IS NULL", new { id }, transaction);
        await AuditAsync(connection, transaction, id, $"deleted draft version {row.Version}");
        await transaction.CommitAsync();
        return VersionChange.Done;
    }

    /// <summary>The version a draft was copied from (its keys are what "the same item" is measured against).</summary>
    public static async Task<QuestionnaireDefinition?> BasedOnAsync(DbConnection connection, DbTransaction? transaction, VersionRow row) =>
        row.BasedOnVersion is { } version && await connection.ExecuteScalarAsync<string?>(
            "SELECT definition FROM questionnaire_versions WHERE version = @version", new { version }, transaction) is { } json
            ? QuestionnaireDefinition.Parse(json) : null;

    private Task AuditAsync(DbConnection connection, DbTransaction transaction, int id, string details) =>
        audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"questionnaire:{id}", details);
}
