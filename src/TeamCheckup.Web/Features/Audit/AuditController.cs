using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Audit;

public sealed class AuditPageModel
{
    public required Paged<AuditEntry> Entries { get; init; }
    public required AuditFilter Filter { get; init; }
    public AuditVerification? Verification { get; init; }
}

/// <summary>The Administrator's view of the audit trail, and an on-demand check of the hash chain.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/audit")]
public sealed class AuditController(AuditTrail audit, CurrentUser user, AuditSearchQuery search) : Controller
{
    /// <summary>The trail searched by actor and action and narrowed to a date range, 50 a page (a bad value: 400 with its reason).</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index(AuditFilter filter, [FromServices] FluentValidation.IValidator<AuditFilter> validator)
    {
        (await validator.ValidateAsync(filter)).AddTo(ModelState);
        if (!ModelState.IsValid)
            return this.InvalidForm(View(new AuditPageModel { Entries = await search.RunAsync(new AuditFilter()), Filter = filter }));
        return View(new AuditPageModel { Entries = await search.RunAsync(filter), Filter = filter });
    }

    [HttpPost("verify"), RepeatablePost]
    public async Task<IActionResult> Verify()
    {
        var verification = await audit.VerifyAsync(HttpContext.RequestAborted);
        await audit.AppendAsync(user.UserName, AuditActions.AuditVerified,
            details: verification.IsIntact ? $"intact; {verification.EntriesChecked} entries" : $"broken at {verification.FirstBrokenSequence}: {verification.Problem}");
        return View("Index", new AuditPageModel { Entries = await search.RunAsync(new AuditFilter()), Filter = new AuditFilter(), Verification = verification });
    }
}
