using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Organisation;

public sealed class UnitForm
{
    public int? Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class UnitFormValidator : AbstractValidator<UnitForm>
{
    public UnitFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Code).NotEmpty().MaximumLength(20)
            .Matches("^[A-Za-z0-9-]*$").WithMessage(_ => t["Org.Validation.CodeFormat"])
            .WithName(_ => t["Org.Code"]);
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200).WithName(_ => t["Org.Name"]);
    }
}

/// <summary>Creates or edits a unit; the audit entry commits in the same transaction.</summary>
public sealed class SaveUnitHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<SaveResult> HandleAsync(UnitForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var code = form.Code.Trim().ToUpperInvariant();
        var name = form.Name.Trim();
        var duplicate = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM units WHERE code = @code AND id <> @id", new { code, id = form.Id ?? 0 }, transaction);
        if (duplicate > 0) return SaveResult.Conflict(nameof(UnitForm.Code), "Org.Validation.DuplicateCode");

        int id;
        if (form.Id is null)
        {
            id = (int)await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @name, 1, @now);{connections.Dialect.SelectNewId}",
                new { code, name, now = clock.UtcNow }, transaction);
        }
        else
        {
            id = form.Id.Value;
            var changed = await connection.ExecuteAsync("UPDATE units SET code = @code, name = @name WHERE id = @id", new { code, name, id }, transaction);
            if (changed == 0) return SaveResult.NotFound;
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"unit:{id}",
            $"{(form.Id is null ? "created" : "edited")}; code={code}; name={name}");
        await transaction.CommitAsync();
        return SaveResult.Saved(id);
    }
}

/// <summary>Outcome of a save: saved (with id), not found, or a conflict with a message key for one field.</summary>
public sealed record SaveResult(int? Id, bool IsNotFound, string? ConflictField, string? ConflictMessageKey)
{
    public static SaveResult Saved(int id) => new(id, false, null, null);
    public static readonly SaveResult NotFound = new(null, true, null, null);
    public static SaveResult Conflict(string field, string messageKey) => new(null, false, field, messageKey);
}
