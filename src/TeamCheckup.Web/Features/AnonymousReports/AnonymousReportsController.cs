using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.AnonymousReports;

public sealed class ThreadPage
{
    public required string Key { get; init; }
    public required ReporterView Report { get; init; }
    public ReplyForm Reply { get; init; } = new();
}

/// <summary>
/// Anonymous reports for any employee, without signing in (SPEC §5). The case key travels only in
/// POST bodies (never in a URL, so it is in no log or browser history); look-ups are rate-limited.
/// </summary>
[AllowAnonymous]
[AnonymousChannel]
[Route("/melden")]
public sealed class AnonymousReportsController(DbConnectionFactory connections, ReportThreadHandler threads, IOptions<AnonymousReportLimits> limits,
    Infrastructure.Time.Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> New() => View("Form", await WithChoicesAsync(new ReportForm()));

    [HttpPost("")]
    public async Task<IActionResult> File(ReportForm form, [FromServices] IValidator<ReportForm> validator, [FromServices] FileReportHandler handler)
    {
        if (form.TeamId == 0) form.TeamId = null;
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Form", await WithChoicesAsync(form)));
        var filed = await handler.HandleAsync(form);
        if (filed.OverLimit)
        {
            ModelState.AddModelError("", t["Input.Limit.ReportsPerUnit"]);
            return OverLimit(View("Form", await WithChoicesAsync(form)));
        }
        if (!filed.Ok)
        {
            ModelState.AddModelError(nameof(ReportForm.TeamId), t["Report.Validation.TeamInUnit"]);
            return this.InvalidForm(View("Form", await WithChoicesAsync(form)));
        }
        return View("Filed", filed.Key);
    }

    [HttpGet("opvolgen")]
    public IActionResult Open() => View("Open");

    [HttpPost("opvolgen"), RepeatablePost] // a look-up: reading the thread again is harmless
    public async Task<IActionResult> Open(string? key)
    {
        if (CaseKeys.Parse(key) is null) return NotFoundKey("Report.Key.Malformed");
        if (await threads.FindAsync(key) is not { } reportId) return NotFoundKey();
        return View("Thread", new ThreadPage { Key = key!, Report = await threads.ViewAsync(reportId) });
    }

    [HttpPost("opvolgen/antwoord")]
    public async Task<IActionResult> Reply(ReplyForm form, [FromServices] IValidator<ReplyForm> validator)
    {
        if (await threads.FindAsync(form.Key) is not { } reportId) return NotFoundKey();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid)
            return this.InvalidForm(View("Thread", new ThreadPage { Key = form.Key!, Report = await threads.ViewAsync(reportId), Reply = form }));
        var outcome = await threads.ReplyAsync(reportId, form.Body!);
        if (outcome != ReplyOutcome.Sent)
        {
            ModelState.AddModelError(nameof(ReplyForm.Body), outcome == ReplyOutcome.DailyLimit
                ? t["Input.Limit.RepliesPerDay", limits.Value.MaxReporterRepliesPerDay] : t["Input.Limit.MessagesPerReport", limits.Value.MaxReporterMessagesPerReport]);
            return OverLimit(View("Thread", new ThreadPage { Key = form.Key!, Report = await threads.ViewAsync(reportId), Reply = form }));
        }
        ViewData["Message"] = t["Report.ReplySent"].Value;
        return View("Thread", new ThreadPage { Key = form.Key!, Report = await threads.ViewAsync(reportId) });
    }

    /// <summary>429 with the form and the typed text shown again; Retry-After is the start of the organisation's next day.</summary>
    private IActionResult OverLimit(IActionResult view)
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var wait = clock.StartOfDayUtc(clock.Today.AddDays(1)) - clock.UtcNow;
        Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return view;
    }

    /// <summary>404 with the look-up form and what to check; a wrong and a never-issued key get the same words.</summary>
    private IActionResult NotFoundKey(string message = "Report.NotFound")
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Problem"] = t[message].Value;
        return View("Open");
    }

    private async Task<ReportForm> WithChoicesAsync(ReportForm form)
    {
        await using var connection = await connections.OpenAsync();
        ViewData["Units"] = (await connection.QueryAsync<Choice>("SELECT id AS Id, name AS Name FROM units WHERE is_active = 1 ORDER BY name")).ToList();
        ViewData["Teams"] = (await connection.QueryAsync<Choice>(
            "SELECT t.id AS Id, t.name AS Name, u.name AS ParentName FROM teams t JOIN districts d ON d.id = t.district_id " +
            "JOIN units u ON u.id = d.unit_id WHERE t.is_active = 1 AND u.is_active = 1 ORDER BY u.name, t.name")).ToList();
        return form;
    }
}
