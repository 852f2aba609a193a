using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Retention;

public sealed class RetentionRun
{
    public int Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Counts { get; set; }
    public string? Outcome { get; set; }
}

public sealed class RetentionPage
{
    public required RetentionSettingsForm Settings { get; init; }
    public required RetentionCutoffs Cutoffs { get; init; }
    public required RetentionCounts Preview { get; init; }
    public required IReadOnlyList<RetentionRun> Runs { get; init; }
}

/// <summary>What the next retention run removes (a dry run, nothing is written), the periods per kind, and the last runs.</summary>
public sealed class RetentionPreviewQuery(DbConnectionFactory connections, Clock clock)
{
    public async Task<(RetentionCutoffs Cutoffs, RetentionCounts Counts, IReadOnlyList<RetentionRun> Runs)> RunAsync()
    {
        await using var connection = await connections.OpenAsync();
        var cut = RetentionCutoffs.For(await RetentionPeriods.LoadAsync(connection), clock);
        var runs = (await connection.QueryAsync<RetentionRun>(
            "SELECT id AS Id, started_at AS StartedAt, finished_at AS FinishedAt, counts AS Counts, outcome AS Outcome FROM retention_runs " +
            $"ORDER BY id DESC {connections.Dialect.Page(0, 10)}")).ToList();
        return (cut, await RetentionWork.PreviewAsync(connection, cut), runs);
    }
}

/// <summary>Retention for Administrators (SPEC §9 P6): the periods, and a dry run of what the next daily run removes.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/retention")]
public sealed class RetentionController(RetentionSettingsHandler settings, RetentionPreviewQuery preview, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => await PageAsync(await settings.LoadAsync());

    [HttpPost("")]
    public async Task<IActionResult> Save(RetentionSettingsForm form, [FromServices] IValidator<RetentionSettingsForm> validator)
    {
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(await PageAsync(form));
        await settings.SaveAsync(form);
        TempData["Message"] = t["Retention.Saved"].Value;
        return Redirect("/admin/retention");
    }

    private async Task<IActionResult> PageAsync(RetentionSettingsForm form)
    {
        var (cutoffs, counts, runs) = await preview.RunAsync();
        return View("Index", new RetentionPage { Settings = form, Cutoffs = cutoffs, Preview = counts, Runs = runs });
    }
}
