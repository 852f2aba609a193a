using Microsoft.Playwright;
using NUnit.Framework.Interfaces;
using static Microsoft.Playwright.Assertions;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>A row of the app's audit trail.</summary>
public sealed record AuditLine(long Sequence, string Actor, string Action, string? Subject, string? Details)
{
    public override string ToString() => $"#{Sequence} {Actor} {Action} {Subject} {Details}";
}

/// <summary>A browser context of its own (cookies at the app and at the provider) against the single sign-on app.</summary>
public abstract class SingleSignOnTest
{
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenContextAsync()
    {
        Context = await NewContextAsync(BrowserTest.Desktop);
        Page = await Context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed && Page is { IsClosed: false })
        {
            var name = string.Concat(TestContext.CurrentContext.Test.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
            try { TestContext.AddTestAttachment(await SaveScreenshotAsync(Page, Path.Combine("failures", "sso-" + name))); }
            catch (PlaywrightException) { /* the page is gone; the assertion message says enough */ }
        }
        await Context.CloseAsync();
    }

    protected static Task<IBrowserContext> NewContextAsync(ViewportSize viewport) =>
        BrowserSession.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = SingleSignOnSession.BaseAddress.ToString(),
            ViewportSize = viewport,
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
        });

    protected static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(BrowserSession.ScreenshotDirectory, name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>"Inloggen met je politie-account" on the sign-in page, up to the provider's login form.</summary>
    protected async Task OpenProviderLoginAsync(IPage? page = null)
    {
        page ??= Page;
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inloggen met je politie-account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aanmelden bij de organisatie" })).ToBeVisibleAsync();
    }

    /// <summary>Signs in at the provider's login form (the browser then returns to the app).</summary>
    protected async Task SignInAtProviderAsync(string login, IPage? page = null)
    {
        page ??= Page;
        await OpenProviderLoginAsync(page);
        await page.GetByLabel("Gebruiker").FillAsync(login);
        await page.GetByLabel("Geheim").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(SingleSignOnSession.BaseAddress.ToString(), StringComparison.Ordinal)
                                          && !url.Contains("/signin-oidc", StringComparison.Ordinal));
    }

    protected static Task<long> AuditMarkAsync() =>
        SingleSignOnSession.ScalarAsync<long>("SELECT COALESCE(MAX(sequence), 0) FROM audit_entries");

    protected static Task<List<AuditLine>> AuditSinceAsync(long mark) => SingleSignOnSession.QueryAsync<AuditLine>(
        "SELECT sequence AS Sequence, actor AS Actor, action AS Action, subject AS Subject, details AS Details " +
        "FROM audit_entries WHERE sequence > @mark ORDER BY sequence", new { mark });

    /// <summary>Open sessions of the account with this provider subject.</summary>
    protected static Task<long> SessionsOfAsync(string subject) => SingleSignOnSession.ScalarAsync<long>(
        "SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.external_subject = @subject", new { subject });
}
