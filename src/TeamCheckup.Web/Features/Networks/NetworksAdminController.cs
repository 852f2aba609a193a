using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Networks;

public sealed class NetworksAdminPage
{
    public required IReadOnlyList<NetworkAdminRow> Networks { get; init; }
    public required DeadlinesForm Deadlines { get; init; }
}

/// <summary>The Administrator's page of the staff networks and the advisory group, and of leadership's deadlines.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/networks")]
public sealed class NetworksAdminController(NetworkAdminHandler handler, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => await PageAsync(null);

    [HttpGet("new")]
    public IActionResult New() => View("NetworkForm", new NetworkForm { Kind = NetworkKinds.StaffNetwork });

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id) => await handler.LoadAsync(id) is { } form ? View("NetworkForm", form) : NotFound();

    [HttpPost("new")]
    public Task<IActionResult> Create(NetworkForm form, [FromServices] IValidator<NetworkForm> validator)
    {
        form.Id = null;
        return SaveAsync(form, validator);
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Update(int id, NetworkForm form, [FromServices] IValidator<NetworkForm> validator)
    {
        if (await handler.LoadAsync(id) is null) return NotFound();
        form.Id = id;
        return await SaveAsync(form, validator);
    }

    [HttpPost("{id:int}/deactivate")]
    public Task<IActionResult> Deactivate(int id) => SetActiveAsync(id, false);

    [HttpPost("{id:int}/reactivate")]
    public Task<IActionResult> Reactivate(int id) => SetActiveAsync(id, true);

    [HttpPost("deadlines")]
    public async Task<IActionResult> SaveDeadlines(DeadlinesForm form, [FromServices] IValidator<DeadlinesForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(await PageAsync(form));
        await handler.SaveDeadlinesAsync(form);
        TempData["Message"] = t["Networks.DeadlinesSaved"].Value;
        return Redirect("/admin/networks");
    }

    private async Task<IActionResult> SetActiveAsync(int id, bool active)
    {
        if (!await handler.SetActiveAsync(id, active)) return NotFound();
        TempData["Message"] = t[active ? "Networks.Reactivated" : "Networks.Deactivated"].Value;
        return Redirect("/admin/networks");
    }

    private async Task<IActionResult> SaveAsync(NetworkForm form, IValidator<NetworkForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("NetworkForm", form));
        switch (await handler.SaveAsync(form))
        {
            case null: return NotFound();
            case false:
                ModelState.AddModelError(nameof(NetworkForm.Name), t["Networks.Validation.Duplicate"]);
                return this.InvalidForm(View("NetworkForm", form));
        }
        TempData["Message"] = t["Networks.Saved"].Value;
        return Redirect("/admin/networks");
    }

    private async Task<ViewResult> PageAsync(DeadlinesForm? deadlines)
    {
        var current = await handler.DeadlinesAsync();
        return View("Admin", new NetworksAdminPage
        {
            Networks = await handler.ListAsync(),
            Deadlines = deadlines ?? new DeadlinesForm { AcknowledgeDays = current.AcknowledgeDays, AnswerDays = current.AnswerDays },
        });
    }
}
