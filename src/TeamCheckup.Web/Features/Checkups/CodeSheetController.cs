using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// The round's code sheet again, while its pulse takes answers: the page with every code, the slips as PDF and the
/// links as CSV. Only the lead of the round's team (404 otherwise, audited); each read is in the audit trail. Once
/// the pulse has closed (or its window ended) the codes are gone: 409 with the reason.
/// </summary>
[Authorize(Roles = Roles.TeamLead)]
[Route("/rounds/{id:int}/codes")]
public sealed class CodeSheetController(RoundQuery rounds, CurrentUser user, PublicLinks links, CodeSheet sheet, DbConnectionFactory connections,
    AuditTrail audit, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(int id) =>
        await WithCodesAsync(id, "page", (page, codes) => View("Codes", new CodesPage { Page = page, Codes = codes, Links = links, IsWholeSheet = true }));

    [HttpGet("slips.pdf")]
    public async Task<IActionResult> Slips(int id, [FromServices] CodeSlipsBuilder slips) =>
        await WithCodesAsync(id, "pdf", (page, codes) => File(slips.Pdf(page, codes), "application/pdf", $"teamcheckup-codes-round-{id}.pdf"));

    [HttpGet("links.csv")]
    public async Task<IActionResult> Links(int id, [FromServices] CodeSlipsBuilder slips) =>
        await WithCodesAsync(id, "csv", (_, codes) => File(slips.Csv(codes), "text/csv; charset=utf-8", $"teamcheckup-codes-round-{id}.csv"));

    private async Task<IActionResult> WithCodesAsync(int id, string form, Func<RoundPage, IReadOnlyList<string>, IActionResult> show)
    {
        var page = await rounds.PageAsync(id);
        if (page is null || !await user.LeadsTeamAsync(page.Round.TeamId))
        {
            await user.RecordDenialAsync($"round:{id}", page is null ? "no such round" : "outside scope");
            return NotFound();
        }
        if (!page.Round.AcceptsResponses(clock.Today)) return Gone(page);
        await using var connection = await connections.OpenAsync();
        var codes = await sheet.ReadAsync(connection, id);
        await audit.AppendAsync(user.UserName, "checkup.code-sheet-read", $"round:{id}", $"form={form}; codes={codes.Count}");
        return show(page, codes);
    }

    /// <summary>The pulse no longer takes answers: its codes were deleted when it closed.</summary>
    private IActionResult Gone(RoundPage page)
    {
        ViewData["Error"] = t["Codes.Gone"].Value;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Round", page);
    }
}
