using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Audit;

/// <summary>The audit trail's GET query: actor, action (both "contains"), a date range in the organisation's days, page.</summary>
public sealed class AuditFilter
{
    public const int PageSize = 50;

    [FromQuery(Name = "actor")] public string? Actor { get; set; }
    [FromQuery(Name = "action")] public string? Action { get; set; }
    [FromQuery(Name = "from")] public DateOnly? From { get; set; }
    [FromQuery(Name = "to")] public DateOnly? To { get; set; }
    [FromQuery(Name = "page")] public int? Page { get; set; }

    public int PageNumber => Page ?? 1;
    public bool IsFiltered => !string.IsNullOrWhiteSpace(Actor) || !string.IsNullOrWhiteSpace(Action) || From is not null || To is not null;

    public string Link(int page) => Listing.Link("/admin/audit", ("actor", Actor), ("action", Action),
        ("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
        ("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("page", page > 1 ? page : null));
}

public sealed class AuditFilterValidator : AbstractValidator<AuditFilter>
{
    public AuditFilterValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Actor).MaximumLength(Listing.SearchMax).WithMessage(_ => t["List.Validation.Search", Listing.SearchMax]);
        RuleFor(f => f.Action).MaximumLength(Listing.SearchMax).WithMessage(_ => t["List.Validation.Search", Listing.SearchMax]);
        RuleFor(f => f.To).Must((f, to) => to is null || f.From is null || to >= f.From).WithMessage(_ => t["List.Validation.DateOrder"]);
        RuleFor(f => f.From).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31)).When(f => f.From is not null).WithMessage(_ => t["List.Validation.Date"]);
        RuleFor(f => f.To).InclusiveBetween(new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31)).When(f => f.To is not null).WithMessage(_ => t["List.Validation.Date"]);
        RuleFor(f => f.Page).InclusiveBetween(1, Listing.MaxPage).When(f => f.Page is not null).WithMessage(_ => t["List.Validation.Page", Listing.MaxPage]);
    }
}

/// <summary>One page of the audit trail matching the filter; the dates are the organisation's days.</summary>
public sealed class AuditSearchQuery(AuditTrail audit, Clock clock)
{
    public async Task<Paged<AuditEntry>> RunAsync(AuditFilter filter)
    {
        var skip = (filter.PageNumber - 1) * AuditFilter.PageSize;
        var (entries, total) = await audit.SearchAsync(Listing.Contains(filter.Actor), Listing.Contains(filter.Action),
            filter.From is { } from ? clock.StartOfDayUtc(from) : null, filter.To is { } to ? clock.StartOfDayUtc(to.AddDays(1)) : null,
            skip, AuditFilter.PageSize);
        return new Paged<AuditEntry> { Items = entries, Total = total, Page = filter.PageNumber, PageSize = AuditFilter.PageSize };
    }
}
