using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>
/// The input rules every controller action is held to, before it runs (a global resource filter, after
/// antiforgery). In this order:
/// <list type="number">
/// <item>a bad value (<see cref="InputGuardMiddleware"/>) sent to an action without a form to re-show → 400;</item>
/// <item>a POST that carries none of the action's fields (empty, only tokens) → 400;</item>
/// <item>a POST without a well-formed form token → 400; the same form sent again → the first one's redirect,
/// or 409 "already handled"; the token is claimed while the action runs, kept when it succeeded (2xx/3xx) and
/// released when it was refused (4xx) or failed, so the corrected form can be sent again.</item>
/// </list>
/// Refusals answer with an empty body: the status-code page (<c>/error/{status}</c>) shows the reasons.
/// </summary>
public sealed class FormRulesFilter(FormTokenStore tokens, IModelMetadataProvider metadata, ILogger<FormRulesFilter> logger) : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (ErrorPages.IsReExecution(http)) { await next(); return; }
        var facts = ActionFacts.Of(context.ActionDescriptor, http.RequestServices, metadata);
        var refused = RefusedInput.Of(http);
        if (refused.Problems.Count > 0 && !facts.ReshowsForm) { Refuse(context, StatusCodes.Status400BadRequest); return; }
        if (!HttpMethods.IsPost(http.Request.Method)) { await next(); return; }

        if (!facts.IsCarriedBy(http.Request.CarriedFields()))
        {
            refused.Refusal = InputRefusal.NoFields;
            Refuse(context, StatusCodes.Status400BadRequest);
            return;
        }
        if (!facts.NeedsFormToken) { await next(); return; }

        var sent = http.Request.HasFormContentType ? http.Request.Form[FormTokenStore.Field] : default;
        var token = sent.Count == 1 ? sent[0] : null;
        if (!FormTokenStore.IsWellFormed(token))
        {
            refused.Refusal = InputRefusal.NoFormToken;
            Refuse(context, StatusCodes.Status400BadRequest);
            return;
        }
        var (claim, location) = await tokens.ClaimAsync(token!, http.RequestAborted);
        if (claim != FormTokenClaim.Claimed)
        {
            logger.LogInformation("A form was sent again ({Claim}); not handled twice", claim);
            if (claim == FormTokenClaim.Done && location is not null) { context.Result = new RedirectResult(location); return; }
            refused.Refusal = claim == FormTokenClaim.Done ? InputRefusal.AlreadySent : InputRefusal.InProgress;
            Refuse(context, StatusCodes.Status409Conflict);
            return;
        }
        await RunHoldingAsync(token!, next, http);
    }

    private async Task RunHoldingAsync(string token, ResourceExecutionDelegate next, HttpContext http)
    {
        var succeeded = false;
        string? location = null;
        try
        {
            var executed = await next();
            var status = http.Response.StatusCode;
            succeeded = (executed.Exception is null || executed.ExceptionHandled) && status < 400;
            if (succeeded && status >= 300) location = http.Response.Headers.Location.ToString();
        }
        finally
        {
            if (succeeded) await tokens.CompleteAsync(token, location);
            else await tokens.ReleaseAsync(token);
        }
    }

    private static void Refuse(ResourceExecutingContext context, int status) => context.Result = new StatusCodeResult(status);
}

/// <summary>
/// After model binding (a global action filter): puts the input guard's problems and two more rules into
/// ModelState — a line break or tab only in a text area, and (through <see cref="RequiredFieldsConvention"/>
/// and the strict binders) no missing or mistyped value — then lets an action with a form re-show it (400),
/// and answers 400 for any other action whose input did not bind.
/// </summary>
public sealed class BindingProblemsFilter(IModelMetadataProvider metadata, IStringLocalizer<SharedResource> t) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (ErrorPages.IsReExecution(http)) { await next(); return; }
        var facts = ActionFacts.Of(context.ActionDescriptor, http.RequestServices, metadata);
        var refused = RefusedInput.Of(http);
        var modelState = context.ModelState;
        foreach (var problem in refused.Problems) modelState.AddModelError(problem.Field, InputMessages.ForReshownForm(problem, t));
        foreach (var (key, entry) in modelState.ToList())
            if (entry?.AttemptedValue is { } value && StrictFormReader.HasLineBreak(value) && !facts.AllowsLineBreaks(key))
                modelState.AddModelError(key, InputMessages.For(new InputProblem(key, InputProblemKind.LineBreak), t));

        if (!modelState.IsValid && !facts.ReshowsForm)
        {
            refused.Messages.AddRange(modelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct());
            refused.Problems.Clear(); // now in Messages
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }
        await next();
    }
}

/// <summary>The user's-language text of each input problem and refusal.</summary>
public static class InputMessages
{
    public static string For(InputProblem problem, IStringLocalizer t) => problem.Kind switch
    {
        InputProblemKind.Control => t["Input.Problem.Control", FieldName(problem.Field)],
        InputProblemKind.Encoding => t["Input.Problem.Encoding", FieldName(problem.Field)],
        InputProblemKind.TooLong => t["Input.Problem.TooLong", FieldName(problem.Field), problem.Limit],
        _ => t["Input.Problem.LineBreak", FieldName(problem.Field)],
    };

    /// <summary>On a form shown again with the cleaned value: also says what was done to it.</summary>
    public static string ForReshownForm(InputProblem problem, IStringLocalizer t) => problem.Kind switch
    {
        InputProblemKind.Control or InputProblemKind.Encoding => $"{For(problem, t)} {t["Input.Problem.Cleaned"]}",
        InputProblemKind.TooLong => $"{For(problem, t)} {t["Input.Problem.Shortened"]}",
        _ => For(problem, t),
    };

    public static string For(InputRefusal refusal, IStringLocalizer t) => t["Input.Refusal." + refusal];

    /// <summary>Every message for a refused request, for the error page.</summary>
    public static IReadOnlyList<string> All(RefusedInput refused, IStringLocalizer t) =>
        (refused.Refusal is { } refusal ? [For(refusal, t)] : Array.Empty<string>())
            .Concat(refused.Problems.Select(p => For(p, t))).Concat(refused.Messages).Distinct().ToList();

    /// <summary>"NewAgreements[0].What" → "What": the name as the form's field is called, without the path.</summary>
    private static string FieldName(string field)
    {
        var name = field.Split('.')[^1];
        var bracket = name.IndexOf('[');
        return bracket > 0 ? name[..bracket] : name;
    }
}
