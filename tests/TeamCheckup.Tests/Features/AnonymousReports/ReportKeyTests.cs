using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.AnonymousReports;

/// <summary>Issue 15 item 10: the reporter can keep the key (copy, text file), is told plainly what is wrong with a key
/// that opens nothing, and sees the teams of the chosen unit (the groups carry their unit for the script).</summary>
public class ReportKeyTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task The_key_page_offers_a_copy_button_and_a_text_file_with_the_key_and_where_to_use_it()
    {
        using var reporter = app.CreateBrowser();
        using var response = await reporter.SubmitFormAsync("/melden", new Dictionary<string, string?>
        {
            ["UnitId"] = "1", ["TeamId"] = "0", ["Category"] = "Conflict", ["Description"] = "Er speelt iets",
        });
        var html = await response.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, @"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){8}").Value;
        Assert.That(html, Does.Contain("data-copy=\"#case-key\"").And.Contain("id=\"case-key\""));
        var href = System.Text.RegularExpressions.Regex.Match(html, @"download=""meldingssleutel.txt"" href=""data:text/plain;charset=utf-8,([^""]+)""");
        Assert.That(href.Success, Is.True, "a text-file download of the key");
        var text = Uri.UnescapeDataString(WebUtility.HtmlDecode(href.Groups[1].Value));
        Assert.That(text, Does.Contain(key).And.Contain("/melden/opvolgen"));
    }

    [TestCase("ABCD-EFGH", "geen volledige meldingssleutel")]
    [TestCase("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789-ABCD", "Bij deze sleutel vinden we geen melding")]
    public async Task A_key_that_opens_nothing_says_what_to_check(string key, string message)
    {
        using var reporter = app.CreateBrowser();
        using var response = await reporter.SubmitFormAsync("/melden/opvolgen", new Dictionary<string, string?> { ["key"] = key }, "/melden/opvolgen");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain(message));
    }

    [Test]
    public async Task The_team_list_is_grouped_by_unit_for_the_filter_and_works_without_script()
    {
        using var reporter = app.CreateBrowser();
        var html = await reporter.GetHtmlAsync("/melden");
        Assert.That(html, Does.Contain("data-filter-by=\"#UnitId\""));
        Assert.That(html, Does.Contain($"data-unit=\"{Demo.UnitMiddenNederland}\"").And.Contain($"data-unit=\"{Demo.UnitOostNederland}\""));
        Assert.That(html, Does.Not.Contain("<script>").And.Not.Contain("onchange="), "no inline script");
    }
}
