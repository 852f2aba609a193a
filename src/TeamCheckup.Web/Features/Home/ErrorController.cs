using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace TeamCheckup.Web.Features.Home;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message);

/// <summary>Friendly error pages for every status; never a stack trace.</summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorController(IStringLocalizer<SharedResource> t) : Controller
{
    [Route("/error/{statusCode:int?}")]
    public IActionResult Show(int? statusCode)
    {
        var code = statusCode ?? StatusCodes.Status500InternalServerError;
        var (title, message) = code switch
        {
            400 => (t["Error.400.Title"], t["Error.400.Message"]),
            401 => (t["Error.401.Title"], t["Error.401.Message"]),
            403 => (t["Error.403.Title"], t["Error.403.Message"]),
            404 => (t["Error.404.Title"], t["Error.404.Message"]),
            429 => (t["Error.429.Title"], RetryAfterSeconds() is { } seconds ? t["Abuse.RateLimited.Message", seconds] : t["Error.429.Message"]),
            _ => (t["Error.500.Title"], t["Error.500.Message"]),
        };
        Response.StatusCode = code;
        return View("Error", new ErrorViewModel(code, title, message));
    }

    /// <summary>The wait the refused request was told (a 429 from the rate limiter, re-executed here).</summary>
    private int? RetryAfterSeconds() =>
        int.TryParse(Response.Headers.RetryAfter.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds : null;
}
