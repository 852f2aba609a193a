using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Checkups;

public sealed class CodesPage
{
    public required RoundPage Page { get; init; }
    public required IReadOnlyList<string> Codes { get; init; }
    /// <summary>Absolute links from the configured public base URL, never from the request's Host.</summary>
    public required PublicLinks Links { get; init; }
    /// <summary>Every code of the pulse (the sheet shown again), not only the ones just issued.</summary>
    public bool IsWholeSheet { get; init; }
}

/// <summary>
/// The team lead's check-up round: open the pulse (codes), watch the response count, close it, save
/// the review and complete the round. Only a TeamLead whose scope holds the round's team gets in, and an HRM or
/// VIK advisor the lead invited (<see cref="RoundAdvisors"/>): they read the round page with its results and
/// co-edit the review, nothing else. Anyone else gets 404, recorded in the audit trail.
/// </summary>
[Authorize(Roles = $"{Roles.TeamLead},{Roles.HrmAdvisor},{Roles.VikAdvisor}")]
[Route("/rounds/{id:int}")]
public sealed class CheckupsController(RoundQuery rounds, CurrentUser user, PublicLinks links, IStringLocalizer<SharedResource> t,
    RoundResultsQuery support, Infrastructure.Database.DbConnectionFactory connections) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(int id, [FromServices] Settings.AnonymitySettingsHandler settings)
    {
        if (await LoadRoundAsync(id, advisorMay: true) is not { } page) return NotFound();
        ViewData["DefaultWindowDays"] = (await settings.LoadAsync()).PulseWindowDays;
        return await RoundView(page);
    }

    [HttpPost("advisors")]
    public async Task<IActionResult> InviteAdvisor(int id, InviteAdvisorForm form, [FromServices] IValidator<InviteAdvisorForm> validator, [FromServices] InviteAdvisorHandler handler)
    {
        if (await LoadOwnRoundAsync(id) is not { } page) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(await RoundView(page));
        switch (await handler.HandleAsync(id, page.Round.TeamId, form))
        {
            case InviteOutcome.NotACandidate:
                ModelState.AddModelError(nameof(form.UserId), t["Round.Validation.Advisor"]);
                return this.InvalidForm(await RoundView(page));
            case InviteOutcome.Completed:
                return await StateConflict(id, "Round.Error.Completed");
        }
        TempData["Message"] = t["Round.AdvisorInvited"].Value;
        return Redirect($"/rounds/{id}");
    }

    [HttpPost("pulse/open")]
    public async Task<IActionResult> OpenPulse(int id, OpenPulseForm form, [FromServices] IValidator<OpenPulseForm> validator, [FromServices] OpenPulseHandler handler)
    {
        if (await LoadOwnRoundAsync(id) is not { } page) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Round", page));
        var (outcome, codes) = await handler.HandleAsync(id, form);
        if (outcome == PulseChangeOutcome.NeedsReason) return ReasonRequired(page, form.CodeCount ?? page.Headcount, page.Headcount);
        if (outcome != PulseChangeOutcome.Done) return await StateConflict(id, "Round.Error.CannotOpen");
        return View("Codes", new CodesPage { Page = (await rounds.PageAsync(id))!, Codes = codes, Links = links });
    }

    [HttpPost("pulse/codes")]
    public async Task<IActionResult> MoreCodes(int id, MoreCodesForm form, [FromServices] IValidator<MoreCodesForm> validator, [FromServices] IssueMoreCodesHandler handler)
    {
        if (await LoadOwnRoundAsync(id) is not { } page) return NotFound();
        (await validator.ValidateAsync(form)).AddTo(ModelState);
        if (!ModelState.IsValid) return this.InvalidForm(View("Round", page));
        var (outcome, codes) = await handler.HandleAsync(id, form.Count, form.Reason);
        if (outcome == PulseChangeOutcome.NeedsReason)
            return ReasonRequired(page, page.Round.CodesIssued + form.Count, page.Round.HeadcountAtOpen ?? page.Headcount);
        if (outcome != PulseChangeOutcome.Done) return await StateConflict(id, "Round.Error.PulseNotOpen");
        return View("Codes", new CodesPage { Page = (await rounds.PageAsync(id))!, Codes = codes, Links = links });
    }

    [HttpPost("pulse/close")]
    public async Task<IActionResult> ClosePulse(int id, [FromServices] ClosePulseHandler handler)
    {
        if (await LoadOwnRoundAsync(id) is null) return NotFound();
        if (await handler.HandleAsync(id) != PulseChangeOutcome.Done) return await StateConflict(id, "Round.Error.PulseNotOpen");
        TempData["Message"] = t["Round.PulseClosed"].Value;
        return Redirect($"/rounds/{id}");
    }

    [HttpGet("review")]
    public async Task<IActionResult> Review(int id)
    {
        if (await LoadRoundAsync(id, advisorMay: true) is not { } page) return NotFound();
        await DescribeSupportAsync(page);
        if (page.Round.Status == RoundStatus.Completed) return Redirect($"/rounds/{id}");
        AddBlankRows(page.Review);
        return View("Review", page);
    }

    [HttpPost("review")]
    public async Task<IActionResult> SaveReview(int id, ReviewForm form, string? action,
        [FromServices] ReviewFormValidator draftValidator, [FromServices] CompleteReviewValidator completeValidator, [FromServices] SaveReviewHandler handler)
    {
        if (await LoadRoundAsync(id, advisorMay: true) is not { } page) return NotFound();
        var complete = action == "complete";
        // An invited advisor co-edits the review; completing the round stays the team lead's.
        if (complete && ViewData["IsAdvisor"] is true) return await StateConflict(id, "Round.Error.LeadCompletes");
        form.PeriodStart = page.Round.PeriodStart;
        form.Headcount = page.Headcount;
        form.Carried = Request.CarriedFields();
        await rounds.DescribeCompetenciesAsync(form, page.Round.TeamId);
        var validation = complete ? await completeValidator.ValidateAsync(form) : await draftValidator.ValidateAsync(form);
        validation.AddTo(ModelState);
        if (!ModelState.IsValid)
        {
            await rounds.DescribeFollowUpsAsync(page.Round.TeamId, form.FollowUps);
            var reshown = new RoundPage { Round = page.Round, TeamName = page.TeamName, Headcount = page.Headcount, Review = form };
            AddBlankRows(form);
            await DescribeSupportAsync(page);
            return this.InvalidForm(View("Review", reshown));
        }
        var outcome = await handler.HandleAsync(id, page.Round.TeamId, form, complete);
        if (outcome == ReviewOutcome.Frozen) return await StateConflict(id, "Round.Error.Completed");
        TempData["Message"] = t[complete ? "Round.Completed" : "Round.DraftSaved"].Value;
        return Redirect(complete ? $"/teams/{page.Round.TeamId}" : $"/rounds/{id}/review");
    }

    private static void AddBlankRows(ReviewForm form)
    {
        form.Bottlenecks.RemoveAll(b => b.IsBlank);
        for (var i = 0; i < ReviewVocabulary.BlankRows; i++) form.Bottlenecks.Add(new BottleneckEntry());
        form.NewAgreements.RemoveAll(a => a.IsBlank);
        for (var i = 0; i < ReviewVocabulary.BlankRows; i++) form.NewAgreements.Add(new AgreementEntry());
        form.NewMeasures.RemoveAll(m => m.IsBlank);
        for (var i = 0; i < 2; i++) form.NewMeasures.Add(new MeasureEntry());
    }

    /// <summary>More codes than the headcount plus reserve, without a reason: 400 asking for one; nothing issued.</summary>
    private IActionResult ReasonRequired(RoundPage page, int total, int headcount)
    {
        ModelState.AddModelError("Reason", t["Abuse.Codes.ReasonRequired", total, headcount, CodeBound.Reserve(headcount), CodeBound.Limit(headcount)]);
        return this.InvalidForm(View("Round", page));
    }

    /// <summary>The action does not fit the round's state (already open, closed, completed): 409 with the reason.</summary>
    private async Task<IActionResult> StateConflict(int id, string messageKey)
    {
        ViewData["Error"] = t[messageKey].Value;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await RoundView((await rounds.PageAsync(id))!);
    }

    /// <summary>The round page with its results and who supports it.</summary>
    private async Task<ViewResult> RoundView(RoundPage page)
    {
        await DescribeSupportAsync(page);
        return View("Round", page);
    }

    private async Task DescribeSupportAsync(RoundPage page) =>
        ViewData["Support"] = await support.RunAsync(page.Round, forAdvisor: ViewData["IsAdvisor"] is true);

    private Task<RoundPage?> LoadOwnRoundAsync(int id) => LoadRoundAsync(id, advisorMay: false);

    /// <summary>The round, for a lead of its team — or, where <paramref name="advisorMay"/>, for an advisor invited to it.</summary>
    private async Task<RoundPage?> LoadRoundAsync(int id, bool advisorMay)
    {
        var page = await rounds.PageAsync(id);
        if (page is not null && await user.LeadsTeamAsync(page.Round.TeamId))
        {
            ViewData["IsAdvisor"] = false;
            return page;
        }
        if (page is not null && advisorMay)
        {
            await using var connection = await connections.OpenAsync();
            if (await RoundAdvisors.IsInvitedAsync(connection, user, id))
            {
                ViewData["IsAdvisor"] = true;
                return page;
            }
        }
        await user.RecordDenialAsync($"round:{id}", page is null ? "no such round" : "outside scope");
        return null;
    }
}
