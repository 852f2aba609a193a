using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>The queue's GET query: filters, search, sort and page. Every value is checked; a bad one gets a 400
/// with its reason (<see cref="QueueFilterValidator"/>). The home page's counts link here with the same values.</summary>
public sealed class QueueFilter
{
    public const int PageSize = 50;
    public const int SearchMax = 100;

    [FromQuery(Name = "status")] public string? Status { get; set; }
    [FromQuery(Name = "priority")] public string? Priority { get; set; }
    [FromQuery(Name = "deadline")] public string? Deadline { get; set; }
    [FromQuery(Name = "unread")] public bool? Unread { get; set; }
    [FromQuery(Name = "team")] public int? Team { get; set; }
    [FromQuery(Name = "search")] public string? Search { get; set; }
    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "page")] public int? Page { get; set; }

    public int PageNumber => Page ?? 1;
    public bool SortsByDeadline => Sort == Sorts.Deadline;
    public bool IsFiltered => Status is not null || Priority is not null || Deadline is not null || Unread == true || Team is not null || !string.IsNullOrWhiteSpace(Search);

    /// <summary>A case number typed as "12" or "#12".</summary>
    public int? CaseNumber => Search?.Trim().TrimStart('#') is { Length: > 0 } digits && int.TryParse(digits, out var id) && id > 0 ? id : null;

    /// <summary>The query string of this filter with one value changed (for paging and the sort links).</summary>
    public string With(string name, string? value)
    {
        var values = new Dictionary<string, string?>
        {
            ["status"] = Status, ["priority"] = Priority, ["deadline"] = Deadline, ["unread"] = Unread == true ? "true" : null,
            ["team"] = Team?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["search"] = Search, ["sort"] = Sort,
            ["page"] = null,
        };
        values[name] = value;
        var query = string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
        return query.Length == 0 ? "/queue" : "/queue?" + query;
    }

    public static class Deadlines
    {
        public const string Breached = "breached";
        /// <summary>Due within 2 working days (today included), not breached, analysis not yet done.</summary>
        public const string DueSoon = "due-soon";
        public const int DueSoonWorkingDays = 2;
        public static readonly IReadOnlyList<string> All = [Breached, DueSoon];
    }

    public static class Sorts
    {
        public const string Priority = "priority";
        public const string Deadline = "deadline";
        public static readonly IReadOnlyList<string> All = [Priority, Deadline];
    }
}

public sealed class QueueFilterValidator : AbstractValidator<QueueFilter>
{
    public QueueFilterValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Status).Must(s => s is null || CaseStatuses.Open.Contains(s)).WithMessage(_ => t["Queue.Validation.Status"]);
        RuleFor(f => f.Priority).Must(p => p is null || p is Priorities.High or Priorities.Normal).WithMessage(_ => t["Queue.Validation.Priority"]);
        RuleFor(f => f.Deadline).Must(d => d is null || QueueFilter.Deadlines.All.Contains(d)).WithMessage(_ => t["Queue.Validation.Deadline"]);
        RuleFor(f => f.Team).GreaterThan(0).When(f => f.Team is not null).WithMessage(_ => t["Queue.Validation.Team"]);
        RuleFor(f => f.Search).MaximumLength(QueueFilter.SearchMax).WithMessage(_ => t["Queue.Validation.Search", QueueFilter.SearchMax]);
        RuleFor(f => f.Sort).Must(s => s is null || QueueFilter.Sorts.All.Contains(s)).WithMessage(_ => t["Queue.Validation.Sort"]);
        RuleFor(f => f.Page).InclusiveBetween(1, 10_000).When(f => f.Page is not null).WithMessage(_ => t["Queue.Validation.Page"]);
    }
}
