using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Networks;

public sealed class SignalForm
{
    public int NetworkId { get; set; }
    public string? Kind { get; set; }
    public string? Theme { get; set; }
    /// <summary>0 (or empty) = the whole organisation.</summary>
    public int? UnitId { get; set; }
    public string? Title { get; set; }
    [DataType(DataType.MultilineText)]
    public string? Body { get; set; }
    /// <summary>The filer confirms the signal is about a theme and names no person (a mild check: the form says why).</summary>
    public bool NamesNoPerson { get; set; }

    public const int TitleLength = 200;
    public const int BodyLength = 4000;
}

public sealed class SignalFormValidator : AbstractValidator<SignalForm>
{
    public SignalFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.NetworkId).GreaterThan(0).WithMessage(_ => t["Signal.Validation.Network"]);
        RuleFor(f => f.Kind).Must(k => k is not null && SignalKinds.All.Contains(k)).WithMessage(_ => t["Signal.Validation.Kind"]);
        RuleFor(f => f.Theme).Must(k => k is not null && SignalThemes.All.Contains(k)).WithMessage(_ => t["Signal.Validation.Theme"]);
        RuleFor(f => f.UnitId).GreaterThanOrEqualTo(0).WithMessage(_ => t["Signal.Validation.Unit"]);
        RuleFor(f => f.Title).NotEmpty().MaximumLength(SignalForm.TitleLength).WithName(_ => t["Signal.Title"]);
        RuleFor(f => f.Body).NotEmpty().MaximumLength(SignalForm.BodyLength).WithName(_ => t["Signal.Body"]);
        RuleFor(f => f.NamesNoPerson).Equal(true).WithMessage(_ => t["Signal.Validation.NamesNoPerson"]);
    }
}

/// <summary>
/// Files a network's signal: the deadlines are set from today in working days, the chiefs of its scope (the unit's
/// chiefs, or the organisation-wide Leadership) are told, and the filing is audited — all in one transaction.
/// Returns null when the unit does not exist or is inactive (nothing is written).
/// </summary>
public sealed class FileSignalHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, NetworkSignalNotices notices)
{
    public async Task<int?> HandleAsync(SignalForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        int? unitId = form.UnitId is > 0 ? form.UnitId : null;
        if (unitId is not null && await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @unitId AND is_active = 1", new { unitId }, transaction) == 0)
            return null;
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM networks WHERE id = @id AND is_active = 1", new { id = form.NetworkId }, transaction) == 0)
            return null;
        var settings = await NetworkSignalSettings.LoadAsync(connection, transaction);
        var today = clock.Today;
        var id = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO network_signals (network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by) " +
            $"VALUES (@network, @kind, @theme, @unitId, @title, @body, @by, @now, @today, @ackBy, @answerBy);{connections.Dialect.SelectNewId}",
            new
            {
                network = form.NetworkId, kind = form.Kind, theme = form.Theme, unitId, title = form.Title!.Trim(), body = form.Body!.Trim(),
                by = user.Id, now = clock.UtcNow, today, ackBy = settings.AcknowledgeBy(today), answerBy = settings.AnswerBy(today),
            }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, NetworkSignalAudit.Filed, $"network-signal:{id}",
            $"network={form.NetworkId}; kind={form.Kind}; theme={form.Theme}; unit={unitId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "organisation"}");
        await notices.FiledAsync(connection, transaction, id);
        await transaction.CommitAsync();
        return id;
    }
}

/// <summary>The audit actions of the networks' signals (every filing, read, step and change).</summary>
public static class NetworkSignalAudit
{
    public const string Filed = "network-signal.filed";
    public const string Read = "network-signal.read";
    public const string Acknowledged = "network-signal.acknowledged";
    public const string Answered = "network-signal.answered";
    public const string FollowedUp = "network-signal.follow-up";
}
