using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Organisation;

public sealed class TeamForm
{
    public const int MaxHeadcount = 2000;

    public int? Id { get; set; }
    public int DistrictId { get; set; }
    public string Name { get; set; } = "";
    public string TeamType { get; set; } = "Basisteam";
    public int? Headcount { get; set; }
    public int CadenceMonths { get; set; } = 3;
    [DataType(DataType.MultilineText)] public string? ServiceArea { get; set; }
}

public sealed class TeamFormValidator : AbstractValidator<TeamForm>
{
    public TeamFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.DistrictId).GreaterThan(0).WithMessage(_ => t["Org.Validation.ChooseDistrict"]);
        RuleFor(f => f.Name).NotEmpty().MaximumLength(200).WithName(_ => t["Org.Name"]);
        RuleFor(f => f.TeamType).Must(type => TeamTypes.All.Contains(type)).WithMessage(_ => t["Org.Validation.TeamType"]);
        RuleFor(f => f.Headcount).NotNull().InclusiveBetween(1, TeamForm.MaxHeadcount).WithName(_ => t["Org.Headcount"]);
        RuleFor(f => f.CadenceMonths).Must(c => CheckupPeriod.Cadences.Contains(c)).WithMessage(_ => t["Org.Validation.Cadence"]);
        RuleFor(f => f.ServiceArea).MaximumLength(500).WithName(_ => t["Org.ServiceArea"]);
    }
}

public sealed class SaveTeamHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<SaveResult> HandleAsync(TeamForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var name = form.Name.Trim();
        var serviceArea = string.IsNullOrWhiteSpace(form.ServiceArea) ? null : form.ServiceArea.Trim();
        var districtActive = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM districts WHERE id = @DistrictId AND is_active = 1", new { form.DistrictId }, transaction);
        if (districtActive == 0) return SaveResult.Conflict(nameof(TeamForm.DistrictId), "Org.Validation.ChooseDistrict");
        var duplicate = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM teams WHERE district_id = @DistrictId AND name = @name AND id <> @id",
            new { form.DistrictId, name, id = form.Id ?? 0 }, transaction);
        if (duplicate > 0) return SaveResult.Conflict(nameof(TeamForm.Name), "Org.Validation.DuplicateTeam");

        var values = new { form.DistrictId, name, form.TeamType, form.Headcount, form.CadenceMonths, serviceArea, id = form.Id ?? 0, now = clock.UtcNow };
        int id;
        if (form.Id is null)
        {
            id = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, service_area, is_active, created_at) " +
                $"VALUES (@DistrictId, @name, @TeamType, @Headcount, @CadenceMonths, @serviceArea, 1, @now);{connections.Dialect.SelectNewId}",
                values, transaction);
        }
        else
        {
            id = form.Id.Value;
            var changed = await connection.ExecuteAsync(
                "UPDATE teams SET district_id = @DistrictId, name = @name, team_type = @TeamType, headcount = @Headcount, " +
                "cadence_months = @CadenceMonths, service_area = @serviceArea WHERE id = @id", values, transaction);
            if (changed == 0) return SaveResult.NotFound;
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"team:{id}",
            $"{(form.Id is null ? "created" : "edited")}; district={form.DistrictId}; name={name}; type={form.TeamType}; headcount={form.Headcount}; cadence={form.CadenceMonths}");
        await transaction.CommitAsync();
        return SaveResult.Saved(id);
    }
}
