using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Cases;

/// <summary>
/// Issue 15 item 6: the reasons a case was opened and the entries the app writes are stored as codes and figures and
/// shown in the reader's language with its number format; no English on the Dutch pages and no Dutch on the English.
/// </summary>
public partial class CaseLanguageTests
{
    private TestApp app = null!;
    private int caseId;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        var payload = """{"round":{"roundId":0,"periodStart":"2026-01-01","respondents":7,"k":5,"psIndex":52.4,"satisfactionMean":7.5,"experiencedShare":0.0,"tensionFlag":true},"previous":null}""";
        await app.ExecuteAsync("INSERT INTO signals (unit_id, team_id, source, payload, created_at) " +
            "SELECT d.unit_id, t.id, @source, @payload, @now FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = 2",
            new { source = SignalSources.RoundCompleted, payload, now = DateTime.UtcNow });
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SignalProcessor>().SweepAsync();
        caseId = (int)await app.ScalarAsync<long>("SELECT MAX(case_id) FROM signals");
        await app.ExecuteAsync("INSERT INTO case_entries (case_id, kind, body, involves_team_lead, author_user_id, created_at) " +
            "SELECT @caseId, 'StatusChange', 'Triage → Monitoring', 0, id, @now FROM users WHERE user_name = 'hrm'", new { caseId, now = DateTime.UtcNow });
        await app.ExecuteAsync("INSERT INTO case_entries (case_id, kind, body, involves_team_lead, author_user_id, created_at) " +
            "SELECT @caseId, 'Outcome', 'NoFurtherAction: gesprek gevoerd', 0, id, @now FROM users WHERE user_name = 'hrm'", new { caseId, now = DateTime.UtcNow });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task The_Dutch_case_page_gives_the_reasons_in_Dutch_with_a_decimal_comma()
    {
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var text = Html.Text(await hrm.GetHtmlAsync($"/cases/{caseId}"));
        Assert.That(text, Does.Contain("psychologische veiligheid 52,4 < 60 (n=7)"));
        Assert.That(text, Does.Contain("spanning gemeld in de teamreview"));
        Assert.That(text, Does.Contain("Triage → Monitoring").And.Contain("Geen verdere actie: gesprek gevoerd"));
        Assert.That(text, Does.Not.Contain("52.4").And.Not.Contain("psychological").And.Not.Contain("tension"));
        Assert.That(EnglishWords(text), Is.Empty, "English words on the Dutch case page");
    }

    [Test]
    public async Task The_English_case_page_gives_them_in_English_with_a_decimal_point()
    {
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var text = Html.Text(await hrm.GetHtmlAsync($"/cases/{caseId}?culture=en-GB"));
        Assert.That(text, Does.Contain("psychological safety 52.4 < 60 (n=7)"));
        Assert.That(text, Does.Contain("tension flagged in the review"));
        Assert.That(text, Does.Contain("No further action: gesprek gevoerd"), "the outcome in English, the rationale as typed");
        Assert.That(text, Does.Not.Contain("52,4").And.Not.Contain("psychologische"));
        Assert.That(DutchWords(text.Replace("gesprek gevoerd", "")), Is.Empty, "Dutch words on the English case page");
    }

    public static IEnumerable<TestCaseData> Roles() => Demo.AllAccounts.Select(a => new TestCaseData(a).SetName($"Every page of {a} speaks one language"));

    /// <summary>Every page a role reaches, in Dutch and then in English, against a short list of words of the other language.</summary>
    [TestCaseSource(nameof(Roles))]
    public async Task Every_page_of_a_role_is_in_the_chosen_language(string user)
    {
        using var client = await app.SignInAsync(user);
        var problems = new List<string>();
        foreach (var (culture, check) in new (string, Func<string, IReadOnlyList<string>>)[] { ("nl-NL", EnglishWords), ("en-GB", DutchWords) })
        {
            await client.GetAsync($"/?culture={culture}"); // the language form sets a cookie; a query is the same choice for one page
            using (await client.SubmitFormAsync("/", new Dictionary<string, string?> { ["culture"] = culture, ["returnUrl"] = "/" }, "/language")) { }
            var crawl = await SiteCrawler.RunAsync(client);
            foreach (var page in crawl.Pages.Where(p => p.Html.Length > 0 && !NotUiText.Any(p.Url.StartsWith)))
                foreach (var word in check(ProperNames().Replace(Html.Text(LanguageSwitch().Replace(page.Html, "")), "")))
                    problems.Add($"{culture} {page.Url}: \"{word}\"");
        }
        Assert.That(problems.Distinct(), Is.Empty);
    }

    /// <summary>Pages whose text is records, not the app's words: the audit trail's details are the system's own record
    /// (codes, ids), the competency catalogue shows what the administrator entered in each language, Hangfire is not ours.</summary>
    private static readonly string[] NotUiText = ["/hangfire", "/admin/audit", "/admin/competencies"];

    private static IReadOnlyList<string> EnglishWords(string text) =>
        English().Matches(text).Select(m => Context(text, m)).ToList();

    private static IReadOnlyList<string> DutchWords(string text) =>
        Dutch().Matches(text).Select(m => Context(text, m)).ToList();

    private static string Context(string text, Match m) =>
        text.Substring(Math.Max(0, m.Index - 30), Math.Min(text.Length - Math.Max(0, m.Index - 30), m.Length + 60));

    [GeneratedRegex(@"\b(the|and|with|threshold|flagged|safety|satisfaction|experienced|behaviour|report:|incident:|none|from|which|your|please)\b")]
    private static partial Regex English();

    [GeneratedRegex(@"\b(de|het|een|van|niet|voor|geen|nog|zijn|wordt|naar|bij)\b")]
    private static partial Regex Dutch();

    /// <summary>Names that stay Dutch in English: the programme and advisory group "Politie voor iedereen" (issue 17).</summary>
    [GeneratedRegex(@"Politie voor iedereen")]
    private static partial Regex ProperNames();

    /// <summary>The layout's switch names the other language in that language.</summary>
    [GeneratedRegex(@"<form[^>]*action=""/language"".*?</form>", RegexOptions.Singleline)]
    private static partial Regex LanguageSwitch();
}
