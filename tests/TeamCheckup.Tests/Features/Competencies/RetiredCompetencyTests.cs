using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>A retired competency keeps its history (SPEC §8): rounds that recorded it still show it, new reviews no longer offer it.</summary>
public sealed class RetiredCompetencyTests
{
    [Test]
    public async Task A_retired_competency_stays_in_the_rounds_that_used_it_and_is_no_longer_offered()
    {
        await using var app = await TestApp.StartAsync();
        var rounds = await Checkups.EnsureRoundsAsync(app);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        using var administrator = await app.SignInAsync(Demo.Administrator);
        var (id, name) = (await app.QueryAsync<(long Id, string Name)>("SELECT id, name_nl FROM competencies WHERE is_active = 1 ORDER BY name_nl LIMIT 1")).Single();

        // Team 1's review records the competency (the first row of the mix is the first by name).
        using (var saved = await lead.SubmitFormAsync($"/rounds/{rounds[1]}/review",
                   new Dictionary<string, string?> { ["Competencies[0].Desired"] = "3", ["Competencies[0].Actual"] = "1" }, $"/rounds/{rounds[1]}/review"))
            Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        using (var retired = await administrator.SubmitFormAsync("/admin/competencies", formAction: $"/admin/competencies/{id}/retire"))
            Assert.That(retired.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        Assert.That(await app.ScalarAsync<string?>("SELECT retired_at FROM competencies WHERE id = @id", new { id }), Is.Not.Null);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM round_competencies WHERE competency_id = @id", new { id }), Is.EqualTo(1), "the recorded mix is kept");
        Assert.That(Html.Text(await lead.GetHtmlAsync($"/rounds/{rounds[1]}/review")), Does.Contain(name), "the round that used it still shows it");
        Assert.That(Html.Text(await lead.GetHtmlAsync("/teams/1")), Does.Contain(name), "and so does the dashboard");
        Assert.That(Html.Text(await lead.GetHtmlAsync($"/rounds/{rounds[2]}/review")), Does.Not.Contain(name), "a review without it no longer offers it");
        Assert.That(Html.Text(await administrator.GetHtmlAsync("/admin/competencies")), Does.Contain(name), "the catalogue keeps it, marked retired");
    }
}
