using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.CodeSheets;

/// <summary>
/// Issue 15, items 3, 7 and 8 in the browser, as teamchef2 (team 7, Basisteam Enschede): the code sheet offers the
/// slips PDF and the links CSV as downloads; a completed round's review reads back; the team dashboard's charts have
/// focusable points, the threshold line and the unit's series. Each page is screenshotted at 1366 and 320 px
/// (artifacts/screenshots/issue15-ui-a/).
/// </summary>
public sealed class CodeSheetAndReadBackTests : BrowserTest
{
    private const int TeamEnschede = 7;
    private static readonly int[] Widths = [1366, 320];

    /// <summary>Two completed rounds in the first half of 2026 (inside the retention period, so the retention page's preview stays empty) for team 7 with results and a review, and results for team 8 in the same
    /// periods (so the unit's figure, without team 7, reaches k). The browser session's demo data has no history.</summary>
    [OneTimeSetUp]
    public async Task SeedHistoryAsync()
    {
        foreach (var (start, ps, satisfaction, score) in new[] { (new DateOnly(2026, 1, 1), 58.0, 6.4, 3), (new DateOnly(2026, 4, 1), 66.0, 7.1, 4) })
        {
            foreach (var (team, respondents) in new[] { (TeamEnschede, 12), (8, 9) })
            {
                var at = start.ToDateTime(new TimeOnly(9, 0)).AddDays(20);
                await BrowserSession.ExecuteAsync(
                    "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, k_threshold, kc_threshold, pulse_opened_at, " +
                    "pulse_closes_on, pulse_closed_at, codes_issued, response_count, headcount_at_open, tension_flag, tension_description, completed_at, completed_by) " +
                    "SELECT @team, @start, @end, 3, @at, 5, 10, @at, @start, @at, 20, @respondents, 20, @tension, @text, @at, 'teamchef2' " +
                    "WHERE NOT EXISTS (SELECT 1 FROM checkup_rounds WHERE team_id = @team AND period_start = @start)",
                    new { team, start, end = start.AddMonths(3).AddDays(-1), at, respondents, tension = score == 4 ? 1 : 0, text = score == 4 ? "Onrust over de nieuwe roosters." : null });
                await BrowserSession.ExecuteAsync(
                    "INSERT INTO round_results (round_id, respondents, ps_index, satisfaction_mean, workload_mean, aftercare_mean, experienced_share, witnessed_share, " +
                    "response_rate, computed_at) SELECT id, @respondents, @ps, @satisfaction, 3.2, 3.8, 0.08, 0.17, 0.6, @at FROM checkup_rounds " +
                    "WHERE team_id = @team AND period_start = @start AND NOT EXISTS (SELECT 1 FROM round_results x WHERE x.round_id = checkup_rounds.id)",
                    new { team, start, respondents, ps = ps + team, satisfaction, at });
            }
            await BrowserSession.ExecuteAsync(
                "INSERT INTO review_dimensions (round_id, dimension, score, note) SELECT id, 'SocialSafety', @score, 'Meldingen worden serieus genomen.' " +
                "FROM checkup_rounds WHERE team_id = @team AND period_start = @start AND NOT EXISTS (SELECT 1 FROM review_dimensions d WHERE d.round_id = checkup_rounds.id)",
                new { team = TeamEnschede, start, score });
        }
    }

    private async Task ShootAsync(string name)
    {
        foreach (var width in Widths)
        {
            await Page.SetViewportSizeAsync(width, 900);
            await SaveScreenshotAsync(Page, Path.Combine("issue15-ui-a", $"{name}-{width}"));
            var scrollWidth = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.That(scrollWidth, Is.LessThanOrEqualTo(width), $"{name} at {width} px scrolls sideways");
        }
        await Page.SetViewportSizeAsync(1366, 900);
    }

    [Test]
    public async Task The_code_sheet_downloads_its_slips_and_links()
    {
        await SignInAsync("teamchef2", DemoData.Password);
        await Page.GotoAsync($"/teams/{TeamEnschede}");
        var href = await Page.GetByTestId("open-round").GetAttributeAsync("href");
        await Page.GotoAsync(href!);
        if (await Page.Locator("#CodeCount").CountAsync() > 0)
        {
            await Page.Locator("#CodeCount").FillAsync("10");
            await Page.GetByRole(AriaRole.Button, new() { Name = "Teampuls openen en codes maken" }).ClickAsync();
            await Expect(Page.Locator("[data-code]")).ToHaveCountAsync(10);
            await ShootAsync("codes-new");
            await Page.GetByTestId("whole-sheet").ClickAsync();
        }
        else await Page.GetByTestId("code-sheet").ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex(@"/rounds/\d+/codes$"));
        Assert.That(await Page.Locator("[data-code]").CountAsync(), Is.GreaterThanOrEqualTo(10));
        await ShootAsync("code-sheet");

        var pdf = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("slips-pdf").ClickAsync());
        var pdfPath = Path.Combine(BrowserSession.ScreenshotDirectory, "issue15-ui-a", "slips.pdf");
        await pdf.SaveAsAsync(pdfPath);
        Assert.That(File.ReadAllBytes(pdfPath).Take(5), Is.EqualTo("%PDF-"u8.ToArray()));
        Assert.That(pdf.SuggestedFilename, Does.EndWith(".pdf"));

        var csv = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("links-csv").ClickAsync());
        var csvPath = Path.Combine(BrowserSession.ScreenshotDirectory, "issue15-ui-a", "links.csv");
        await csv.SaveAsAsync(csvPath);
        var codes = await Page.Locator("[data-code]").AllTextContentsAsync();
        var lines = File.ReadAllLines(csvPath).Skip(1).ToList();
        Assert.That(lines, Has.Count.EqualTo(codes.Count));
        Assert.That(lines[0], Does.StartWith(codes[0].Trim() + ",http").And.EndWith("/p/" + codes[0].Trim()));
    }

    [Test]
    public async Task A_completed_review_reads_back_and_the_dashboard_charts_are_reachable_by_keyboard()
    {
        await SignInAsync("teamchef2", DemoData.Password);
        await Page.GotoAsync($"/teams/{TeamEnschede}");
        var wide = Page.Locator("svg.chart--wide").First;
        await Expect(wide).ToBeVisibleAsync();
        await Expect(Page.Locator("svg.chart--narrow").First).ToBeHiddenAsync();
        Assert.That(await wide.Locator(".chart-threshold").CountAsync(), Is.EqualTo(1));
        // Keyboard: the first point of the first chart takes focus and shows its value.
        var point = wide.Locator(".chart-point [tabindex='0']").First;
        await point.FocusAsync();
        await Expect(point).ToBeFocusedAsync();
        await Expect(wide.Locator(".chart-point__value").First).ToBeVisibleAsync();
        Assert.That(await point.GetAttributeAsync("aria-label"), Does.Match(@"^\S+ \d{4}, Team: "));
        await ShootAsync("team-dashboard");
        await Page.SetViewportSizeAsync(320, 900);
        await Expect(Page.Locator("svg.chart--narrow").First).ToBeVisibleAsync();
        await Page.SetViewportSizeAsync(1366, 900);

        await Page.GetByTestId("read-back-links").Locator("a").First.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(@"/rounds/\d+/review/read$"));
        await Expect(Page.GetByTestId("readback-dimensions")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("dimension-row")).ToHaveCountAsync(7);
        await Expect(Page.Locator("textarea, input[type=radio]")).ToHaveCountAsync(0);
        await ShootAsync("review-read-back");

        await Page.GotoAsync(Page.Url.Replace("/review/read", ""));
        await Expect(Page.GetByTestId("read-back")).ToBeVisibleAsync();
        await ShootAsync("round-completed");
    }
}
