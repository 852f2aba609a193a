using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>The unit overview for chiefs and HRM/VIK advisors of that unit (or of districts in it); <c>?format=csv</c> /
/// <c>?format=xlsx</c> downloads its tables after the same scope check, from the same overview.</summary>
[Authorize(Roles = Access.UnitOverview)]
public sealed class DashboardController(CurrentUser user, UnitOverviewQuery query, UnitOverviewCache cache, ExportFileBuilder exports, Clock clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/units/{id:int}")]
    public async Task<IActionResult> Unit(int id, string? format, string? ps, string? satisfaction)
    {
        var scope = await user.ScopeAsync();
        var overview = scope.UnitIds.Contains(id) || scope.DistrictIds.Count > 0 ? await cache.GetAsync(id, scope, () => query.RunAsync(id)) : null;
        if (overview is null || (overview.Districts.Count == 0 && !scope.UnitIds.Contains(id)))
        {
            await user.RecordDenialAsync($"unit:{id}", "outside scope");
            return NotFound();
        }
        if (exports.Refusal(this, format, out var file) is { } refusal) return refusal;
        overview = overview with { Filter = HeatMapCell.Parse(ps, satisfaction) };
        if (file is not { } chosen) return View(overview);
        var name = t["Export.File.Unit", overview.UnitCode, ExportFileBuilder.QuarterName(Reports.Quarter.Of(clock.Today))];
        return await exports.FileAsync(chosen, name, UnitExportTables.All(overview, t, CultureInfo.CurrentUICulture), $"unit:{id}");
    }
}
