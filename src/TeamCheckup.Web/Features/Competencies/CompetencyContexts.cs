using System.Data.Common;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Competencies;

/// <summary>The kind of area a team serves (set with its service-area profile).</summary>
public static class AreaTypes
{
    public const string Urban = "Urban";
    public const string Mixed = "Mixed";
    public const string Rural = "Rural";
    public static readonly IReadOnlyList<string> All = [Urban, Mixed, Rural];
}

/// <summary>What a context-specific description of a competency is for: teams of an area type, or of a team type.</summary>
public static class ContextKinds
{
    public const string AreaType = "AreaType";
    public const string TeamType = "TeamType";
    public static readonly IReadOnlyList<string> All = [AreaType, TeamType];

    public static IReadOnlyList<string> Values(string? kind) => kind switch
    {
        AreaType => AreaTypes.All,
        TeamType => TeamTypes.All,
        _ => [],
    };

    /// <summary>The resource key of a context's value ("Urban" → AreaType.Urban, "Basisteam" → TeamType.Basisteam).</summary>
    public static string LabelKey(string kind, string value) => $"{kind}.{value}";
}

public sealed class CompetencyContext
{
    public int Id { get; set; }
    public string ContextKind { get; set; } = "";
    public string ContextValue { get; set; } = "";
    public string DescriptionNl { get; set; } = "";
    public string DescriptionEn { get; set; } = "";
    public string UpdatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
    public string Description(System.Globalization.CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? DescriptionEn : DescriptionNl;
}

/// <summary>A description of one competency for one context, in both languages (a second save for the same context replaces it).</summary>
public sealed class CompetencyContextForm
{
    public string? ContextKind { get; set; }
    public string? ContextValue { get; set; }
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] public string? DescriptionNl { get; set; }
    [System.ComponentModel.DataAnnotations.DataType(System.ComponentModel.DataAnnotations.DataType.MultilineText)] public string? DescriptionEn { get; set; }
}

public sealed class CompetencyContextFormValidator : AbstractValidator<CompetencyContextForm>
{
    public const int MaxLength = 1000;

    public CompetencyContextFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.ContextKind).Must(k => k is not null && ContextKinds.All.Contains(k)).WithMessage(_ => t["CompetencyContext.Validation.Kind"]);
        RuleFor(f => f.ContextValue).Must((f, v) => v is not null && ContextKinds.Values(f.ContextKind).Contains(v))
            .When(f => f.ContextKind is not null && ContextKinds.All.Contains(f.ContextKind)).WithMessage(_ => t["CompetencyContext.Validation.Value"]);
        RuleFor(f => f.DescriptionNl).NotEmpty().WithMessage(_ => t["CompetencyContext.Validation.DescriptionNl"])
            .MaximumLength(MaxLength).WithName(_ => t["CompetencyContext.DescriptionNl"]);
        RuleFor(f => f.DescriptionEn).NotEmpty().WithMessage(_ => t["CompetencyContext.Validation.DescriptionEn"])
            .MaximumLength(MaxLength).WithName(_ => t["CompetencyContext.DescriptionEn"]);
    }
}

public sealed class CompetencyContextsPage
{
    public required Competency Competency { get; init; }
    public required IReadOnlyList<CompetencyContext> Contexts { get; init; }
    public CompetencyContextForm Form { get; init; } = new();
}

public sealed record CompetencyContextCount(Competency Competency, int Contexts);

/// <summary>
/// HRM's descriptions of what a competency means in a context (issue 17 item 5). The catalogue is organisation-wide,
/// so any HRM advisor may write them; every change is in the audit trail with its author.
/// </summary>
public sealed class CompetencyContextsHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    private const string ContextColumns =
        "x.id AS Id, x.context_kind AS ContextKind, x.context_value AS ContextValue, x.description_nl AS DescriptionNl, " +
        "x.description_en AS DescriptionEn, u.display_name AS UpdatedBy, x.updated_at AS UpdatedAt";

    public async Task<IReadOnlyList<CompetencyContextCount>> ListAsync()
    {
        await using var connection = await connections.OpenAsync();
        var competencies = await connection.QueryAsync<Competency>(
            $"SELECT {CatalogueHandler.Columns} FROM competencies WHERE is_active = 1 ORDER BY name_nl");
        var counts = (await connection.QueryAsync<(int Id, int Contexts)>(
            "SELECT competency_id, COUNT(*) FROM competency_contexts GROUP BY competency_id")).ToDictionary(c => c.Id, c => c.Contexts);
        return competencies.Select(c => new CompetencyContextCount(c, counts.GetValueOrDefault(c.Id))).ToList();
    }

    public async Task<CompetencyContextsPage?> LoadAsync(int competencyId, CompetencyContextForm? form = null)
    {
        await using var connection = await connections.OpenAsync();
        var competency = await connection.QuerySingleOrDefaultAsync<Competency>(
            $"SELECT {CatalogueHandler.Columns} FROM competencies WHERE id = @competencyId AND is_active = 1", new { competencyId });
        if (competency is null) return null;
        var contexts = (await connection.QueryAsync<CompetencyContext>(
            $"SELECT {ContextColumns} FROM competency_contexts x JOIN users u ON u.id = x.updated_by " +
            "WHERE x.competency_id = @competencyId ORDER BY x.context_kind, x.context_value", new { competencyId })).ToList();
        return new CompetencyContextsPage { Competency = competency, Contexts = contexts, Form = form ?? new CompetencyContextForm() };
    }

    /// <summary>Adds the description, or replaces the one for the same context.</summary>
    public async Task SaveAsync(int competencyId, CompetencyContextForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var values = new
        {
            competencyId, kind = form.ContextKind, value = form.ContextValue, nl = form.DescriptionNl!.Trim(), en = form.DescriptionEn!.Trim(),
            by = user.Id, now = clock.UtcNow,
        };
        var updated = await connection.ExecuteAsync(
            "UPDATE competency_contexts SET description_nl = @nl, description_en = @en, updated_by = @by, updated_at = @now " +
            "WHERE competency_id = @competencyId AND context_kind = @kind AND context_value = @value", values, transaction);
        if (updated == 0)
            await connection.ExecuteAsync(
                "INSERT INTO competency_contexts (competency_id, context_kind, context_value, description_nl, description_en, updated_by, updated_at) " +
                "VALUES (@competencyId, @kind, @value, @nl, @en, @by, @now)", values, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"competency:{competencyId}",
            $"context description {(updated == 0 ? "added" : "replaced")}; {form.ContextKind}={form.ContextValue}");
        await transaction.CommitAsync();
    }

    public async Task<bool> DeleteAsync(int competencyId, int contextId)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var context = await connection.QuerySingleOrDefaultAsync<(string Kind, string Value)?>(
            "SELECT context_kind, context_value FROM competency_contexts WHERE id = @contextId AND competency_id = @competencyId",
            new { contextId, competencyId }, transaction);
        if (context is not { } found) return false;
        await connection.ExecuteAsync("DELETE FROM competency_contexts WHERE id = @contextId", new { contextId }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"competency:{competencyId}",
            $"context description removed; {found.Kind}={found.Value}");
        await transaction.CommitAsync();
        return true;
    }
}

/// <summary>One description of a competency that fits a team: its context's resource key and the text in the reader's language.</summary>
public sealed record FittingDescription(string LabelKey, string Text);

/// <summary>
/// Which descriptions fit a team: HRM's description for the team's area type and the one for its team type (both when
/// both exist: they answer different questions); without either, the catalogue's general description.
/// </summary>
public static class CompetencyDescriptions
{
    public static async Task<IReadOnlyDictionary<int, IReadOnlyList<FittingDescription>>> ForTeamAsync(
        DbConnection connection, int teamId, System.Globalization.CultureInfo culture)
    {
        var rows = await connection.QueryAsync<(int CompetencyId, string? General, string? Kind, string? Value, string? Nl, string? En)>(
            "SELECT c.id, c.description, x.context_kind, x.context_value, x.description_nl, x.description_en " +
            "FROM competencies c CROSS JOIN teams t LEFT JOIN competency_contexts x ON x.competency_id = c.id AND " +
            "((x.context_kind = 'AreaType' AND x.context_value = t.area_type) OR (x.context_kind = 'TeamType' AND x.context_value = t.team_type)) " +
            "WHERE t.id = @teamId ORDER BY c.id, x.context_kind", new { teamId });
        var english = culture.TwoLetterISOLanguageName == "en";
        return rows.GroupBy(r => r.CompetencyId).ToDictionary(g => g.Key, g =>
        {
            var fitting = g.Where(r => r.Kind is not null)
                .Select(r => new FittingDescription(ContextKinds.LabelKey(r.Kind!, r.Value!), english ? r.En! : r.Nl!)).ToList();
            if (fitting.Count == 0 && !string.IsNullOrWhiteSpace(g.First().General))
                fitting.Add(new FittingDescription("CompetencyContext.General", g.First().General!));
            return (IReadOnlyList<FittingDescription>)fitting;
        });
    }
}
