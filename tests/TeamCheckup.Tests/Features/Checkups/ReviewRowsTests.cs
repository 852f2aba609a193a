using System.Net;
using System.Text.RegularExpressions;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.CheckupCycle;

/// <summary>The review form holds as many bottleneck, agreement and measure rows as needed (issue 15, item 9): one
/// empty row to type in, "add" and "remove" buttons that work without script (the form comes back changed, nothing
/// saved), and a table of contents with the progress of each section.</summary>
public class ReviewRowsTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private int round;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        round = (await Support.Checkups.EnsureRoundsAsync(app))[1];
        lead = await app.SignInAsync(Demo.TeamLead);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    private string Review => $"/rounds/{round}/review";

    private static int Rows(string html, string kind) => Regex.Matches(html, $"data-testid=\"{kind}-row\"").Count;

    [Test]
    public async Task An_empty_review_offers_one_row_of_each_kind_and_the_sections()
    {
        var html = await lead.GetHtmlAsync(Review);
        Assert.That(Rows(html, "bottleneck"), Is.EqualTo(1));
        Assert.That(Rows(html, "agreement"), Is.EqualTo(1));
        Assert.That(html, Does.Contain("data-testid=\"review-toc\"").And.Contain("href=\"#bottlenecks-heading\""));
        Assert.That(Html.Text(html), Does.Contain("0 van 7 scores gegeven"));
    }

    [Test]
    public async Task Add_and_remove_post_the_form_back_with_a_row_more_or_less_and_save_nothing()
    {
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM bottlenecks WHERE round_id = @round", new { round });
        using var added = await lead.SubmitFormAsync(Review, form =>
        {
            form.Set("Bottlenecks[0].Description", "Eerste knelpunt");
            form.Set("Dimensions[0].Score", "4");
            form.Set("action", "add:Bottlenecks");
        }, Review);
        var html = await added.Content.ReadAsStringAsync();
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK), Html.ErrorSummary(html));
        Assert.That(Rows(html, "bottleneck"), Is.EqualTo(2));
        Assert.That(html, Does.Contain("Eerste knelpunt").And.Contain("name=\"Bottlenecks[1].Description\""));
        Assert.That(Html.Text(html), Does.Contain("1 van 7 scores gegeven"), "what was typed stays, progress counts it");

        var form = Html.Form(html, Review);
        form.Set("Bottlenecks[1].Description", "Tweede knelpunt");
        form.Set("action", "remove:Bottlenecks:0");
        using var removed = await lead.PostAsync(Review, new FormUrlEncodedContent(form.Fields));
        var after = await removed.Content.ReadAsStringAsync();
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Rows(after, "bottleneck"), Is.EqualTo(1));
        Assert.That(after, Does.Contain("Tweede knelpunt").And.Not.Contain("Eerste knelpunt"));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM bottlenecks WHERE round_id = @round", new { round }), Is.EqualTo(before), "nothing saved");
    }

    [Test]
    public async Task Enter_in_a_field_saves_the_draft_rather_than_removing_a_row()
    {
        var html = await lead.GetHtmlAsync(Review);
        var firstButton = Regex.Match(html[html.IndexOf("class=\"review-form\"", StringComparison.Ordinal)..], "<button type=\"submit\" name=\"action\" value=\"([^\"]+)\"");
        Assert.That(firstButton.Groups[1].Value, Is.EqualTo("default"), "the form's default button: any action but complete or a row change saves the draft");
    }

    [TestCase("remove:Bottlenecks:99")]
    [TestCase("remove:Dimensions:0")]
    [TestCase("add:Everything")]
    public async Task A_row_change_that_names_no_row_is_refused(string action)
    {
        using var response = await lead.SubmitFormAsync(Review, form => form.Set("action", action), Review);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
