using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Pulse;

public sealed class PulsePageModel
{
    public required PulseForm Form { get; init; }
    public required QuestionnaireDefinition Questionnaire { get; init; }
    public required int CommentThreshold { get; init; }
    /// <summary>An Administrator's preview of a questionnaire version (Features/Questionnaires): shown, never submitted.</summary>
    public bool IsPreview { get; init; }
}

/// <summary>
/// The anonymous team pulse: no sign-in, no cookie of ours beyond antiforgery, language and the
/// rate-limit client id (<see cref="BrowserClient"/>, never stored). The code travels in the form;
/// nothing about the request (IP, browser, time) is stored with the answers.
/// </summary>
[AllowAnonymous]
[AnonymousChannel]
public sealed class PulseController(SubmitPulseHandler handler, QuestionnaireCatalog questionnaires, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("/p")]
    public async Task<IActionResult> Start(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return View("EnterCode", (object?)null);
        return await ShowAsync(code);
    }

    [HttpGet("/p/{code}")]
    public Task<IActionResult> Show(string code) => ShowAsync(code);

    [HttpPost("/p")]
    public async Task<IActionResult> Submit(PulseForm form, [FromServices] IValidator<PulseForm> validator)
    {
        var state = await handler.CheckAsync(form.Code);
        if (state != CodeState.Valid) return CodeProblem(state);
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        var facts = await handler.RoundFactsForAsync(form.Code);
        if (facts is not null)
            foreach (var (field, message) in PulseAnswerRules.Check(form, await questionnaires.ByIdAsync(facts.Value.QuestionnaireVersionId), t))
                ModelState.AddModelError(field, message);
        if (!ModelState.IsValid) return this.InvalidForm(await FormView(form));

        state = await handler.SubmitAsync(form);
        return state == CodeState.Valid ? View("Thanks") : CodeProblem(state);
    }

    private async Task<IActionResult> ShowAsync(string code)
    {
        var state = await handler.CheckAsync(code);
        return state == CodeState.Valid ? await FormView(new PulseForm { Code = code }) : CodeProblem(state);
    }

    private async Task<IActionResult> FormView(PulseForm form)
    {
        var facts = await handler.RoundFactsForAsync(form.Code) ?? throw new InvalidOperationException("The code's round disappeared.");
        return View("Form", new PulsePageModel { Form = form, Questionnaire = await questionnaires.ByIdAsync(facts.QuestionnaireVersionId), CommentThreshold = facts.Kc });
    }

    private IActionResult CodeProblem(CodeState state)
    {
        Response.StatusCode = state == CodeState.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        ViewData["Problem"] = t["Pulse.Code." + state].Value;
        return View("EnterCode", (object?)null);
    }
}
