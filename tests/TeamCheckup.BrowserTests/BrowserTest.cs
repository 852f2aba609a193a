using Microsoft.Playwright;
using NUnit.Framework.Interfaces;

namespace TeamCheckup.BrowserTests;

/// <summary>A new browser context (own cookies, own viewport) and page for every test.</summary>
public abstract class BrowserTest
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    /// <summary>Viewport of the test's context; a test that needs another size opens its own context.</summary>
    protected virtual ViewportSize Viewport => Desktop;

    [SetUp]
    public async Task OpenContextAsync()
    {
        Context = await NewContextAsync(Viewport);
        Page = await Context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed && Page is { IsClosed: false })
        {
            // Keep what the browser showed when the test failed, beside the other screenshots.
            var name = string.Concat(TestContext.CurrentContext.Test.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
            try { TestContext.AddTestAttachment(await SaveScreenshotAsync(Page, Path.Combine("failures", name))); }
            catch (PlaywrightException) { /* the page is gone; the assertion message says enough */ }
        }
        await Context.CloseAsync();
    }

    /// <summary>A context on the shared app (or <paramref name="baseAddress"/>); <paramref name="javaScript"/> false: a
    /// browser without script, where every page must work as plain HTML.</summary>
    protected static Task<IBrowserContext> NewContextAsync(ViewportSize viewport, bool javaScript = true, Uri? baseAddress = null) =>
        BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (baseAddress ?? BrowserSession.BaseAddress).ToString(),
            ViewportSize = viewport,
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
            JavaScriptEnabled = javaScript,
        });

    /// <summary>Full-page PNG in artifacts/screenshots/ (name without extension).</summary>
    protected static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserSession.ScreenshotDirectory, name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    protected async Task SignInAsync(string userName, string password)
    {
        await Page.GotoAsync("/account/sign-in");
        await Page.GetByLabel("Gebruikersnaam").FillAsync(userName);
        await Page.GetByLabel("Wachtwoord").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Inloggen" }).ClickAsync();
    }
}
