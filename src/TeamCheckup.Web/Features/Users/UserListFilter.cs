using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Users;

/// <summary>The user list's GET query: name (display or user name), role, unit (a scope in it) and page.</summary>
public sealed class UserListFilter
{
    public const int PageSize = 25;

    [FromQuery(Name = "search")] public string? Search { get; set; }
    [FromQuery(Name = "role")] public string? Role { get; set; }
    [FromQuery(Name = "unit")] public int? Unit { get; set; }
    [FromQuery(Name = "page")] public int? Page { get; set; }

    public int PageNumber => Page ?? 1;
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Search) || Role is not null || Unit is not null;

    public string Link(int page) => Listing.Link("/admin/users", ("search", Search), ("role", Role), ("unit", Unit), ("page", page > 1 ? page : null));
}

public sealed class UserListFilterValidator : AbstractValidator<UserListFilter>
{
    public UserListFilterValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Search).MaximumLength(Listing.SearchMax).WithMessage(_ => t["List.Validation.Search", Listing.SearchMax]);
        RuleFor(f => f.Role).Must(r => r is null || Roles.All.Contains(r)).WithMessage(_ => t["List.Validation.Role"]);
        RuleFor(f => f.Unit).GreaterThan(0).When(f => f.Unit is not null).WithMessage(_ => t["List.Validation.Unit"]);
        RuleFor(f => f.Page).InclusiveBetween(1, Listing.MaxPage).When(f => f.Page is not null).WithMessage(_ => t["List.Validation.Page", Listing.MaxPage]);
    }
}
