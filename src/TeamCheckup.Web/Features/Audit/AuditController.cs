using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Audit;

public sealed class AuditPageModel
{
    public required IReadOnlyList<AuditEntry> Entries { get; init; }
    public AuditVerification? Verification { get; init; }
}

/// <summary>The Administrator's view of the audit trail, and an on-demand check of the hash chain.</summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/audit")]
public sealed class AuditController(AuditTrail audit, CurrentUser user) : Controller
{
    private const int PageSize = 200;

    [HttpGet("")]
    public async Task<IActionResult> Index() => View(new AuditPageModel { Entries = await audit.LatestAsync(PageSize) });

    [HttpPost("verify"), RepeatablePost]
    public async Task<IActionResult> Verify()
    {
        var verification = await audit.VerifyAsync(HttpContext.RequestAborted);
        await audit.AppendAsync(user.UserName, AuditActions.AuditVerified,
            details: verification.IsIntact ? $"intact; {verification.EntriesChecked} entries" : $"broken at {verification.FirstBrokenSequence}: {verification.Problem}");
        return View("Index", new AuditPageModel { Entries = await audit.LatestAsync(PageSize), Verification = verification });
    }
}
