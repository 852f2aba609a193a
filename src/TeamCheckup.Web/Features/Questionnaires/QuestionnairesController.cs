using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Pulse;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Questionnaires;

public sealed class EditPageModel
{
    public required VersionRow Version { get; init; }
    public required QuestionnaireEditForm Form { get; init; }
}

/// <summary>Questionnaire versions for Administrators (SPEC §2): copy, edit, preview as a member sees it, publish.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/questionnaires")]
public sealed class QuestionnairesController(QuestionnaireVersionsQuery versions, QuestionnaireVersionHandler handler, DbConnectionFactory connections,
    IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View("Index", await versions.ListAsync());

    [HttpPost("copy")]
    public async Task<IActionResult> Copy()
    {
        var (outcome, id) = await handler.CopyNewestAsync();
        TempData[outcome == VersionChange.Done ? "Message" : "Error"] = t[outcome == VersionChange.Done ? "Questionnaire.Copied" : "Questionnaire.DraftExists"].Value;
        return Redirect($"/admin/questionnaires/{id}/edit");
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id)
    {
        if (await versions.FindAsync(id) is not { } row) return NotFound();
        var definition = QuestionnaireDefinition.Parse(row.Definition);
        return View("Edit", new EditPageModel { Version = row, Form = QuestionnaireEditForm.From(definition, await BasedOnAsync(row)) });
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Save(int id, QuestionnaireEditForm form, [FromServices] IValidator<QuestionnaireEditForm> validator)
    {
        if (await versions.FindAsync(id) is not { } row) return NotFound();
        if (!row.IsDraft) return Refused(row, StatusCodes.Status409Conflict);
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            var stored = QuestionnaireEditForm.From(QuestionnaireDefinition.Parse(row.Definition), await BasedOnAsync(row));
            for (var i = 0; i < form.Statements.Count && i < stored.Statements.Count; i++) form.Statements[i].Key = stored.Statements[i].Key;
            return this.InvalidForm(View("Edit", new EditPageModel { Version = row, Form = form }));
        }
        var outcome = await handler.SaveDraftAsync(id, form);
        if (outcome != VersionChange.Done) return Refused(row, StatusCodes.Status409Conflict);
        TempData["Message"] = t["Questionnaire.Saved"].Value;
        return Redirect($"/admin/questionnaires/{id}/edit");
    }

    [HttpGet("{id:int}/preview")]
    public async Task<IActionResult> Preview(int id)
    {
        if (await versions.FindAsync(id) is not { } row) return NotFound();
        await using var connection = await connections.OpenAsync();
        var kc = (await Privacy.ThresholdSettings.ReadAsync(connection)).Kc;
        return View("~/Features/Pulse/Views/Form.cshtml", new PulsePageModel
        {
            Form = new PulseForm(), Questionnaire = QuestionnaireDefinition.Parse(row.Definition), CommentThreshold = kc, IsPreview = true,
        });
    }

    [HttpPost("{id:int}/publish")]
    public async Task<IActionResult> Publish(int id, PublishForm form, [FromServices] IValidator<PublishForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            // The reasons as the input rules or the validator gave them ("… is te lang") in the page's error summary,
            // unlinked: each version's row has its own date field.
            var reasons = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct().ToList();
            ModelState.Clear();
            foreach (var reason in reasons.Count > 0 ? reasons : [t["Questionnaire.Validation.EffectiveFrom"].Value]) ModelState.AddModelError("", reason);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await versions.ListAsync());
        }
        return await Done(await handler.PublishAsync(id, form.EffectiveFrom!.Value), "Questionnaire.Published");
    }

    [HttpPost("{id:int}/withdraw")]
    public async Task<IActionResult> Withdraw(int id) => await Done(await handler.WithdrawAsync(id), "Questionnaire.Withdrawn");

    [HttpPost("{id:int}/discard")]
    public async Task<IActionResult> Discard(int id) => await Done(await handler.DeleteDraftAsync(id), "Questionnaire.Deleted");

    private async Task<IActionResult> Done(VersionChange outcome, string messageKey)
    {
        if (outcome == VersionChange.NotFound) return NotFound();
        if (outcome == VersionChange.Done)
        {
            TempData["Message"] = t[messageKey].Value;
            return Redirect("/admin/questionnaires");
        }
        ViewData["Error"] = t[outcome == VersionChange.TooEarly ? "Questionnaire.Validation.TooEarly" : "Questionnaire.InUse"].Value;
        Response.StatusCode = outcome == VersionChange.TooEarly ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return View("Index", await versions.ListAsync());
    }

    private ViewResult Refused(VersionRow row, int status)
    {
        Response.StatusCode = status;
        ViewData["Error"] = t["Questionnaire.InUse"].Value;
        return View("Edit", new EditPageModel { Version = row, Form = QuestionnaireEditForm.From(QuestionnaireDefinition.Parse(row.Definition), null) });
    }

    private async Task<QuestionnaireDefinition?> BasedOnAsync(VersionRow row)
    {
        await using var connection = await connections.OpenAsync();
        return await QuestionnaireVersionHandler.BasedOnAsync(connection, null, row);
    }
}
