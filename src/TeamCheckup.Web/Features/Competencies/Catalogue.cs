using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Competencies;

public sealed class Competency
{
    public int Id { get; set; }
    public string NameNl { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string? Description { get; set; }
    public bool IsActive { get; set; }
    public string Name(System.Globalization.CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? NameEn : NameNl;
}

public sealed class CompetencyForm
{
    public int? Id { get; set; }
    public string NameNl { get; set; } = "";
    public string NameEn { get; set; } = "";
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] public string? Description { get; set; }
}

public sealed class CompetencyFormValidator : AbstractValidator<CompetencyForm>
{
    public CompetencyFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.NameNl).NotEmpty().MaximumLength(200).WithName(_ => t["Competency.NameNl"]);
        RuleFor(f => f.NameEn).NotEmpty().MaximumLength(200).WithName(_ => t["Competency.NameEn"]);
        RuleFor(f => f.Description).MaximumLength(1000).WithName(_ => t["Competency.Description"]);
    }
}

/// <summary>The competency catalogue (Administrators). Retiring keeps the competency and its history.</summary>
public sealed class CatalogueHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public const string Columns = "id AS Id, name_nl AS NameNl, name_en AS NameEn, description AS Description, is_active AS IsActive";

    public async Task<IReadOnlyList<Competency>> ListAsync(bool activeOnly)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<Competency>(
            $"SELECT {Columns} FROM competencies {(activeOnly ? "WHERE is_active = 1" : "")} ORDER BY is_active DESC, name_nl")).ToList();
    }

    public async Task<CompetencyForm?> LoadAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<CompetencyForm>(
            "SELECT id AS Id, name_nl AS NameNl, name_en AS NameEn, description AS Description FROM competencies WHERE id = @id", new { id });
    }

    /// <summary>Returns null when saved, or the field that conflicts (a duplicate Dutch name).</summary>
    public async Task<string?> SaveAsync(CompetencyForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var values = new { nl = form.NameNl.Trim(), en = form.NameEn.Trim(), description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim(), id = form.Id ?? 0, now };
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM competencies WHERE name_nl = @nl AND id <> @id", values, transaction) > 0)
            return nameof(CompetencyForm.NameNl);
        int id;
        if (form.Id is null)
            id = (int)await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO competencies (name_nl, name_en, description, is_active, created_at) VALUES (@nl, @en, @description, 1, @now);{connections.Dialect.SelectNewId}",
                values, transaction);
        else
        {
            id = form.Id.Value;
            await connection.ExecuteAsync("UPDATE competencies SET name_nl = @nl, name_en = @en, description = @description WHERE id = @id", values, transaction);
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"competency:{id}", form.Id is null ? "created" : "edited");
        await transaction.CommitAsync();
        return null;
    }

    public async Task<bool> SetActiveAsync(int id, bool active)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var changed = await connection.ExecuteAsync(
            active ? "UPDATE competencies SET is_active = 1, retired_at = NULL WHERE id = @id" : "UPDATE competencies SET is_active = 0, retired_at = @now WHERE id = @id",
            new { id, now = clock.UtcNow }, transaction);
        if (changed == 0) return false;
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"competency:{id}", active ? "reactivated" : "retired");
        await transaction.CommitAsync();
        return true;
    }
}
