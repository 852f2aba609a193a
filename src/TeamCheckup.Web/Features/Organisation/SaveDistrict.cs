using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Organisation;

public sealed class DistrictForm
{
    public int? Id { get; set; }
    public int UnitId { get; set; }
    public string Name { get; set; } = "";
}

public sealed class DistrictFormValidator : AbstractValidator<DistrictForm>
{
    public DistrictFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.UnitId).GreaterThan(0).WithMessage(_ => t["Org.Validation.ChooseUnit"]);
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200).WithName(_ => t["Org.Name"]);
    }
}

public sealed class SaveDistrictHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<SaveResult> HandleAsync(DistrictForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var name = form.Name.Trim();
        var unitActive = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM units WHERE id = @UnitId AND is_active = 1", new { form.UnitId }, transaction);
        if (unitActive == 0) return SaveResult.Conflict(nameof(DistrictForm.UnitId), "Org.Validation.ChooseUnit");
        var duplicate = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM districts WHERE unit_id = @UnitId AND name = @name AND id <> @id",
            new { form.UnitId, name, id = form.Id ?? 0 }, transaction);
        if (duplicate > 0) return SaveResult.Conflict(nameof(DistrictForm.Name), "Org.Validation.DuplicateDistrict");

        int id;
        if (form.Id is null)
        {
            id = (int)await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@UnitId, @name, 1, @now);{connections.Dialect.SelectNewId}",
                new { form.UnitId, name, now = clock.UtcNow }, transaction);
        }
        else
        {
            id = form.Id.Value;
            var changed = await connection.ExecuteAsync(
                "UPDATE districts SET unit_id = @UnitId, name = @name WHERE id = @id", new { form.UnitId, name, id }, transaction);
            if (changed == 0) return SaveResult.NotFound;
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"district:{id}",
            $"{(form.Id is null ? "created" : "edited")}; unit={form.UnitId}; name={name}");
        await transaction.CommitAsync();
        return SaveResult.Saved(id);
    }
}
