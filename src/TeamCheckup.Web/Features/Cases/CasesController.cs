using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// The case page and its actions, for the case's experts and the lead discipline of its unit
/// (<see cref="CaseAccess"/>). Each read and change is audited; anyone else gets 404.
/// </summary>
[Authorize(Roles = $"{Roles.HrmAdvisor},{Roles.VikAdvisor},{Roles.CommunicationsAdvisor}")]
[Route("/cases/{id:int}")]
public sealed class CasesController(CaseAccess access, CaseQuery query, Infrastructure.Time.Clock Clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(int id, [FromServices] Infrastructure.Database.DbConnectionFactory connections, [FromServices] Infrastructure.Auth.CurrentUser user)
    {
        if (!await access.ReadAsync(id, "detail")) return NotFound();
        if (await query.RunAsync(id) is not { } detail) return NotFound();
        // Opened by one of its VIK members: the reporter's new message is read (Features/Queue/CaseUnread).
        await using (var connection = await connections.OpenAsync())
            await CaseUnread.OpenedAsync(connection, id, user.Id);
        return View("Case", detail);
    }

    [HttpPost("analysis")]
    public async Task<IActionResult> Analysis(int id, AnalysisForm form, [FromServices] IValidator<AnalysisForm> validator, [FromServices] RecordAnalysisHandler handler)
    {
        await handler.DescribeAsync(id, form); // who may be at the table, from the case (never from the post)
        return await ActAsync(id, form, validator, () => handler.HandleAsync(id, form), "Case.Saved.Analysis");
    }

    [HttpPost("entries")]
    public Task<IActionResult> Entry(int id, EntryForm form, [FromServices] IValidator<EntryForm> validator, [FromServices] AddCaseEntryHandler handler) =>
        ActAsync(id, form, validator, () => handler.HandleAsync(id, form), "Case.Saved.Entry");

    [HttpPost("members")]
    public Task<IActionResult> AddMember(int id, MemberForm form, [FromServices] IValidator<MemberForm> validator, [FromServices] CaseMembersHandler handler) =>
        ActAsync(id, form, validator, () => handler.AddAsync(id, form), "Case.Saved.Member");

    [HttpPost("members/remove")]
    public async Task<IActionResult> RemoveMember(int id, int userId, string role, [FromServices] CaseMembersHandler handler)
    {
        if (!await access.ReadAsync(id, "remove member")) return NotFound();
        return await Done(id, await handler.RemoveAsync(id, userId, role), "Case.Saved.Member");
    }

    [HttpPost("messages")]
    public Task<IActionResult> Message(int id, StaffMessageForm form, [FromServices] IValidator<StaffMessageForm> validator, [FromServices] ReplyToReporterHandler handler) =>
        ActAsync(id, form, validator, () => handler.HandleAsync(id, form), form.IsInternal ? "Case.Saved.InternalNote" : "Case.Saved.Reply");

    [HttpPost("communication")]
    public async Task<IActionResult> Communication(int id, CommunicationForm form, [FromServices] IValidator<CommunicationForm> validator,
        [FromServices] CaseCommunicationHandler handler)
    {
        if (!await access.ReadAsync(id, "communication")) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Case", (await query.RunAsync(id))!));
        return await handler.RecordAsync(id, form) switch
        {
            CommunicationOutcome.Done => await Done(id, true, "Case.Saved.Communication"),
            CommunicationOutcome.NotAllowed => await Conflict(id, "Case.Error.CommunicationNotAllowed"),
            _ => await Conflict(id, "Case.Error.NotAllowed"),
        };
    }

    [HttpPost("status")]
    public async Task<IActionResult> Status(int id, string? target, [FromServices] ChangeCaseStatusHandler handler)
    {
        if (!await access.ReadAsync(id, "status")) return NotFound();
        return await StatusResult(id, await handler.MoveAsync(id, target ?? ""));
    }

    [HttpPost("close")]
    public async Task<IActionResult> Close(int id, CloseForm form, [FromServices] IValidator<CloseForm> validator, [FromServices] ChangeCaseStatusHandler handler,
        [FromServices] Infrastructure.Auth.CurrentUser user)
    {
        if (!await access.ReadAsync(id, "close")) return NotFound();
        if (await query.RunAsync(id) is { } current) // what the form asks depends on the case, never on the post
            (form.IsIntegrityCase, form.OpenedOn) = (IntegrityOutcomes.Applies(current.Header.LeadDiscipline), Clock.DayOf(current.Header.OpenedAt));
        // Input that cannot be read is refused as such first (400); then who may close (409); then what the form asks.
        if (!ModelState.IsValid) return this.InvalidForm(View("Case", (await query.RunAsync(id))!));
        if (form.IsIntegrityCase && !user.IsInRole(Infrastructure.Auth.Roles.VikAdvisor)) return await Conflict(id, "Case.Error.NeedsVikAdvisor");
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Case", (await query.RunAsync(id))!));
        return await StatusResult(id, await handler.CloseAsync(id, form));
    }

    /// <summary>An independent review asked of a closed integrity case's decision, and its result (VIK advisors).</summary>
    [HttpPost("integrity-review")]
    public async Task<IActionResult> IntegrityReview(int id, ReviewForm form, [FromServices] IValidator<ReviewForm> validator, [FromServices] IntegrityReviewHandler handler)
    {
        form.DecidedOn = await handler.DecidedOnAsync(id);
        return await ActAsync(id, form, validator, () => handler.RecordAsync(id, form), "Case.Saved.IntegrityReview");
    }

    private async Task<IActionResult> ActAsync<TForm>(int id, TForm form, IValidator<TForm> validator, Func<Task<bool>> act, string messageKey)
    {
        if (!await access.ReadAsync(id, typeof(TForm).Name)) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Case", (await query.RunAsync(id))!));
        return await Done(id, await act(), messageKey);
    }

    private async Task<IActionResult> Done(int id, bool ok, string messageKey)
    {
        if (!ok) return await Conflict(id, "Case.Error.NotAllowed");
        TempData["Message"] = t[messageKey].Value;
        return Redirect($"/cases/{id}");
    }

    private async Task<IActionResult> StatusResult(int id, StatusChangeResult result) => result switch
    {
        StatusChangeResult.Done => await Done(id, true, "Case.Saved.Status"),
        StatusChangeResult.NeedsAnalysis => await Conflict(id, "Case.Error.NeedsAnalysis"),
        StatusChangeResult.NeedsCommunication => await Conflict(id, "Case.Error.NeedsCommunication"),
        StatusChangeResult.NeedsIntegrityOutcome => await Conflict(id, "Case.Error.NeedsIntegrityOutcome"),
        StatusChangeResult.NeedsVikAdvisor => await Conflict(id, "Case.Error.NeedsVikAdvisor"),
        _ => await Conflict(id, "Case.Error.NotAllowed"),
    };

    private async Task<IActionResult> Conflict(int id, string messageKey)
    {
        ViewData["Error"] = t[messageKey].Value;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Case", (await query.RunAsync(id))!);
    }
}
