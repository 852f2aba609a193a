using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Networks;

public sealed class NetworkForm
{
    public int? Id { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
}

public sealed class NetworkFormValidator : AbstractValidator<NetworkForm>
{
    public NetworkFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200).WithName(_ => t["Networks.Name"]);
        RuleFor(f => f.Kind).Must(k => k is not null && NetworkKinds.All.Contains(k)).WithMessage(_ => t["Networks.Validation.Kind"]);
    }
}

public sealed class DeadlinesForm
{
    public int? AcknowledgeDays { get; set; }
    public int? AnswerDays { get; set; }
}

public sealed class DeadlinesFormValidator : AbstractValidator<DeadlinesForm>
{
    public DeadlinesFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.AcknowledgeDays).NotNull().InclusiveBetween(1, NetworkSignalSettings.MaximumDays).WithName(_ => t["Networks.AcknowledgeDays"]);
        RuleFor(f => f.AnswerDays).NotNull().InclusiveBetween(1, NetworkSignalSettings.MaximumDays).WithName(_ => t["Networks.AnswerDays"]);
        RuleFor(f => f.AnswerDays).GreaterThanOrEqualTo(f => f.AcknowledgeDays).When(f => f.AcknowledgeDays is not null && f.AnswerDays is not null)
            .WithMessage(_ => t["Networks.Validation.AnswerAfterAcknowledge"]);
    }
}

public sealed class NetworkAdminRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public bool IsActive { get; set; }
    public int Representatives { get; set; }
    public int Signals { get; set; }
}

/// <summary>The Administrator's networks (a staff network or the advisory group; never removed, only made inactive: their
/// signals stay) and the deadlines for leadership. Every change is audited with the change.</summary>
public sealed class NetworkAdminHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<IReadOnlyList<NetworkAdminRow>> ListAsync()
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<NetworkAdminRow>(
            "SELECT n.id AS Id, n.name AS Name, n.kind AS Kind, n.is_active AS IsActive, " +
            "(SELECT COUNT(*) FROM user_scopes s JOIN users u ON u.id = s.user_id AND u.is_active = 1 WHERE s.scope_type = @network AND s.scope_id = n.id) AS Representatives, " +
            "(SELECT COUNT(*) FROM network_signals x WHERE x.network_id = n.id) AS Signals FROM networks n ORDER BY n.is_active DESC, n.name",
            new { network = ScopeTypes.Network })).ToList();
    }

    public async Task<NetworkForm?> LoadAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<NetworkForm>("SELECT id AS Id, name AS Name, kind AS Kind FROM networks WHERE id = @id", new { id });
    }

    /// <summary>Creates or renames a network; false when the name is already taken (nothing written).</summary>
    public async Task<bool?> SaveAsync(NetworkForm form)
    {
        var name = form.Name!.Trim();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM networks WHERE name = @name AND id <> @id", new { name, id = form.Id ?? 0 }, transaction) > 0)
            return false;
        int id;
        if (form.Id is null)
            id = (int)await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO networks (name, kind, is_active, created_at) VALUES (@name, @kind, 1, @now);{connections.Dialect.SelectNewId}",
                new { name, kind = form.Kind, now = clock.UtcNow }, transaction);
        else
        {
            id = form.Id.Value;
            if (await connection.ExecuteAsync("UPDATE networks SET name = @name, kind = @kind WHERE id = @id", new { name, kind = form.Kind, id }, transaction) == 0) return null;
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"network:{id}",
            $"{(form.Id is null ? "created" : "edited")}; name={name}; kind={form.Kind}");
        await transaction.CommitAsync();
        return true;
    }

    public async Task<bool> SetActiveAsync(int id, bool active)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await connection.ExecuteAsync("UPDATE networks SET is_active = @active WHERE id = @id", new { id, active }, transaction) == 0) return false;
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"network:{id}", active ? "reactivated" : "deactivated");
        await transaction.CommitAsync();
        return true;
    }

    public async Task<NetworkSignalSettings> DeadlinesAsync()
    {
        await using var connection = await connections.OpenAsync();
        return await NetworkSignalSettings.LoadAsync(connection);
    }

    public async Task SaveDeadlinesAsync(DeadlinesForm form)
    {
        var settings = new NetworkSignalSettings(form.AcknowledgeDays!.Value, form.AnswerDays!.Value);
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var before = await NetworkSignalSettings.LoadAsync(connection, transaction);
        await settings.SaveAsync(connection, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, "settings:network-signals", $"from {before} to {settings}");
        await transaction.CommitAsync();
    }
}
