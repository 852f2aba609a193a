using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Checkups;

/// <summary>
/// The team lead's periodic check-up (SPEC §4) end to end: the lead opens the pulse and hands out
/// codes, members answer anonymously on their phones, the lead closes the pulse, holds the review and
/// completes the round, and the team dashboard shows what may be shown (SPEC §9 P2).
/// Each test uses its own team of the demo lead <c>teamchef</c>, so they do not share data.
/// </summary>
public sealed class CheckupJourneyTests : BrowserTest
{
    private const string TeamLead = "teamchef";
    private const int TeamUtrechtCentrum = 1;   // headcount 48
    private const int TeamUtrechtNoord = 2;     // headcount 36
    private const string NotEnough = "niet genoeg reacties";

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>Five members who answer differently (items 1, 3 and 5 are the reverse-coded ones).</summary>
    private static readonly PulseAnswers[] FiveMembers =
    [
        new([2, 6, 1, 6, 2, 5, 6], Satisfaction: 8, Workload: 3, "No", null, Aftercare: 4, "Fijne collega's, goede sfeer."),
        new([3, 5, 2, 5, 3, 5, 5], Satisfaction: 7, Workload: 4, "Witnessed", "Bullying", Aftercare: null, null),
        new([1, 7, 1, 7, 1, 7, 7], Satisfaction: 9, Workload: 3, "No", null, Aftercare: 5, null),
        new([5, 3, 4, 3, 5, 4, 3], Satisfaction: 5, Workload: 5, "Experienced", "Harassment", Aftercare: 2, "Te veel diensten achter elkaar."),
        new([4, 4, 3, 4, 3, 4, 5], Satisfaction: 6, Workload: 4, "No", null, Aftercare: 3, null),
    ];

    [Test]
    public async Task Team_lead_runs_a_checkup_from_pulse_to_dashboard()
    {
        var members = FiveMembers;
        // Expected figures, computed here rather than by the app's own scoring code.
        var expectedIndex = members.Average(m => m.PsychologicalSafetyIndex);
        var expectedSatisfaction = members.Average(m => m.Satisfaction);
        var expectedWorkload = members.Average(m => m.Workload);
        Assert.That(expectedIndex.ToString("0", Dutch), Is.EqualTo("70"), "the test data's own arithmetic (69.5…)");
        Assert.That(expectedSatisfaction.ToString("0.0", Dutch), Is.EqualTo("7,0"));

        await SignInAsync(TeamLead, DemoData.Password);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
        var roundId = await WaitForCurrentRoundAsync(TeamUtrechtCentrum);
        // The home page's card of the team leads to the same round.
        await Page.GotoAsync("/");
        await Page.GetByTestId("home-teamlead").Locator($"li.card a[href='/rounds/{roundId}']").ClickAsync();

        // 1. The round page: the pulse is not open yet.
        await Expect(Page).ToHaveURLAsync(new Regex($"/rounds/{roundId}$"));
        await Expect(Page.GetByTestId("round-status")).ToHaveTextAsync("Te starten");
        await Expect(Page.Locator("#CodeCount")).ToHaveValueAsync("48");
        await Page.Locator("#WindowDays").FillAsync("14");
        await Page.Locator("#CodeCount").FillAsync("6");
        await SaveScreenshotAsync(Page, "checkup-round");

        // 2. Open the pulse: six codes, as slips and as links.
        await Page.Locator($"form[action='/rounds/{roundId}/pulse/open'] button[type=submit]").ClickAsync();
        var codes = await ReadCodesAsync(6);
        var links = await Page.Locator("textarea.code-links").InputValueAsync();
        var linkList = links.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var baseUrl = BrowserSession.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.That(linkList, Is.EqualTo(codes.Select(c => $"{baseUrl}/p/{c}").ToArray()), "one link per code, in slip order");
        await SaveScreenshotAsync(Page, "checkup-codes");

        // 3. Members answer on their phones, each in their own browser without signing in, here without script (the
        // whole form on one page; with script a phone gets one question at a time: KeptWork/PulseStepsTests).
        // The first one forgets questions at first: 400, the error summary, nothing stored.
        await using (var phone = await NewContextAsync(Phone, javaScript: false))
        {
            var page = await phone.NewPageAsync();
            await page.GotoAsync(linkList[0]);
            await Expect(page.Locator("form[method=post][action='/p']")).ToBeVisibleAsync();
            await AssertNoSidewaysScrollAsync(page, "the pulse questionnaire");
            await page.Locator("input[name=Ps1][value='2']").CheckAsync();
            await page.Locator("input[name=Satisfaction][value='8']").CheckAsync();
            var rejected = await SubmitPulseAsync(page);
            Assert.That(rejected.Status, Is.EqualTo(400));
            var summary = page.GetByTestId("error-summary");
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary).ToContainTextAsync("Beantwoord uitspraak 2.");
            await Expect(page.Locator("input[name=Ps1][value='2']")).ToBeCheckedAsync();   // nothing lost

            await FillPulseAsync(page, members[0]);
            await SaveScreenshotAsync(page, "checkup-phone-questionnaire");
            var accepted = await SubmitPulseAsync(page);
            Assert.That(accepted.Status, Is.EqualTo(200));
            await Expect(page.GetByTestId("pulse-thanks")).ToBeVisibleAsync();
            await AssertNoSidewaysScrollAsync(page, "the thank-you page");
            await SaveScreenshotAsync(page, "checkup-phone-thanks");
        }
        for (var i = 1; i < 4; i++) await AnswerOnPhoneAsync(linkList[i], members[i]);

        // The fifth member has the form open in two tabs: the second submit of the same code stores nothing.
        // (A background tab gets no animation frames, which Playwright's checks wait for: bring each tab to the front.)
        await using (var phone = await NewContextAsync(Phone, javaScript: false))
        {
            var first = await phone.NewPageAsync();
            await first.GotoAsync(linkList[4]);
            await FillPulseAsync(first, members[4]);
            var second = await phone.NewPageAsync();
            await second.GotoAsync(linkList[4]);
            await FillPulseAsync(second, members[0]);
            await first.BringToFrontAsync();
            await SubmitPulseAsync(first);
            await Expect(first.GetByTestId("pulse-thanks")).ToBeVisibleAsync();
            await second.BringToFrontAsync();
            var again = await SubmitPulseAsync(second);
            Assert.That(again.Status, Is.EqualTo(409));
            await Expect(second.GetByTestId("pulse-problem")).ToContainTextAsync("Deze code is al gebruikt");
            await Expect(second.GetByTestId("pulse-thanks")).ToHaveCountAsync(0);
        }

        // A sixth use of a code that was already used: the link itself says so.
        await using (var phone = await NewContextAsync(Phone, javaScript: false))
        {
            var page = await phone.NewPageAsync();
            var response = await page.GotoAsync($"/p/{codes[2]}");
            Assert.That(response!.Status, Is.EqualTo(409));
            await Expect(page.GetByTestId("pulse-problem")).ToContainTextAsync("Deze code is al gebruikt");
            await Expect(page.Locator("form[method=post][action='/p']")).ToHaveCountAsync(0);
            await SaveScreenshotAsync(page, "checkup-phone-code-used");
        }

        // 4. The lead sees five responses (not seven: the rejected and the repeated submit stored nothing).
        await Page.GotoAsync($"/rounds/{roundId}");
        await Expect(Page.GetByTestId("round-status")).ToHaveTextAsync("Puls loopt");
        await Expect(Page.GetByTestId("response-count")).ToHaveTextAsync("5");
        await SaveScreenshotAsync(Page, "checkup-round-pulse-open");

        // 5. Close the pulse (the page asks for confirmation).
        string? question = null;
        Page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await Page.Locator($"form[action='/rounds/{roundId}/pulse/close'] button[type=submit]").ClickAsync();
        await Expect(Page.GetByTestId("round-status")).ToHaveTextAsync("Bespreking");
        Assert.That(question, Is.Not.Null.And.Not.Empty, "closing asks for confirmation");
        await Expect(Page.GetByText("De teampuls is gesloten met 5 reacties.")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("response-count")).ToHaveCountAsync(0);

        // 6. The review: all seven scores, a bottleneck, an agreement, a tension flag.
        await Page.GetByTestId("open-review").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/rounds/{roundId}/review$"));
        int[] scores = [3, 4, 2, 4, 3, 4, 2];
        for (var i = 0; i < 6; i++) await Page.Locator($"input[name='Dimensions[{i}].Score'][value='{scores[i]}']").CheckAsync();
        await Page.Locator("#Dimensions_0__Note").FillAsync("Collega's durven elkaar aan te spreken, maar niet altijd.");
        await Page.Locator("#Dimensions_2__Note").FillAsync("Veel dubbele diensten in de laatste maand.");
        await Page.Locator("#Bottlenecks_0__Category").SelectOptionAsync("Workload");
        await Page.Locator("#Bottlenecks_0__Severity").SelectOptionAsync("High");
        await Page.Locator("#Bottlenecks_0__Description").FillAsync("Structureel te weinig bezetting in de nachtdienst.");
        var dueDate = DateOnly.FromDateTime(DateTime.Today).AddDays(30);
        await Page.Locator("#NewAgreements_0__What").FillAsync("Roosterplanning met HRM doorlichten");
        await Page.Locator("#NewAgreements_0__SupportingParty").SelectOptionAsync("HRM");
        await Page.Locator("#NewAgreements_0__Owner").FillAsync("Teamchef Utrecht-Centrum");
        await Page.Locator("#NewAgreements_0__DueDate").FillAsync(dueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.Locator("#TensionFlag").CheckAsync();
        await Page.Locator("#TensionDescription").FillAsync("Spanning tussen de dienstgroepen over de verdeling van nachtdiensten.");

        // Completing with one score missing: 400, the summary names the dimension, nothing entered is lost.
        var incomplete = await Page.RunAndWaitForResponseAsync(
            () => Page.GetByTestId("complete-round").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith($"/rounds/{roundId}/review", StringComparison.Ordinal));
        Assert.That(incomplete.Status, Is.EqualTo(400));
        await Expect(Page.GetByTestId("error-summary")).ToContainTextAsync("Geef een score voor 'Nazorg na ingrijpende gebeurtenissen' voordat je afrondt.");
        await Expect(Page.Locator("#Bottlenecks_0__Description")).ToHaveValueAsync("Structureel te weinig bezetting in de nachtdienst.");
        await Expect(Page.Locator("#NewAgreements_0__What")).ToHaveValueAsync("Roosterplanning met HRM doorlichten");
        await Expect(Page.Locator("#TensionFlag")).ToBeCheckedAsync();
        await Expect(Page.Locator($"input[name='Dimensions[1].Score'][value='{scores[1]}']")).ToBeCheckedAsync();

        await Page.Locator($"input[name='Dimensions[6].Score'][value='{scores[6]}']").CheckAsync();
        await SaveScreenshotAsync(Page, "checkup-review");
        await Page.GetByTestId("complete-round").ClickAsync();

        // 7. The team dashboard.
        await Expect(Page).ToHaveURLAsync(new Regex($"/teams/{TeamUtrechtCentrum}$"));
        await Expect(Page.GetByTestId("current-round")).ToContainTextAsync("Afgerond");
        var row = TrendRow();
        await Expect(row.Locator("td")).ToHaveTextAsync(
        [
            "5",
            (5 / 48.0 * 100).ToString("0", Dutch), // the header says "(%)"
            expectedIndex.ToString("0", Dutch),
            expectedSatisfaction.ToString("0.0", Dutch),
            expectedWorkload.ToString("0.0", Dutch),
            "20",     // one of five experienced unacceptable behaviour (%)
            "20",     // one of five witnessed it (%)
        ]);
        // Five respondents are enough for figures (k = 5) but not for comments (k_c = 10).
        await Expect(Page.GetByTestId("comments-suppressed")).ToBeVisibleAsync();
        await Expect(Page.GetByText("Fijne collega's, goede sfeer.")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Te veel diensten achter elkaar.")).ToHaveCountAsync(0);

        var bottleneck = Page.Locator("section[aria-labelledby=bottlenecks-heading] tbody tr");
        await Expect(bottleneck).ToHaveCountAsync(1);
        await Expect(bottleneck.Locator("td")).ToHaveTextAsync(["Werkdruk", "Structureel te weinig bezetting in de nachtdienst.", "Hoog"]);

        var agreement = Page.GetByTestId("agreements").Locator("tbody tr");
        await Expect(agreement).ToHaveCountAsync(1);
        await Expect(agreement.Locator("td").Nth(0)).ToHaveTextAsync("Roosterplanning met HRM doorlichten");
        await Expect(agreement.Locator("td").Nth(1)).ToHaveTextAsync("HRM");
        await Expect(agreement.Locator("td").Nth(2)).ToHaveTextAsync("Teamchef Utrecht-Centrum");
        await Expect(agreement.Locator("td").Nth(3)).ToContainTextAsync(dueDate.ToString("d MMM yyyy", Dutch));
        await SaveScreenshotAsync(Page, "checkup-dashboard");
    }

    [Test]
    public async Task Four_responses_are_too_few_to_show_figures()
    {
        await SignInAsync(TeamLead, DemoData.Password);
        await Expect(Page.GetByTestId("home-teamlead")).ToBeVisibleAsync();
        var roundId = await WaitForCurrentRoundAsync(TeamUtrechtNoord);

        await Page.GotoAsync($"/rounds/{roundId}");
        await Expect(Page.GetByTestId("round-status")).ToHaveTextAsync("Te starten");
        await Page.Locator("#CodeCount").FillAsync("4");
        await Page.Locator($"form[action='/rounds/{roundId}/pulse/open'] button[type=submit]").ClickAsync();
        var codes = await ReadCodesAsync(4);

        // k − 1 = 4 members answer, all of them (the same) favourable answers.
        foreach (var code in codes) await AnswerOnPhoneAsync($"/p/{code}", FiveMembers[2]);

        await Page.GotoAsync($"/rounds/{roundId}");
        await Expect(Page.GetByTestId("response-count")).ToHaveTextAsync("4");
        Page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await Page.Locator($"form[action='/rounds/{roundId}/pulse/close'] button[type=submit]").ClickAsync();
        await Expect(Page.GetByTestId("round-status")).ToHaveTextAsync("Bespreking");

        await Page.GotoAsync($"/teams/{TeamUtrechtNoord}");
        var cells = TrendRow().Locator("td");
        // Respondents and response rate are counts, not pulse aggregates; every figure is suppressed.
        await Expect(cells).ToHaveTextAsync(["4", (4 / 36.0 * 100).ToString("0", Dutch), NotEnough, NotEnough, NotEnough, NotEnough, NotEnough]);
        await Expect(Page.GetByTestId("comments-suppressed")).ToBeVisibleAsync();
        await SaveScreenshotAsync(Page, "checkup-dashboard-too-few");
    }

    /// <summary>
    /// The id of the team's current round, from the lead's button on the team page. The round is made by
    /// a background job at start-up, so the page is reloaded until it is there.
    /// </summary>
    private async Task<int> WaitForCurrentRoundAsync(int teamId)
    {
        var button = Page.GetByTestId("open-round");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Page.GotoAsync($"/teams/{teamId}");
            if (await button.CountAsync() > 0) break;
            if (DateTime.UtcNow > deadline) Assert.Fail($"No check-up round appeared for team {teamId} within 30 s.");
            await Task.Delay(500);
        }
        var href = await button.GetAttributeAsync("href") ?? "";
        var match = Regex.Match(href, @"^/rounds/(\d+)$");
        Assert.That(match.Success, Is.True, $"the round button points at '{href}'");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The codes page after opening the pulse: <paramref name="count"/> distinct codes.</summary>
    private async Task<string[]> ReadCodesAsync(int count)
    {
        var slips = Page.GetByTestId("codes").Locator("[data-code]");
        await Expect(slips).ToHaveCountAsync(count);
        var codes = new string[count];
        for (var i = 0; i < count; i++) codes[i] = await slips.Nth(i).GetAttributeAsync("data-code") ?? "";
        Assert.That(codes, Is.Unique.And.All.Not.Empty);
        return codes;
    }

    /// <summary>A member answers with their code in a fresh phone-sized browser, without signing in.</summary>
    private static async Task AnswerOnPhoneAsync(string link, PulseAnswers answers)
    {
        await using var phone = await NewContextAsync(Phone, javaScript: false);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(link);
        await FillPulseAsync(page, answers);
        var response = await SubmitPulseAsync(page);
        Assert.That(response.Status, Is.EqualTo(200));
        await Expect(page.GetByTestId("pulse-thanks")).ToBeVisibleAsync();
    }

    private static async Task FillPulseAsync(IPage page, PulseAnswers answers)
    {
        for (var i = 0; i < 7; i++) await page.Locator($"input[name=Ps{i + 1}][value='{answers.Ps[i]}']").CheckAsync();
        await page.Locator($"input[name=Satisfaction][value='{answers.Satisfaction}']").CheckAsync();
        await page.Locator($"input[name=Workload][value='{answers.Workload}']").CheckAsync();
        await page.Locator($"input[name=SocialSafety][value='{answers.SocialSafety}']").CheckAsync();
        if (answers.Category is { } category) await page.Locator("#SocialSafetyCategory").SelectOptionAsync(category);
        if (answers.Aftercare is { } aftercare) await page.Locator($"input[name=Aftercare][value='{aftercare}']").CheckAsync();
        if (answers.Comment is { } comment) await page.Locator("#Comment").FillAsync(comment);
    }

    private static Task<IResponse> SubmitPulseAsync(IPage page) =>
        page.RunAndWaitForResponseAsync(
            () => page.Locator("form[method=post][action='/p'] button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/p");

    /// <summary>The trend table's row for the current quarter (the demo teams check up quarterly).</summary>
    private ILocator TrendRow()
    {
        var today = DateTime.Now;
        var label = $"Q{(today.Month - 1) / 3 + 1} {today.Year}";
        return Page.GetByTestId("trend-table").Locator("tbody tr").Filter(new() { Has = Page.Locator("th", new() { HasTextString = label }) });
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string what)
    {
        var overflows = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.That(overflows, Is.False, $"{what} scrolls sideways on a 390 px wide phone");
    }

    /// <summary>One member's answers to questionnaire version 1.</summary>
    private sealed record PulseAnswers(int[] Ps, int Satisfaction, int Workload, string SocialSafety, string? Category, int? Aftercare, string? Comment)
    {
        /// <summary>SPEC §4: items 1, 3 and 5 reverse-coded as 8 − x; the 1–7 mean rescaled to 0–100.</summary>
        public double PsychologicalSafetyIndex =>
            (Ps.Select((x, i) => i is 0 or 2 or 4 ? 8 - x : x).Average() - 1) / 6 * 100;
    }
}
