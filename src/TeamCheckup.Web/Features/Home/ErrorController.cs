using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Home;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message)
{
    /// <summary>What was wrong with the input of a refused request (400, 409, 413, 415), in the user's language.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>For a refused page (403): the menu entries the user may open instead.</summary>
    public IReadOnlyList<Access.Destination> Instead { get; init; } = [];
}

/// <summary>
/// Friendly error pages for every status; never a stack trace. The action binds nothing: on the way back
/// from a refused or failed request it must not read that request's form or query again. The reasons for
/// a refusal come from the <see cref="RefusedInput"/> the input guard and form rules left on the request.
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorController(IStringLocalizer<SharedResource> t) : Controller
{
    private static readonly int[] Known = [400, 401, 403, 404, 409, 413, 415, 429];

    [Route("/error/{statusCode:int?}")]
    public IActionResult Show()
    {
        var code = int.TryParse(RouteData.Values["statusCode"]?.ToString(), out var parsed) && parsed is >= 400 and <= 599 ? parsed : StatusCodes.Status500InternalServerError;
        var key = Known.Contains(code) ? code : 500;
        var reasons = code is 400 or 409 or 413 or 415 && HttpContext.Features.Get<RefusedInput>() is { IsEmpty: false } refused
            ? InputMessages.All(refused, t) : [];
        Response.StatusCode = code;
        var message = key == 429 && RetryAfterSeconds() is { } seconds ? t["Abuse.RateLimited.Message", seconds] : t[$"Error.{key}.Message"];
        var instead = code == 403 && User.Identity?.IsAuthenticated == true ? Access.MenuFor(User) : [];
        return View("Error", new ErrorViewModel(code, t[$"Error.{key}.Title"], message) { Reasons = reasons, Instead = instead });
    }

    /// <summary>The wait the refused request was told (a 429 from the rate limiter, re-executed here).</summary>
    private int? RetryAfterSeconds() =>
        int.TryParse(Response.Headers.RetryAfter.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds : null;
}
