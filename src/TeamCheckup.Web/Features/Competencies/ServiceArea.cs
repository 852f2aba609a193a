using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Reports;
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
    /// <summary>Share per gender in percent, in the order of <see cref="GenderCategories.All"/>: all three, or none (no gender figures yet).</summary>
    public List<decimal?> GenderShares { get; set; } = [];
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
        RuleFor(f => f.GenderShares).Must(g => g.Count == 0 || g.All(x => x is null) || (g.Count == GenderCategories.All.Count && g.All(x => x is >= 0 and <= 100)))
            .WithMessage(_ => t["ServiceArea.Validation.GenderAll"]);
        RuleFor(f => f.GenderShares).Must(g => Math.Abs(g.Sum(x => x!.Value) - 100m) <= 0.1m)
            .When(f => f.GenderShares.Count == GenderCategories.All.Count && f.GenderShares.All(x => x is >= 0 and <= 100))
            .WithMessage(f => t["ServiceArea.Validation.GenderSum", f.GenderShares.Sum(x => x ?? 0).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)]);
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
    /// <summary>Number of team members per gender (<see cref="GenderCategories.All"/>): all three, or none.</summary>
    public List<int?> GenderCounts { get; set; } = [];
    /// <summary>How many of the team are leaders; empty keeps the leaders' composition as it was.</summary>
    public int? LeaderCount { get; set; }
    /// <summary>The leaders per origin category (needed with <see cref="LeaderCount"/>).</summary>
    public List<int?> LeaderCounts { get; set; } = [];
    /// <summary>The leaders per gender: all three, or none.</summary>
    public List<int?> LeaderGenderCounts { get; set; } = [];
    /// <summary>Set by the controller (not posted).</summary>
    [BindNever] public int Headcount { get; set; }

    public bool HasGender => GenderCounts.Any(c => c is not null);
    public bool HasLeaderGender => LeaderGenderCounts.Any(c => c is not null);
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

        RuleFor(f => f.GenderCounts).Must((form, g) => !form.HasGender || (g.Count == GenderCategories.All.Count && g.All(c => c is not null)))
            .WithMessage(_ => t["Composition.Validation.GenderAll"]);
        RuleForEach(f => f.GenderCounts).Must((form, count) => count is null || (count >= 0 && count <= form.Headcount))
            .WithMessage(f => t["Composition.Validation.Range", f.Headcount]);
        RuleFor(f => f.GenderCounts).Must((form, g) => g.Sum(c => c ?? 0) <= form.Headcount)
            .WithMessage(f => t["Composition.Validation.GenderSum", f.GenderCounts.Sum(c => c ?? 0), f.Headcount]);

        RuleFor(f => f.LeaderCount).InclusiveBetween(0, int.MaxValue).Must((form, n) => n <= form.Headcount).When(f => f.LeaderCount.HasValue)
            .WithMessage(f => t["Composition.Validation.LeaderCount", f.Headcount]);
        RuleFor(f => f.LeaderCounts).Must(l => l.Count == PopulationCategories.All.Count && l.All(c => c is not null)).When(f => f.LeaderCount.HasValue)
            .WithMessage(_ => t["Composition.Validation.LeaderAll"]);
        RuleFor(f => f.LeaderCounts).Must(l => l.All(c => c is null)).When(f => !f.LeaderCount.HasValue)
            .WithMessage(_ => t["Composition.Validation.LeaderAll"]);
        RuleFor(f => f.LeaderGenderCounts).Must((form, g) => !form.HasLeaderGender || (form.LeaderCount.HasValue && g.Count == GenderCategories.All.Count && g.All(c => c is not null)))
            .WithMessage(_ => t["Composition.Validation.LeaderAll"]);
        RuleForEach(f => f.LeaderCounts).Must(c => c is null or >= 0).WithMessage(f => t["Composition.Validation.LeaderRange", f.LeaderCount ?? 0]);
        RuleForEach(f => f.LeaderGenderCounts).Must(c => c is null or >= 0).WithMessage(f => t["Composition.Validation.LeaderRange", f.LeaderCount ?? 0]);
        RuleFor(f => f.LeaderCounts).Must((form, l) => l.Sum(c => c ?? 0) <= form.LeaderCount).When(f => f.LeaderCount is >= 0)
            .WithMessage(f => t["Composition.Validation.LeaderSum", f.LeaderCounts.Sum(c => c ?? 0), f.LeaderCount ?? 0]);
        RuleFor(f => f.LeaderGenderCounts).Must((form, l) => l.Sum(c => c ?? 0) <= form.LeaderCount).When(f => f.LeaderCount is >= 0)
            .WithMessage(f => t["Composition.Validation.LeaderSum", f.LeaderGenderCounts.Sum(c => c ?? 0), f.LeaderCount ?? 0]);
    }
}

/// <summary>The unit's target for its leaders, per dimension: shares in percent that add up to 100 (HRM of the unit).</summary>
public sealed class LeaderTargetForm
{
    public List<decimal?> OriginShares { get; set; } = [];
    public List<decimal?> GenderShares { get; set; } = [];
}

public sealed class LeaderTargetFormValidator : AbstractValidator<LeaderTargetForm>
{
    public LeaderTargetFormValidator(IStringLocalizer<SharedResource> t)
    {
        Shares(f => f.OriginShares, DiversityDimensions.Origin, t);
        Shares(f => f.GenderShares, DiversityDimensions.Gender, t);
    }

    private void Shares(System.Linq.Expressions.Expression<Func<LeaderTargetForm, List<decimal?>>> shares, string dimension, IStringLocalizer<SharedResource> t)
    {
        var count = DiversityDimensions.Categories(dimension).Count;
        var read = shares.Compile();
        RuleFor(shares).Must(s => s.Count == count && s.All(x => x is >= 0 and <= 100))
            .WithMessage(_ => t["Targets.Validation.AllShares", t["Targets.Dimension." + dimension]]);
        RuleFor(shares).Must(s => Math.Abs(s.Sum(x => x!.Value) - 100m) <= 0.1m)
            .When(f => read(f).Count == count && read(f).All(x => x is >= 0 and <= 100))
            .WithMessage(f => t["Targets.Validation.Sum", t["Targets.Dimension." + dimension], read(f).Sum(x => x ?? 0).ToString("0.#", System.Globalization.CultureInfo.CurrentCulture)]);
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

    // ---- issue 17, item 4: gender, leaders and history -------------------------------------------------

    /// <summary>The profile's gender shares (empty where the profile has none yet).</summary>
    public IReadOnlyDictionary<string, double> GenderShares { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, int>? GenderComposition { get; init; }
    public int? LeaderCount { get; init; }
    public IReadOnlyDictionary<string, int>? LeaderComposition { get; init; }
    public IReadOnlyDictionary<string, int>? LeaderGenderComposition { get; init; }
    public IReadOnlyList<CategoryTarget> GenderTargets => GenderShares.Count == 0 ? [] : TargetFigures.Derive(GenderShares, GenderComposition, Headcount, GenderCategories.All);

    /// <summary>Every change of the profile and of the compositions, newest first (date, what, by whom).</summary>
    public IReadOnlyList<DiversityChange> History { get; init; } = [];
    /// <summary>Realisation per quarter up to today's quarter, from the history (team members and leaders, origin and gender).</summary>
    public IReadOnlyList<TrendSeries> Trend { get; init; } = [];
}

/// <summary>One kept version: the profile ("profile"), the team's composition ("team") or its leaders' ("leaders").</summary>
public sealed record DiversityChange(DateOnly ValidFrom, string Kind, string ChangedBy);

/// <summary>
/// Service-area profiles (Administrators, from public statistics with source and year) and the team's
/// composition as aggregate counts (HRM). Special-category data: only counts per category, never people.
/// Every save is a new version with the date it holds from (the one <see cref="Clock"/>'s today) and who saved it
/// (migration 0115); the current figures are the latest version.
/// </summary>
public sealed class DiversityHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<TeamDiversity?> LoadAsync(int teamId)
    {
        await using var connection = await connections.OpenAsync();
        var team = await connection.QuerySingleOrDefaultAsync<TeamRow>("SELECT name AS Name, headcount AS Headcount, area_type AS AreaType FROM teams WHERE id = @teamId", new { teamId });
        if (team is null) return null;
        var profiles = (await connection.QueryAsync<VersionRow>(
            "SELECT v.id AS Id, v.valid_from AS ValidFrom, v.source AS Source, v.year AS Year, v.changed_by AS ChangedBy, s.dimension AS Dimension, s.category AS Category, s.share_percent AS Share " +
            "FROM service_area_profile_versions v JOIN service_area_profile_shares s ON s.version_id = v.id WHERE v.team_id = @teamId", new { teamId })).ToList();
        var compositions = (await connection.QueryAsync<VersionRow>(
            "SELECT v.id AS Id, v.valid_from AS ValidFrom, v.group_kind AS GroupKind, v.group_size AS GroupSize, v.changed_by AS ChangedBy, c.dimension AS Dimension, c.category AS Category, c.head_count AS Count " +
            "FROM composition_versions v JOIN composition_counts c ON c.version_id = v.id WHERE v.team_id = @teamId", new { teamId })).ToList();
        static List<VersionRow> Latest(IEnumerable<VersionRow> rows) =>
            rows.GroupBy(r => r.Id).OrderBy(g => g.First().ValidFrom).ThenBy(g => g.Key).LastOrDefault()?.ToList() ?? [];
        var profile = Latest(profiles);
        var teamComposition = Latest(compositions.Where(c => c.GroupKind == CompositionGroups.Team));
        var leaders = Latest(compositions.Where(c => c.GroupKind == CompositionGroups.Leaders));
        static Dictionary<string, int>? Counts(List<VersionRow> rows, string dimension) =>
            rows.Where(r => r.Dimension == dimension).ToDictionary(r => r.Category, r => r.Count ?? 0) is { Count: > 0 } d ? d : null;
        var history = profiles.GroupBy(p => p.Id).Select(g => new DiversityChange(g.First().ValidFrom, "profile", g.First().ChangedBy))
            .Concat(compositions.GroupBy(c => c.Id).Select(g => new DiversityChange(g.First().ValidFrom, g.First().GroupKind!, g.First().ChangedBy)))
            .Select((c, i) => (c, i)).OrderByDescending(x => x.c.ValidFrom).ThenByDescending(x => x.i).Select(x => x.c).ToList();
        var trend = await DiversityHistory.ForTeamAsync(connection, teamId, Quarter.Of(clock.Today).Trailing(TrendQuarters));
        return new TeamDiversity
        {
            TeamName = team.Name, Headcount = team.Headcount, AreaType = team.AreaType, Source = profile.FirstOrDefault()?.Source, Year = profile.FirstOrDefault()?.Year,
            Shares = profile.Where(p => p.Dimension == DiversityDimensions.Origin).ToDictionary(p => p.Category, p => p.Share ?? 0),
            GenderShares = profile.Where(p => p.Dimension == DiversityDimensions.Gender).ToDictionary(p => p.Category, p => p.Share ?? 0),
            Composition = Counts(teamComposition, DiversityDimensions.Origin),
            GenderComposition = Counts(teamComposition, DiversityDimensions.Gender),
            LeaderCount = leaders.FirstOrDefault()?.GroupSize,
            LeaderComposition = Counts(leaders, DiversityDimensions.Origin),
            LeaderGenderComposition = Counts(leaders, DiversityDimensions.Gender),
            History = history, Trend = trend,
        };
    }

    /// <summary>Quarters of realisation the team's page shows (today's quarter and the four before it).</summary>
    public const int TrendQuarters = 5;

    public async Task SaveProfileAsync(int teamId, ServiceAreaForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var version = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO service_area_profile_versions (team_id, valid_from, source, year, changed_at, changed_by) VALUES (@teamId, @today, @source, @Year, @now, @by); " +
            Identity(), new { teamId, today = clock.Today, source = form.Source!.Trim(), form.Year, now = clock.UtcNow, by = user.UserName }, transaction);
        var shares = PopulationCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Origin, category, share = (double)form.Shares[i]!.Value });
        if (form.GenderShares.Count == GenderCategories.All.Count && form.GenderShares.All(x => x.HasValue))
            shares = shares.Concat(GenderCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Gender, category, share = (double)form.GenderShares[i]!.Value }));
        await connection.ExecuteAsync("INSERT INTO service_area_profile_shares (version_id, dimension, category, share_percent) VALUES (@version, @dimension, @category, @share)", shares.ToList(), transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"team:{teamId}", $"service-area profile; {form.Source}; {form.Year}; valid from {clock.Today:yyyy-MM-dd}");
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
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertVersionAsync(connection, transaction, teamId, CompositionGroups.Team, form.Headcount, form.Counts, form.HasGender ? form.GenderCounts : null);
        if (form.LeaderCount is { } leaders)
            await InsertVersionAsync(connection, transaction, teamId, CompositionGroups.Leaders, leaders, form.LeaderCounts, form.HasLeaderGender ? form.LeaderGenderCounts : null);
        // The audit entry records that the counts changed, not the counts themselves.
        await audit.AppendAsync(connection, transaction, user.UserName, "composition.updated", $"team:{teamId}", $"valid from {clock.Today:yyyy-MM-dd}{(form.LeaderCount is null ? "" : "; leaders")}");
        await transaction.CommitAsync();
    }

    private async Task InsertVersionAsync(DbConnection connection, DbTransaction transaction, int teamId, string group, int size, List<int?> origin, List<int?>? gender)
    {
        var version = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO composition_versions (team_id, group_kind, group_size, valid_from, changed_at, changed_by) VALUES (@teamId, @group, @size, @today, @now, @by); " + Identity(),
            new { teamId, group, size, today = clock.Today, now = clock.UtcNow, by = user.UserName }, transaction);
        var counts = PopulationCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Origin, category, count = origin[i]!.Value });
        if (gender is not null) counts = counts.Concat(GenderCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Gender, category, count = gender[i]!.Value }));
        await connection.ExecuteAsync("INSERT INTO composition_counts (version_id, dimension, category, head_count) VALUES (@version, @dimension, @category, @count)", counts.ToList(), transaction);
    }

    /// <summary>The unit's current leader target (latest version), or null.</summary>
    public async Task<LeaderTargetForm?> LoadLeaderTargetAsync(int unitId)
    {
        await using var connection = await connections.OpenAsync();
        var rows = (await connection.QueryAsync<VersionRow>(
            "SELECT v.id AS Id, v.valid_from AS ValidFrom, v.changed_by AS ChangedBy, s.dimension AS Dimension, s.category AS Category, s.share_percent AS Share " +
            "FROM unit_leader_target_versions v JOIN unit_leader_target_shares s ON s.version_id = v.id WHERE v.unit_id = @unitId", new { unitId })).ToList();
        var latest = rows.GroupBy(r => r.Id).OrderBy(g => g.First().ValidFrom).ThenBy(g => g.Key).LastOrDefault()?.ToList();
        if (latest is null) return null;
        List<decimal?> Of(string dimension) => DiversityDimensions.Categories(dimension)
            .Select(c => latest.FirstOrDefault(r => r.Dimension == dimension && r.Category == c)?.Share is { } v ? (decimal?)Math.Round((decimal)v, 1) : null).ToList();
        return new LeaderTargetForm { OriginShares = Of(DiversityDimensions.Origin), GenderShares = Of(DiversityDimensions.Gender) };
    }

    /// <summary>Every change of the unit's leader target, newest first.</summary>
    public async Task<IReadOnlyList<DiversityChange>> LeaderTargetHistoryAsync(int unitId)
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<VersionRow>("SELECT id AS Id, valid_from AS ValidFrom, changed_by AS ChangedBy FROM unit_leader_target_versions WHERE unit_id = @unitId", new { unitId }))
            .OrderByDescending(r => r.ValidFrom).ThenByDescending(r => r.Id).Select(r => new DiversityChange(r.ValidFrom, "LeaderTarget", r.ChangedBy)).ToList();
    }

    public async Task SaveLeaderTargetAsync(int unitId, LeaderTargetForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var version = await connection.ExecuteScalarAsync<int>(
            "INSERT INTO unit_leader_target_versions (unit_id, valid_from, changed_at, changed_by) VALUES (@unitId, @today, @now, @by); " + Identity(),
            new { unitId, today = clock.Today, now = clock.UtcNow, by = user.UserName }, transaction);
        var shares = PopulationCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Origin, category, share = (double)form.OriginShares[i]!.Value })
            .Concat(GenderCategories.All.Select((category, i) => new { version, dimension = DiversityDimensions.Gender, category, share = (double)form.GenderShares[i]!.Value }));
        await connection.ExecuteAsync("INSERT INTO unit_leader_target_shares (version_id, dimension, category, share_percent) VALUES (@version, @dimension, @category, @share)", shares.ToList(), transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, "leader-target.updated", $"unit:{unitId}", $"valid from {clock.Today:yyyy-MM-dd}");
        await transaction.CommitAsync();
    }

    private string Identity() => connections.Dialect.SelectNewId;

    private sealed class TeamRow { public string Name { get; set; } = ""; public int Headcount { get; set; } public string? AreaType { get; set; } }
    private sealed class VersionRow
    {
        public int Id { get; set; }
        public DateOnly ValidFrom { get; set; }
        public string? Source { get; set; }
        public int? Year { get; set; }
        public string? GroupKind { get; set; }
        public int? GroupSize { get; set; }
        public string ChangedBy { get; set; } = "";
        public string Dimension { get; set; } = "";
        public string Category { get; set; } = "";
        public double? Share { get; set; }
        public int? Count { get; set; }
    }
}
