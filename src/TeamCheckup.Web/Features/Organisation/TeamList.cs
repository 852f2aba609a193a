using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Organisation;

/// <summary>The organisation page's GET query: team name, unit, district, inactive ones too, and the page of teams.</summary>
public sealed class TeamListFilter
{
    public const int PageSize = 25;

    [FromQuery(Name = "search")] public string? Search { get; set; }
    [FromQuery(Name = "unit")] public int? Unit { get; set; }
    [FromQuery(Name = "district")] public int? District { get; set; }
    [FromQuery(Name = "inactive")] public bool? Inactive { get; set; }
    [FromQuery(Name = "page")] public int? Page { get; set; }

    public int PageNumber => Page ?? 1;
    public bool IncludeInactive => Inactive == true;
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || Unit is not null || District is not null;

    public string Link(int page) => With(IncludeInactive, page);

    public string With(bool inactive, int page = 1) =>
        Listing.Link("/admin/organisation", ("search", Search), ("unit", Unit), ("district", District), ("inactive", inactive), ("page", page > 1 ? page : null));
}

public sealed class TeamListFilterValidator : AbstractValidator<TeamListFilter>
{
    public TeamListFilterValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Search).MaximumLength(Listing.SearchMax).WithMessage(_ => t["List.Validation.Search", Listing.SearchMax]);
        RuleFor(f => f.Unit).GreaterThan(0).When(f => f.Unit is not null).WithMessage(_ => t["List.Validation.Unit"]);
        RuleFor(f => f.District).GreaterThan(0).When(f => f.District is not null).WithMessage(_ => t["List.Validation.District"]);
        RuleFor(f => f.Page).InclusiveBetween(1, Listing.MaxPage).When(f => f.Page is not null).WithMessage(_ => t["List.Validation.Page", Listing.MaxPage]);
    }
}

public sealed class TeamListRow
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string UnitName { get; set; } = "";
    public string DistrictName { get; set; } = "";
    public string TeamType { get; set; } = "";
    public int Headcount { get; set; }
    public int CadenceMonths { get; set; }
    public bool IsActive { get; set; }
    public int LeadCount { get; set; }
}

/// <summary>One page of the teams matching the filter, sorted by unit, district, team name and id (stable across pages).</summary>
public sealed class TeamListQuery(DbConnectionFactory connections)
{
    public async Task<Paged<TeamListRow>> RunAsync(TeamListFilter filter)
    {
        var where = new List<string> { "1 = 1" };
        var like = Listing.Contains(filter.Search);
        if (!filter.IncludeInactive) where.Add("t.is_active = 1");
        if (like is not null) where.Add("LOWER(t.name) LIKE @like" + Listing.LikeEscape);
        if (filter.Unit is not null) where.Add("d.unit_id = @unit");
        if (filter.District is not null) where.Add("t.district_id = @district");
        var condition = string.Join(" AND ", where);
        var parameters = new { like, unit = filter.Unit, district = filter.District };
        const string from = "FROM teams t JOIN districts d ON d.id = t.district_id JOIN units un ON un.id = d.unit_id";
        var skip = (filter.PageNumber - 1) * TeamListFilter.PageSize;

        await using var connection = await connections.OpenAsync();
        var total = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) {from} WHERE {condition}", parameters);
        var teams = await connection.QueryAsync<TeamListRow>(
            "SELECT t.id AS Id, t.name AS Name, un.name AS UnitName, d.name AS DistrictName, t.team_type AS TeamType, t.headcount AS Headcount, " +
            "t.cadence_months AS CadenceMonths, t.is_active AS IsActive, " +
            "(SELECT COUNT(*) FROM user_scopes s JOIN user_roles r ON r.user_id = s.user_id AND r.role = 'TeamLead' " +
            " JOIN users u ON u.id = s.user_id AND u.is_active = 1 WHERE s.scope_type = 'Team' AND s.scope_id = t.id) AS LeadCount " +
            $"{from} WHERE {condition} ORDER BY un.name, d.name, t.name, t.id {connections.Dialect.Page(skip, TeamListFilter.PageSize)}", parameters);
        return new Paged<TeamListRow> { Items = teams.ToList(), Total = total, Page = filter.PageNumber, PageSize = TeamListFilter.PageSize };
    }
}

public sealed class OrganisationPage
{
    public required IReadOnlyList<UnitNode> Units { get; init; }
    public required Paged<TeamListRow> Teams { get; init; }
    public required TeamListFilter Filter { get; init; }
}
