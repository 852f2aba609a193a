using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.OrganisationImport;

public sealed class ImportPageModel
{
    public ImportOutcome? Outcome { get; init; }
    /// <summary>The staged upload the confirmation button imports.</summary>
    public int? UploadId { get; init; }
    public string? Error { get; init; }
}

/// <summary>
/// The organisation import for Administrators: upload a CSV or XLSX file, see every change it makes (or every problem,
/// with its row), then confirm. The confirmation imports the uploaded file only if it still makes the same changes.
/// </summary>
[Authorize(Roles = Roles.Administrator)]
[Route("/admin/organisation/import")]
public sealed class OrganisationImportController(OrganisationImportHandler handler, CurrentUser user, IStringLocalizer<SharedResource> t) : Controller
{
    /// <summary>The upload: the file itself plus the form around it.</summary>
    public const long MaxRequestBytes = ImportFile.MaxBytes + 64 * 1024;

    [HttpGet("")]
    public IActionResult Index() => View("Index", new ImportPageModel());

    [HttpGet("sample.csv")]
    public IActionResult Sample()
    {
        var stream = typeof(OrganisationImportController).Assembly.GetManifestResourceStream("organisation-import-sample.csv")!;
        return File(stream, "text/csv; charset=utf-8", "organisatie-import-voorbeeld.csv");
    }

    [HttpPost("")]
    [RefuseOversizedUpload, AcceptsFileUpload]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Upload(IFormFile? file)
    {
        if (file is null || file.Length == 0) return Refused(t["Import.ChooseFile"]);
        if (file.Length > ImportFile.MaxBytes) return Refused(t["Import.Problem.TooLarge", ImportFile.MaxBytes / 1024 / 1024], StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        var content = buffer.ToArray();
        var preview = await handler.PreviewAsync(content, file.FileName);
        if (preview.HasProblems)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new ImportPageModel { Outcome = preview });
        }
        var uploadId = await handler.StageAsync(content, preview, user.UserName);
        return View("Index", new ImportPageModel { Outcome = preview, UploadId = uploadId });
    }

    [HttpPost("confirm")]
    public async Task<IActionResult> Confirm(int uploadId)
    {
        var outcome = await handler.ConfirmAsync(uploadId, user.UserName);
        if (outcome is null) return Refused(t["Import.UploadGone"], StatusCodes.Status404NotFound);
        if (outcome.Stale)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Index", new ImportPageModel { Outcome = outcome, UploadId = uploadId, Error = t["Import.Stale"] });
        }
        if (!outcome.Applied)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", new ImportPageModel { Outcome = outcome });
        }
        var plan = outcome.Plan!;
        TempData["Message"] = t["Import.Done", plan.Changes.Count(c => c.Kind == ChangeKind.Create), plan.Changes.Count(c => c.Kind is ChangeKind.Change or ChangeKind.Reactivate),
            plan.Changes.Count(c => c.Kind == ChangeKind.Deactivate)].Value;
        return Redirect("/admin/organisation");
    }

    private ViewResult Refused(string error, int status = StatusCodes.Status400BadRequest)
    {
        Response.StatusCode = status;
        return View("Index", new ImportPageModel { Error = error });
    }
}

/// <summary>
/// A file above the limit gets the import page with a plain message and 413, before anything reads the body (the
/// antiforgery check would otherwise fail on the form and answer a bare 400). Runs for Administrators only, so it
/// answers nobody else; an upload without a length still meets the form limit.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RefuseOversizedUploadAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -1;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength is not > OrganisationImportController.MaxRequestBytes || !http.User.IsInRole(Roles.Administrator)) return;
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var metadata = http.RequestServices.GetRequiredService<IModelMetadataProvider>();
        context.Result = new ViewResult
        {
            ViewName = "Index",
            StatusCode = StatusCodes.Status413PayloadTooLarge,
            ViewData = new ViewDataDictionary<ImportPageModel>(metadata, new ModelStateDictionary())
            {
                Model = new ImportPageModel { Error = t["Import.Problem.TooLarge", ImportFile.MaxBytes / 1024 / 1024] },
            },
        };
    }
}
