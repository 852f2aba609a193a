using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TeamCheckup.Web.Infrastructure.Database;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.Features.Networks;

/// <summary>
/// The networks' signals in the browser (issue 17 item 1): the Network representative files a signal about unit 1, the
/// unit's chief acknowledges and answers it, and the representative reads the answer on the network's own page. Each
/// page is captured at 1280 and 390 px and must not scroll sideways.
/// </summary>
public sealed class NetworkSignalJourneyTests : BrowserTest
{
    private const string Answer = "We nemen omgangsvormen op in de volgende check-up van elk basisteam.";

    [Test]
    public async Task A_network_files_a_signal_the_chief_acknowledges_and_answers_and_the_network_reads_the_answer()
    {
        await SignInAsync("netwerk", DemoData.Password);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Signalen", Exact = true }).First.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Signalen van mijn netwerk" })).ToBeVisibleAsync();
        await Page.GetByTestId("new-signal").ClickAsync();

        // Without the confirmation that it names no person, the form is refused and keeps what was typed.
        await Page.GetByLabel("Netwerk", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Netwerk Roze in Blauw" });
        await Page.GetByLabel("Ongevraagd signaal").CheckAsync();
        await Page.GetByLabel("Thema", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Omgangsvormen" });
        await Page.Locator("#UnitId").SelectOptionAsync(new SelectOptionValue { Label = "Eenheid Midden-Nederland" });
        await Page.GetByLabel("Titel", new() { Exact = true }).FillAsync("Grappen over geaardheid op de werkvloer");
        await Page.Locator("#Body").FillAsync("Collega's uit ons netwerk horen in meerdere teams grappen over geaardheid die als normaal gelden.");
        await Shots("network-signal-form");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Signaal versturen" }).ClickAsync();
        await Expect(Page.GetByTestId("error-summary")).ToContainTextAsync("noemt");
        await Page.GetByLabel("Dit signaal gaat over een thema en noemt geen persoon.").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Signaal versturen" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToContainTextAsync("verstuurd");
        var id = Regex.Match(Page.Url, @"/signals/(\d+)$").Groups[1].Value;
        Assert.That(id, Is.Not.Empty, Page.Url);
        await Expect(Page.GetByTestId("signal-facts")).ToContainTextAsync("Verstuurd, bevestiging uiterlijk");

        await Context.ClearCookiesAsync();
        await SignInAsync("chef", DemoData.Password);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Signalen van netwerken" }).First.ClickAsync();
        await Expect(Page.GetByTestId("leadership-signals")).ToContainTextAsync("Grappen over geaardheid");
        await Shots("leadership-signals");
        await Page.Locator($"a[href='/leadership/signals/{id}']").ClickAsync();
        await Page.GetByLabel("Bij de bevestiging").FillAsync("De eenheidsleiding pakt dit op.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen" }).ClickAsync();
        await Expect(Page.GetByTestId("message")).ToContainTextAsync("bevestigd");
        await Page.GetByLabel("Antwoord aan het netwerk").FillAsync(Answer);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Antwoord versturen" }).ClickAsync();
        await Expect(Page.GetByTestId("thread")).ToContainTextAsync(Answer);
        await Shots("leadership-signal");

        await Context.ClearCookiesAsync();
        await SignInAsync("netwerk", DemoData.Password);
        await Page.GotoAsync("/signals");
        await Expect(Page.GetByTestId("signals")).ToContainTextAsync("Beantwoord op");
        await Shots("network-signals");
        await Page.Locator($"a[href='/signals/{id}']").ClickAsync();
        await Expect(Page.GetByTestId("thread")).ToContainTextAsync(Answer);
        await Expect(Page.GetByTestId("thread")).ToContainTextAsync("Chris Eenheidschef");
        await Shots("network-signal");

        await Context.ClearCookiesAsync();
        await SignInAsync("beheerder", DemoData.Password);
        await Page.GotoAsync("/admin/networks");
        await Expect(Page.GetByTestId("networks")).ToContainTextAsync("Adviesgroep Politie voor iedereen");
        await Shots("admin-networks");
    }

    /// <summary>The page at desktop and phone width, full length, without sideways scrolling.</summary>
    private async Task Shots(string name)
    {
        foreach (var viewport in new[] { Desktop, Phone })
        {
            await Page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            var width = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.That(width, Is.LessThanOrEqualTo(viewport.Width), $"{name} scrolls sideways at {viewport.Width} px");
            await SaveScreenshotAsync(Page, $"{name}-{viewport.Width}");
        }
        await Page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }
}
