using Dapper;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Competencies;

public sealed class ServiceAreaForm
{
    /// <summary>Share per category in percent, in the order of <see cref="PopulationCategories.All"/>.</summary>
    public List<decimal?> Shares { get; set; } = [];
    public string? Source { get; set; }
    public int? Year { get; set; }
    /// <summary>Set by the controller (not posted).</summary>
    [BindNever] public int CurrentYear { get; set; }
}

public sealed class ServiceAreaFormValidator : AbstractValidator<ServiceAreaForm>
{
    public ServiceAreaFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Shares.Count).Equal(PopulationCategories.All.Count).WithMessage(_ => t["ServiceArea.Validation.AllShares"]);
        RuleForEach(f => f.Shares).NotNull().WithMessage(_ => t["ServiceArea.Validation.AllShares"])
            .InclusiveBetween(0m, 100m).WithMessage(_ => t["ServiceArea.Validation.ShareRange"]);
        RuleFor(f => f.Shares).Must(s => s.All(x => x.HasValue) && Math.Abs(s.Sum(x => x!.Value) - 100m) <= 0.1m)
            .When(f => f.Shares.Count == PopulationCategories.All.Count && f.Shares.All(x => x is >= 0 and <= 100))
            .WithMessage(f => t["ServiceArea.Validation.Sum", f.Shares.Sum(x => x ?? 0).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)]);
        RuleFor(f => f.Source).NotEmpty().WithMessage(_ => t["ServiceArea.Validation.Source"]).MaximumLength(300).WithName(_ => t["ServiceArea.Source"]);
        RuleFor(f => f.Year).NotNull().WithMessage(_ => t["ServiceArea.Validation.Year"]);
        RuleFor(f => f.Year).InclusiveBetween(1990, 9999).When(f => f.Year.HasValue).WithMessage(_ => t["ServiceArea.Validation.Year"]);
        RuleFor(f => f.Year).LessThanOrEqualTo(f => f.CurrentYear).When(f => f.Year.HasValue).WithMessage(_ => t["ServiceArea.Validation.YearFuture"]);
    }
}

/// <summary>The kind of area the team serves; empty clears it.</summary>
public sealed class AreaTypeForm
{
    public string? AreaType { get; set; }
}

public sealed class AreaTypeFormValidator : AbstractValidator<AreaTypeForm>
{
    public AreaTypeFormValidator(IStringLocalizer<SharedResource> t) =>
        RuleFor(f => f.AreaType).Must(a => string.IsNullOrEmpty(a) || AreaTypes.All.Contains(a)).WithMessage(_ => t["ServiceArea.Validation.AreaType"]);
}

public sealed class CompositionForm
{
    /// <summary>Number of team members per category, in the order of <see cref="PopulationCategories.All"/>.</summary>
    public List<int?> Counts { get; set; } = [];
    /// <summary>Set by the controller (not posted).</summary>
    [BindNever] public int Headcount { get; set; }
}

public sealed class CompositionFormValidator : AbstractValidator<CompositionForm>
{
    public CompositionFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Counts.Count).Equal(PopulationCategories.All.Count).WithMessage(_ => t["Composition.Validation.AllCounts"]);
        RuleForEach(f => f.Counts).NotNull().WithMessage(_ => t["Composition.Validation.AllCounts"]);
        RuleForEach(f => f.Counts).Must((form, count) => count is null || (count >= 0 && count <= form.Headcount))
            .WithMessage(f => t["Composition.Validation.Range", f.Headcount]);
        RuleFor(f => f.Counts).Must((form, counts) => counts.Sum(c => c ?? 0) <= form.Headcount)
            .WithMessage(f => t["Composition.Validation.Sum", f.Counts.Sum(c => c ?? 0), f.Headcount]);
    }
}

public sealed class TeamDiversity
{
    public required string TeamName { get; init; }
    public required int Headcount { get; init; }
    public string? Source { get; init; }
    public int? Year { get; init; }
    public string? AreaType { get; init; }
    public required IReadOnlyDictionary<string, double> Shares { get; init; }
    public IReadOnlyDictionary<string, int>? Composition { get; init; }
    public IReadOnlyList<CategoryTarget> Targets => Shares.Count == 0 ? [] : TargetFigures.Derive(Shares, Composition, Headcount);

    /// <summary>The composition counts as they may be shown: below k "&lt; k", with the next-smallest hidden too (SPEC §9 P3).</summary>
    public IReadOnlyDictionary<string, string> CompositionCells(int k, string hiddenLabel, IFormatProvider culture) =>
        Composition is null ? new Dictionary<string, string>() : Privacy.SmallCounts.Display(Composition, k, hiddenLabel, culture);
}

/// <summary>
/// Service-area profiles (Administrators, from public statistics with source and year) and the team's
/// composition as aggregate counts (HRM). Special-category data: only counts per category, never people.
/// </summary>
public sealed class DiversityHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<TeamDiversity?> LoadAsync(int teamId)
    {
        await using var connection = await connections.OpenAsync();
        var team = await connection.QuerySingleOrDefaultAsync<TeamRow>("SELECT name AS Name, headcount AS Headcount, area_type AS AreaType FROM teams WHERE id = @teamId", new { teamId });
        if (team is null) return null;
        var profile = await connection.QuerySingleOrDefaultAsync<ProfileRow>("SELECT source AS Source, year AS Year FROM service_area_profiles WHERE team_id = @teamId", new { teamId });
        var shares = (await connection.QueryAsync<ShareRow>("SELECT category AS Category, share_percent AS SharePercent FROM service_area_shares WHERE team_id = @teamId", new { teamId }))
            .ToDictionary(s => s.Category, s => s.SharePercent);
        var composition = (await connection.QueryAsync<CountRow>("SELECT category AS Category, head_count AS HeadCount FROM team_composition WHERE team_id = @teamId", new { teamId }))
            .ToDictionary(c => c.Category, c => c.HeadCount);
        return new TeamDiversity
        {
            TeamName = team.Name, Headcount = team.Headcount, AreaType = team.AreaType, Source = profile?.Source, Year = profile?.Year, Shares = shares,
            Composition = composition.Count == 0 ? null : composition,
        };
    }

    public async Task SaveProfileAsync(int teamId, ServiceAreaForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM service_area_shares WHERE team_id = @teamId", new { teamId }, transaction);
        await connection.ExecuteAsync("DELETE FROM service_area_profiles WHERE team_id = @teamId", new { teamId }, transaction);
        await connection.ExecuteAsync("INSERT INTO service_area_profiles (team_id, source, year, updated_at, updated_by) VALUES (@teamId, @source, @Year, @now, @by)",
            new { teamId, source = form.Source!.Trim(), form.Year, now, by = user.UserName }, transaction);
        await connection.ExecuteAsync("INSERT INTO service_area_shares (team_id, category, share_percent) VALUES (@teamId, @category, @share)",
            PopulationCategories.All.Select((category, i) => new { teamId, category, share = (double)form.Shares[i]!.Value }), transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"team:{teamId}", $"service-area profile; {form.Source}; {form.Year}");
        await transaction.CommitAsync();
    }

    public async Task SaveAreaTypeAsync(int teamId, AreaTypeForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var areaType = string.IsNullOrEmpty(form.AreaType) ? null : form.AreaType;
        await connection.ExecuteAsync("UPDATE teams SET area_type = @areaType WHERE id = @teamId", new { teamId, areaType }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"team:{teamId}", $"area type; {areaType ?? "-"}");
        await transaction.CommitAsync();
    }

    public async Task SaveCompositionAsync(int teamId, CompositionForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("DELETE FROM team_composition WHERE team_id = @teamId", new { teamId }, transaction);
        await connection.ExecuteAsync("INSERT INTO team_composition (team_id, category, head_count, updated_at) VALUES (@teamId, @category, @count, @now)",
            PopulationCategories.All.Select((category, i) => new { teamId, category, count = form.Counts[i]!.Value, now }), transaction);
        // The audit entry records that the counts changed, not the counts themselves.
        await audit.AppendAsync(connection, transaction, user.UserName, "composition.updated", $"team:{teamId}");
        await transaction.CommitAsync();
    }

    private sealed class TeamRow { public string Name { get; set; } = ""; public int Headcount { get; set; } public string? AreaType { get; set; } }
    private sealed class ProfileRow { public string Source { get; set; } = ""; public int Year { get; set; } }
    private sealed class ShareRow { public string Category { get; set; } = ""; public double SharePercent { get; set; } }
    private sealed class CountRow { public string Category { get; set; } = ""; public int HeadCount { get; set; } }
}
