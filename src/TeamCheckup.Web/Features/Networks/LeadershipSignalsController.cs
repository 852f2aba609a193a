using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Networks;

public sealed class LeadershipQueuePage
{
    public required IReadOnlyList<SignalRow> Signals { get; init; }
    public required DateOnly Today { get; init; }
    public required bool IsLeadership { get; init; }
}

/// <summary>The leadership queue of the networks' signals (issue 17 item 1): a unit's chiefs see and handle the signals
/// about their unit; the organisation-wide Leadership those about the whole organisation and, as the escalation point,
/// all others. A signal outside the scope looks exactly like one that does not exist (404, audited); every read is audited.</summary>
[Authorize(Roles = Access.LeadershipSignals)]
[Route("/leadership/signals")]
public sealed class LeadershipSignalsController(NetworkSignalQuery signals, NetworkSignalAccess access, CurrentUser user, AuditTrail audit, Clock clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var scope = await user.ScopeAsync();
        return View("Leadership", new LeadershipQueuePage { Signals = await signals.ForLeadershipAsync(scope), Today = clock.Today, IsLeadership = scope.Organisation });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id)
    {
        if (await FindAsync(id) is not { } signal) return NotFound();
        await audit.AppendAsync(user.UserName, NetworkSignalAudit.Read, $"network-signal:{id}", "leadership");
        return ShowView(signal);
    }

    [HttpPost("{id:int}/acknowledge")]
    public async Task<IActionResult> Acknowledge(int id, SignalEntryForm form, [FromServices] SignalThreadHandler handler)
    {
        if (await FindAsync(id) is not { } signal) return NotFound();
        if (form.Body is { Length: > SignalForm.BodyLength })
            ModelState.AddModelError("Note", t["Signal.Validation.TooLong", SignalForm.BodyLength]);
        if (!ModelState.IsValid) return this.InvalidForm(ShowView(signal)); // the note may be empty, not malformed
        await handler.AcknowledgeAsync(id, form.Body);
        TempData["Message"] = t["Signal.Acknowledged"].Value;
        return Redirect($"/leadership/signals/{id}");
    }

    [HttpPost("{id:int}/answer")]
    public async Task<IActionResult> Answer(int id, SignalEntryForm form, [FromServices] IValidator<SignalEntryForm> validator, [FromServices] SignalThreadHandler handler)
    {
        if (await FindAsync(id) is not { } signal) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Entry"] = form;
            return this.InvalidForm(ShowView(signal));
        }
        await handler.AnswerAsync(id, form.Body!);
        TempData["Message"] = t["Signal.AnswerSent"].Value;
        return Redirect($"/leadership/signals/{id}");
    }

    private ViewResult ShowView(SignalDetail signal)
    {
        ViewData["Today"] = clock.Today;
        return View("LeadershipShow", signal);
    }

    private async Task<SignalDetail?> FindAsync(int id)
    {
        var signal = await signals.FindAsync(id);
        if (signal is not null && await access.MayHandleAsync(signal)) return signal;
        await user.RecordDenialAsync($"network-signal:{id}", signal is null ? "no such signal" : "signal outside scope");
        return null;
    }
}
