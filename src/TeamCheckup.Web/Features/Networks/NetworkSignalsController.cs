using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Networks;

public sealed class NetworkSignalsPage
{
    public required IReadOnlyList<SignalRow> Signals { get; init; }
    public required IReadOnlyList<Choice> Networks { get; init; }
}

/// <summary>A network representative's own page (issue 17 item 1): the signals of the networks they speak for, with
/// leadership's acknowledgement and answers; filing a new one; asking a follow-up question. A signal of another
/// network looks exactly like one that does not exist (404, audited).</summary>
[Authorize(Roles = Access.NetworkSignals)]
[Route("/signals")]
public sealed class NetworkSignalsController(NetworkSignalQuery signals, NetworkSignalAccess access, CurrentUser user, AuditTrail audit,
    DbConnectionFactory connections, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var scope = await user.ScopeAsync();
        return View(new NetworkSignalsPage { Signals = await signals.ForNetworksAsync(scope.NetworkIds), Networks = await NetworksAsync() });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New() => await FormAsync(new SignalForm { Kind = SignalKinds.Unasked });

    [HttpPost("new")]
    public async Task<IActionResult> Create(SignalForm form, [FromServices] IValidator<SignalForm> validator, [FromServices] FileSignalHandler handler)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (form.NetworkId > 0 && !await user.SpeaksForNetworkAsync(form.NetworkId))
        {
            await user.RecordDenialAsync($"network:{form.NetworkId}", "signal for a network the user does not speak for");
            ModelState.AddModelError(nameof(SignalForm.NetworkId), t["Signal.Validation.Network"]);
        }
        if (!ModelState.IsValid) return this.InvalidForm(await FormAsync(form));
        var id = await handler.HandleAsync(form);
        if (id is null)
        {
            ModelState.AddModelError(nameof(SignalForm.UnitId), t["Signal.Validation.Unit"]);
            return this.InvalidForm(await FormAsync(form));
        }
        TempData["Message"] = t["Signal.Filed"].Value;
        return Redirect($"/signals/{id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id)
    {
        var signal = await signals.FindAsync(id);
        if (signal is null || !await access.MayFollowAsync(signal))
        {
            await user.RecordDenialAsync($"network-signal:{id}", signal is null ? "no such signal" : "signal of another network");
            return NotFound();
        }
        await audit.AppendAsync(user.UserName, NetworkSignalAudit.Read, $"network-signal:{id}", "network");
        return View("Show", signal);
    }

    [HttpPost("{id:int}/follow-up")]
    public async Task<IActionResult> FollowUp(int id, SignalEntryForm form, [FromServices] IValidator<SignalEntryForm> validator, [FromServices] SignalThreadHandler handler)
    {
        var signal = await signals.FindAsync(id);
        if (signal is null || !await access.MayFollowAsync(signal))
        {
            await user.RecordDenialAsync($"network-signal:{id}", signal is null ? "no such signal" : "signal of another network");
            return NotFound();
        }
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            ViewData["Entry"] = form;
            return this.InvalidForm(View("Show", signal));
        }
        await handler.FollowUpAsync(id, form.Body!);
        TempData["Message"] = t["Signal.FollowUpSent"].Value;
        return Redirect($"/signals/{id}");
    }

    private async Task<IActionResult> FormAsync(SignalForm form)
    {
        var networks = await NetworksAsync();
        if (form.NetworkId == 0 && networks.Count == 1) form.NetworkId = networks[0].Id;
        await using var connection = await connections.OpenAsync();
        ViewData["Networks"] = networks;
        ViewData["Units"] = (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM units WHERE is_active = 1 ORDER BY name")).ToList();
        return View("Form", form);
    }

    /// <summary>The active networks the user speaks for.</summary>
    private async Task<IReadOnlyList<Choice>> NetworksAsync()
    {
        var scope = await user.ScopeAsync();
        if (scope.NetworkIds.Count == 0) return [];
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM networks WHERE is_active = 1 AND id IN @ids ORDER BY name",
            new { ids = scope.NetworkIds.ToArray() })).ToList();
    }
}
