using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>Shares an entry with the case's Experts, or stops sharing it; only the lead discipline, on an open case.</summary>
public sealed class ShareEntryHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> HandleAsync(int caseId, int entryId, bool shared)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lead = await connection.QuerySingleOrDefaultAsync<string>("SELECT lead_discipline FROM cases WHERE id = @caseId AND closed_at IS NULL", new { caseId }, transaction);
        if (lead is null || !CaseMemberCandidates.MayChangeTeam(user, lead)) return false;
        if (await connection.ExecuteAsync("UPDATE case_entries SET shared_with_experts = @shared WHERE id = @entryId AND case_id = @caseId",
                new { shared, entryId, caseId }, transaction) == 0) return false;
        await connection.ExecuteAsync("UPDATE cases SET updated_at = @now WHERE id = @caseId", new { now = clock.UtcNow, caseId }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, shared ? "case.entry-shared" : "case.entry-unshared", $"case:{caseId}", $"entry:{entryId}");
        await transaction.CommitAsync();
        return true;
    }
}

/// <summary>
/// The lead discipline's coordination of a case (issue 13 items 1–3): linking related cases, splitting off a signal,
/// answering a handover request, and sharing entries with the case's Experts. Same readers as the case page
/// (<see cref="CaseAccess"/>, anyone else 404); each handler checks the lead discipline itself.
/// </summary>
[Authorize(Roles = Access.Queue)]
[Route("/cases/{id:int}")]
public sealed class CaseCoordinationController(CaseAccess access, CaseQuery query, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpPost("link")]
    public async Task<IActionResult> Link(int id, int targetCaseId, [FromServices] CaseLinksHandler handler)
    {
        if (!await access.ReadAsync(id, "link")) return NotFound();
        return await Done(id, await handler.LinkAsync(id, targetCaseId) == LinkOutcome.Done, "Case.Saved.Linked");
    }

    [HttpPost("unlink")]
    public async Task<IActionResult> Unlink(int id, [FromServices] CaseLinksHandler handler)
    {
        if (!await access.ReadAsync(id, "unlink")) return NotFound();
        return await Done(id, await handler.UnlinkAsync(id) == LinkOutcome.Done, "Case.Saved.Unlinked");
    }

    [HttpPost("split")]
    public async Task<IActionResult> Split(int id, int signalId, [FromServices] CaseLinksHandler handler)
    {
        if (!await access.ReadAsync(id, "split")) return NotFound();
        if (await handler.SplitAsync(id, signalId) is not { } newCaseId) return await Refused(id);
        TempData["Message"] = t["Case.Saved.Split", newCaseId].Value;
        return Redirect($"/cases/{id}");
    }

    [HttpPost("handover")]
    public async Task<IActionResult> Handover(int id, HandoverForm form, [FromServices] IValidator<HandoverForm> validator, [FromServices] CaseLeadHandler handler,
        [FromServices] CurrentUser user, [FromServices] Clock clock)
    {
        if (!await access.ReadAsync(id, "handover")) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Case", (await query.RunAsync(id))!));
        return await Done(id, await handler.AnswerAsync(id, form.Accepts, form.Reason, user, clock), form.Accepts ? "Case.Saved.HandoverAccepted" : "Case.Saved.HandoverDeclined");
    }

    [HttpPost("entries/share")]
    public async Task<IActionResult> Share(int id, int entryId, bool shared, [FromServices] ShareEntryHandler handler)
    {
        if (!await access.ReadAsync(id, "share entry")) return NotFound();
        return await Done(id, await handler.HandleAsync(id, entryId, shared), shared ? "Case.Saved.Shared" : "Case.Saved.Unshared");
    }

    private async Task<IActionResult> Done(int id, bool ok, string messageKey)
    {
        if (!ok) return await Refused(id);
        TempData["Message"] = t[messageKey].Value;
        return Redirect($"/cases/{id}");
    }

    private async Task<IActionResult> Refused(int id)
    {
        ViewData["Error"] = t["Case.Error.NotAllowed"].Value;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Case", (await query.RunAsync(id))!);
    }
}
