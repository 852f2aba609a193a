using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.CheckupCycle;

/// <summary>A review save changes only what its form carried: an empty post is refused and wipes nothing,
/// a post of one dimension leaves the other dimensions, the bottlenecks, the competency mix and the tension flag alone.</summary>
public class ReviewPartsTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private int round;

    private static readonly string[] ReviewTables = ["review_dimensions", "bottlenecks", "round_competencies", "agreements", "checkup_rounds"];

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        round = (await Support.Checkups.EnsureRoundsAsync(app))[1];
        lead = await app.SignInAsync(Demo.TeamLead);
        // A full draft: every dimension scored, one bottleneck, a competency count, the tension flag with its description.
        using var saved = await lead.SubmitFormAsync($"/rounds/{round}/review", form =>
        {
            for (var i = 0; i < 7; i++) form.Set($"Dimensions[{i}].Score", "3");
            form.Set("Dimensions[0].Note", "Veilig genoeg");
            form.Set("Bottlenecks[0].Category", "Workload");
            form.Set("Bottlenecks[0].Severity", "High");
            form.Set("Bottlenecks[0].Description", "Te veel diensten");
            form.Set("Competencies[0].Desired", "4");
            form.Set("Competencies[0].Actual", "2");
            form.Set("TensionFlag", "true", "false");
            form.Set("TensionDescription", "Spanning tussen ploegen");
        }, $"/rounds/{round}/review");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await saved.Content.ReadAsStringAsync()));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    [Test]
    public async Task A_post_with_only_the_tokens_is_refused_and_wipes_nothing()
    {
        var before = await ReviewRowsAsync();
        var form = Html.Form(await lead.GetHtmlAsync($"/rounds/{round}/review"), $"/rounds/{round}/review");
        var tokensOnly = form.Fields.Where(f => f.Key is Html.TokenField or Html.FormTokenField).ToList();
        using var response = await lead.PostAsync(form.Action, new FormUrlEncodedContent(tokensOnly));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.Text(await response.Content.ReadAsStringAsync()), Does.Contain("geen van de velden").And.Not.Contain("Concept opgeslagen"));
        Assert.That(await ReviewRowsAsync(), Is.EqualTo(before));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM review_dimensions WHERE round_id = @round", new { round }), Is.EqualTo(7));
        Assert.That(await app.ScalarAsync<long>("SELECT tension_flag FROM checkup_rounds WHERE id = @round", new { round }), Is.EqualTo(1));
    }

    [Test]
    public async Task A_post_of_one_dimension_changes_that_dimension_only()
    {
        var token = Html.Form(await lead.GetHtmlAsync($"/rounds/{round}/review"), $"/rounds/{round}/review");
        using var response = await lead.PostAsync(token.Action, new FormUrlEncodedContent(
        [
            new(Html.TokenField, token[Html.TokenField]!), new(Html.FormTokenField, token[Html.FormTokenField]!),
            new("Dimensions[0].Dimension", "Workload"), new("Dimensions[0].Score", "5"),
        ]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var dimensions = await app.QueryAsync<(string Dimension, long Score)>("SELECT dimension, score FROM review_dimensions WHERE round_id = @round ORDER BY dimension", new { round });
        Assert.Multiple(async () =>
        {
            Assert.That(dimensions, Has.Count.EqualTo(7), "no dimension was deleted");
            Assert.That(dimensions.Single(d => d.Dimension == "Workload").Score, Is.EqualTo(5));
            Assert.That(dimensions.Where(d => d.Dimension != "Workload").Select(d => d.Score), Has.All.EqualTo(3));
            Assert.That(await app.ScalarAsync<string>("SELECT note FROM review_dimensions WHERE round_id = @round AND dimension = 'SocialSafety'", new { round }), Is.EqualTo("Veilig genoeg"));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM bottlenecks WHERE round_id = @round", new { round }), Is.EqualTo(1), "bottlenecks kept");
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_competencies WHERE round_id = @round", new { round }), Is.EqualTo(1), "mix kept");
            Assert.That(await app.ScalarAsync<string>("SELECT tension_description FROM checkup_rounds WHERE id = @round", new { round }), Is.EqualTo("Spanning tussen ploegen"));
        });
    }

    [Test]
    public async Task The_same_dimension_twice_in_one_form_is_refused_not_a_500()
    {
        var before = await ReviewRowsAsync();
        using var response = await lead.SubmitFormAsync($"/rounds/{round}/review", form => form.Set("Dimensions[1].Dimension", "SocialSafety"), $"/rounds/{round}/review");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Html.ErrorSummary(await response.Content.ReadAsStringAsync()), Does.Contain("twee keer"));
        Assert.That(await ReviewRowsAsync(), Is.EqualTo(before));
    }

    private async Task<string> ReviewRowsAsync()
    {
        var snapshot = await app.SnapshotAsync();
        return string.Join("\n---\n", ReviewTables.Select(t => snapshot[t]));
    }
}
