using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Reports;

public sealed class IntegrityReportsPage
{
    public required int Year { get; init; }
    public required string Language { get; init; }
    public required IReadOnlyList<int> Years { get; init; }
    public required IReadOnlyList<AvailableReport> Reports { get; init; }
}

/// <summary>
/// The annual integrity reports (issue 17 item 3; docs/integrity.md) within the reader's scope, by year: a VIK advisor has
/// those of the units they hold and the national one, a chief those of their units. Download what is archived, or have a
/// past year's report made on demand (then archived, as the quarterly reports are; the year's-end batch makes them too).
/// Downloads go through <c>/reports/{id}/download</c>, which checks <see cref="ReportAccess"/> again.
/// </summary>
[Authorize(Roles = Access.IntegrityReports)]
[Route("/reports/integrity")]
public sealed class IntegrityReportsController(ReportGenerator generator, ReportAccess access, CurrentUser user, AuditTrail audit,
    DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    public const int YearsOffered = 6;

    /// <summary>The last year that has ended.</summary>
    private int LastYear => clock.Today.Year - 1;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? year, string? language)
    {
        var chosen = year is { } y && y <= LastYear && y > LastYear - YearsOffered ? y : LastYear;
        var lang = language is "en" or "nl" ? language : System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
        var reports = new List<AvailableReport>();
        foreach (var (scopeId, name) in await CandidatesAsync())
            reports.Add(new AvailableReport
            {
                Type = ReportTypes.Integrity, ScopeId = scopeId, ScopeName = name,
                Archived = await generator.FindAsync(new ReportRequest(ReportTypes.Integrity, scopeId, new Quarter(chosen, 4), lang)),
            });
        return View("~/Features/Reports/Views/Integrity.cshtml", new IntegrityReportsPage
        {
            Year = chosen, Language = lang, Reports = reports, Years = Enumerable.Range(0, YearsOffered).Select(i => LastYear - i).ToList(),
        });
    }

    [HttpPost("generate")]
    public async Task<IActionResult> Generate(int year, int scopeId, string? language)
    {
        if (year > LastYear || year <= LastYear - YearsOffered || language is null || !ReportRequest.Languages.Contains(language))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("~/Features/Shared/Error.cshtml", new Home.ErrorViewModel(400, t["Error.400.Title"], t["Rpt.Integrity.BadRequest"]));
        }
        if (!await access.MayHaveAsync(ReportTypes.Integrity, scopeId))
        {
            await user.RecordDenialAsync($"report:{ReportTypes.Integrity}:{scopeId}:{year}", "report outside scope");
            return NotFound();
        }
        var archived = await generator.GetOrCreateAsync(new ReportRequest(ReportTypes.Integrity, scopeId, new Quarter(year, 4), language));
        if (archived is null) return NotFound();
        await audit.AppendAsync(user.UserName, "report.generated", $"report:{archived.Id}", $"{ReportTypes.Integrity}:{scopeId}:{year}:{language}");
        return Redirect($"/reports/{archived.Id}/download");
    }

    /// <summary>The units the reader holds (VIK advisor or chief), and national for a VIK advisor.</summary>
    private async Task<List<(int ScopeId, string Name)>> CandidatesAsync()
    {
        var scope = await user.ScopeAsync();
        await using var connection = await connections.OpenAsync();
        var units = (await connection.QueryAsync<Organisation.Choice>("SELECT id AS Id, name AS Name FROM units WHERE id IN @ids ORDER BY name",
            new { ids = scope.UnitIds.ToArray() })).ToList();
        var list = new List<(int, string)>();
        foreach (var unit in units)
            if (await access.MayHaveAsync(ReportTypes.Integrity, unit.Id)) list.Add((unit.Id, unit.Name));
        if (await access.MayHaveAsync(ReportTypes.Integrity, ReportTypes.National)) list.Add((ReportTypes.National, t["Rpt.National"].Value));
        return list;
    }
}
