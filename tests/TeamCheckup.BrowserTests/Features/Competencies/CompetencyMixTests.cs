using System.Globalization;
using System.Text.RegularExpressions;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Competencies;

/// <summary>
/// Competent teams (SPEC §8) in the browser: the team lead records the competency mix in a round's
/// review and the team dashboard shows the gap. Uses teamchef2's team (Basisteam Enschede, 55 staff),
/// which no other browser test touches.
/// </summary>
public sealed class CompetencyMixTests : BrowserTest
{
    private const int TeamEnschede = 7;
    private const int Headcount = 55;

    [Test]
    public async Task The_lead_edits_the_competency_mix_in_a_review_and_sees_the_gap_on_the_dashboard()
    {
        await SignInAsync("teamchef2", DemoData.Password);
        var roundId = await WaitForRoundAsync();
        await Page.GotoAsync($"/rounds/{roundId}/review");
        var first = (await Page.Locator("#Competencies_0_ th").InnerTextAsync()).Trim();
        var second = (await Page.Locator("#Competencies_1_ th").InnerTextAsync()).Trim();

        // Out of range: more people than the team has is refused with the reason, and nothing is kept.
        await Page.Locator("#Competencies_0__Desired").FillAsync("99");
        await Page.Locator("#Competencies_0__Actual").FillAsync("2");
        var refused = await Page.RunAndWaitForResponseAsync(() => Page.Locator("button[value=draft]").ClickAsync(),
            r => r.Url.EndsWith($"/rounds/{roundId}/review", StringComparison.Ordinal) && r.Request.Method == "POST");
        Assert.That(refused.Status, Is.EqualTo(400));
        await Expect(Page.GetByTestId("error-summary")).ToContainTextAsync($"tussen 0 en {Headcount}");

        // A valid mix: a shortage of 4 on the first competency, none on the second; and a measure.
        await Page.Locator("#Competencies_0__Desired").FillAsync("6");
        await Page.Locator("#Competencies_0__Actual").FillAsync("2");
        await Page.Locator("#Competencies_1__Desired").FillAsync("3");
        await Page.Locator("#Competencies_1__Actual").FillAsync("5");
        await Page.Locator("#NewMeasures_0__What").FillAsync("Twee collega's volgen een taalcursus");
        await Page.Locator("#NewMeasures_0__Owner").FillAsync("Tara Teamchef");
        await Page.Locator("#NewMeasures_0__DueDate").FillAsync(DateTime.Today.AddMonths(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await SaveScreenshotAsync(Page, "competency-review");
        await Page.Locator("button[value=draft]").ClickAsync();
        await Expect(Page.GetByTestId("message")).ToBeVisibleAsync();
        await Expect(Page.Locator("#Competencies_0__Desired")).ToHaveValueAsync("6");

        await Page.GotoAsync($"/teams/{TeamEnschede}");
        var mix = Page.GetByTestId("competency-mix");
        var rows = mix.GetByTestId("mix-row");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Filter(new() { HasText = first }).GetByTestId("gap")).ToHaveTextAsync("4 tekort");
        await Expect(rows.Filter(new() { HasText = second }).GetByTestId("gap")).ToHaveTextAsync("geen tekort");
        await Expect(mix).ToContainTextAsync("Twee collega's volgen een taalcursus");
        await SaveScreenshotAsync(Page, "competency-dashboard");
    }

    private async Task<int> WaitForRoundAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Page.GotoAsync($"/teams/{TeamEnschede}");
            var button = Page.GetByTestId("open-round");
            if (await button.CountAsync() > 0)
            {
                var match = Regex.Match(await button.GetAttributeAsync("href") ?? "", @"^/rounds/(\d+)$");
                Assert.That(match.Success, Is.True);
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            if (DateTime.UtcNow > deadline) Assert.Fail("No check-up round appeared for team 7 within 30 s.");
            await Task.Delay(500);
        }
    }
}
