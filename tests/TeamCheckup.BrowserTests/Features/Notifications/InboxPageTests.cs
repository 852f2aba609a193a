using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Notifications;

/// <summary>The header badge, the inbox and the preferences page at desktop and phone width, as the chief.</summary>
public sealed class InboxPageTests : BrowserTest
{
    [TestCase(1366)]
    [TestCase(390)]
    public async Task The_badge_counts_unread_items_the_inbox_marks_them_read_and_preferences_are_saved(int width)
    {
        await BrowserSession.RunNotificationLadderAsync();
        await BrowserSession.MarkNotificationsUnreadAsync("chef");
        await using var context = await NewContextAsync(width == 390 ? Phone : new ViewportSize { Width = 1366, Height = 900 });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Gebruikersnaam").FillAsync("chef");
        await page.GetByLabel("Wachtwoord").FillAsync(DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();

        var badge = page.GetByTestId("unread-count");
        await Expect(badge).ToBeVisibleAsync();
        var before = int.Parse(await badge.InnerTextAsync());
        await SaveScreenshotAsync(page, $"notifications-header-{width}");
        await page.GetByTestId("inbox-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notificaties" })).ToBeVisibleAsync();
        // The newest item depends on the day the demo data was made (a network's signal may be newer): look for the round's.
        await Expect(page.GetByTestId("inbox-item").Filter(new() { HasText = "check-up" }).First).ToBeVisibleAsync();
        await SaveScreenshotAsync(page, $"notifications-inbox-{width}");

        await page.GetByTestId("mark-read").First.ClickAsync();
        if (before > 1) await Expect(page.GetByTestId("unread-count")).ToHaveTextAsync((before - 1).ToString());
        else await Expect(page.GetByTestId("unread-count")).ToHaveCountAsync(0);
        var link = page.GetByTestId("inbox-item").First.Locator("a").First;
        var href = await link.GetAttributeAsync("href");
        Assert.That(href, Does.StartWith("/"));

        await page.GetByTestId("mark-all-read").ClickAsync();
        await Expect(page.GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("message")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Instellingen" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instellingen voor notificaties" })).ToBeVisibleAsync();
        var critical = page.GetByTestId("preference-row").Filter(new() { HasText = "Triagetermijn verstreken" });
        await Expect(critical.Locator("input[value=InApp]")).ToBeDisabledAsync();
        await page.Locator("#pref-2-InApp").CheckAsync();
        await page.Locator("#Language").SelectOptionAsync("en");
        await page.GetByTestId("save-preferences").ClickAsync();
        await Expect(page.GetByTestId("message")).ToContainTextAsync("opgeslagen");
        await Expect(page.Locator("#pref-2-InApp")).ToBeCheckedAsync();
        await Expect(page.Locator("#Language")).ToHaveValueAsync("en");
        await SaveScreenshotAsync(page, $"notifications-preferences-{width}");
    }
}
