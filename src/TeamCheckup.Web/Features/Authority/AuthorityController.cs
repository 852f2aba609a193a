using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Authority;

public sealed class AuthorityPage
{
    public required IReadOnlyList<AuthorityScope> Scopes { get; init; }
    public AuthorityScope? Scope { get; init; }
    public required Quarter Quarter { get; init; }
    public required IReadOnlyList<Quarter> Quarters { get; init; }
    public ReportDocument? Document { get; init; }
    /// <summary>The quarter's report of the chosen scope per language, archived or not yet.</summary>
    public required IReadOnlyList<(string Language, ArchivedReport? Archived)> Downloads { get; init; }
    public int K { get; init; }
}

/// <summary>
/// The local authorities' page (issue 17 item 2): for one unit or basic team the Authority user holds, the quarter's figures
/// exactly as its quarterly report prints them (the same <see cref="AuthorityReportBuilder"/> document), a quarter selector and
/// the report to download in Dutch or English. Reading the figures and downloading are audited; anything outside the user's own
/// scope rows is a 404, audited like every refusal.
/// </summary>
[Authorize(Roles = Access.Authority)]
[Route("/authority")]
public sealed class AuthorityController(ReportGenerator generator, ReportAccess access, CurrentUser user, AuditTrail audit,
    DbConnectionFactory connections, Clock clock, IStringLocalizer<SharedResource> t) : Controller
{
    public const string ReadAction = "authority.read";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? quarter, string? type, int? scopeId)
    {
        var last = Quarter.LastClosed(clock.Today);
        var chosen = Quarter.TryParse(quarter, out var q) && q <= last ? q : last;
        await using var connection = await connections.OpenAsync();
        var scopes = await AuthorityScopes.ListAsync(connection, user.Id);
        AuthorityScope? scope;
        if (type is not null || scopeId is not null)
        {
            scope = scopes.FirstOrDefault(s => s.Type == type && s.ScopeId == scopeId);
            if (scope is null)
            {
                await user.RecordDenialAsync($"authority:{type}:{scopeId}", "authority view outside scope");
                return NotFound();
            }
        }
        else scope = scopes.FirstOrDefault();

        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";
        ReportDocument? document = null;
        var downloads = new List<(string, ArchivedReport?)>();
        if (scope is not null)
        {
            document = await generator.BuildAsync(new ReportRequest(scope.Type, scope.ScopeId, chosen, language));
            await audit.AppendAsync(user.UserName, ReadAction, $"report:{scope.Type}:{scope.ScopeId}:{chosen.Key}", language);
            foreach (var lang in ReportRequest.Languages)
                downloads.Add((lang, await generator.FindAsync(new ReportRequest(scope.Type, scope.ScopeId, chosen, lang))));
        }
        return View(new AuthorityPage
        {
            Scopes = scopes, Scope = scope, Quarter = chosen, Document = document, Downloads = downloads,
            Quarters = Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, i).Aggregate(last, (acc, _) => acc.Previous)).ToList(),
            K = (await Privacy.ThresholdSettings.ReadAsync(connection)).K,
        });
    }

    [HttpPost("generate")]
    public async Task<IActionResult> Generate(string type, int scopeId, string quarter, string language)
    {
        var last = Quarter.LastClosed(clock.Today);
        if (type is not (ReportTypes.Authority or ReportTypes.AuthorityTeam) || !Quarter.TryParse(quarter, out var q) || q > last
            || !ReportRequest.Languages.Contains(language))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("~/Features/Shared/Error.cshtml", new Home.ErrorViewModel(400, t["Error.400.Title"], t["Rpt.Error.BadRequest"]));
        }
        if (!await access.MayHaveAsync(type, scopeId))
        {
            await user.RecordDenialAsync($"report:{type}:{scopeId}:{q.Key}", "report outside scope");
            return NotFound();
        }
        var archived = await generator.GetOrCreateAsync(new ReportRequest(type, scopeId, q, language));
        if (archived is null) return NotFound();
        await audit.AppendAsync(user.UserName, "report.generated", $"report:{archived.Id}", $"{type}:{scopeId}:{q.Key}:{language}");
        return Redirect($"/authority/reports/{archived.Id}/download");
    }

    [HttpGet("reports/{id:int}/download")]
    public Task<IActionResult> Download(int id, [FromServices] ReportDownloadHandler downloads) => downloads.DownloadAsync(this, id);
}
