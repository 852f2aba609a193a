using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// Every validation rule of the competent-teams forms (SPEC §8): the catalogue, the service-area profile, HRM's
/// composition counts and the competency mix in a review. A refused form answers 400 with the Dutch reason and
/// stores nothing; a valid one is stored as entered.
/// </summary>
public sealed class CompetencyFormsTests
{
    private TestApp app = null!;
    private HttpClient administrator = null!, hrm = null!, teamLead = null!;
    private int roundOfTeam1;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        administrator = await app.SignInAsync(Demo.Administrator);
        hrm = await app.SignInAsync(Demo.Hrm);
        teamLead = await app.SignInAsync(Demo.TeamLead);
        roundOfTeam1 = (await Checkups.EnsureRoundsAsync(app))[1];
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        administrator.Dispose(); hrm.Dispose(); teamLead.Dispose();
        await app.DisposeAsync();
    }

    private async Task RefusedAsync(HttpClient client, string page, Dictionary<string, string?> values, string message, string? action = null)
    {
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        using var response = await client.SubmitFormAsync(page, values, action);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), $"{table} changed by a refused form");
    }

    // ---- catalogue ------------------------------------------------------------------------------------

    [TestCase("", "Language skills", "Naam (Nederlands)")]
    [TestCase("Talen", "", "Naam (Engels)")]
    public async Task A_competency_needs_both_names(string nl, string en, string field) =>
        await RefusedAsync(administrator, "/admin/competencies/new", new() { ["NameNl"] = nl, ["NameEn"] = en }, field);

    [Test]
    public async Task A_name_may_not_exceed_200_characters() =>
        await RefusedAsync(administrator, "/admin/competencies/new", new() { ["NameNl"] = new string('x', 201), ["NameEn"] = "Long" }, "Naam (Nederlands)");

    [Test]
    public async Task A_description_may_not_exceed_1000_characters() =>
        await RefusedAsync(administrator, "/admin/competencies/new", new() { ["NameNl"] = "Nieuw", ["NameEn"] = "New", ["Description"] = new string('x', 1001) }, "Omschrijving");

    [Test]
    public async Task Two_competencies_cannot_share_a_Dutch_name() =>
        await RefusedAsync(administrator, "/admin/competencies/new", new() { ["NameNl"] = "Talenkennis", ["NameEn"] = "Languages again" }, "Er bestaat al een competentie met deze naam.");

    // ---- service-area profile -------------------------------------------------------------------------

    private static Dictionary<string, string?> Profile(string? nl = "70", string? europe = "10", string? outside = "20", string? source = "CBS StatLine", string? year = "2025") =>
        new() { ["Shares[0]"] = nl, ["Shares[1]"] = europe, ["Shares[2]"] = outside, ["Source"] = source, ["Year"] = year };

    private static IEnumerable<TestCaseData> ProfileRules()
    {
        yield return new TestCaseData(Profile(nl: "60"), "De aandelen moeten samen 100% zijn (nu 90%).").SetName("Shares must add up to 100 %");
        yield return new TestCaseData(Profile(nl: "", outside: "30"), "Vul voor elke groep een aandeel in.").SetName("Every share is needed");
        yield return new TestCaseData(Profile(nl: "120", europe: "-10", outside: "-10"), "Een aandeel ligt tussen 0 en 100%.").SetName("A share lies between 0 and 100");
        yield return new TestCaseData(Profile(source: ""), "Vermeld de bron van de cijfers.").SetName("The source is required");
        yield return new TestCaseData(Profile(year: ""), "Vul het peiljaar in (vanaf 1990).").SetName("The year is required");
        yield return new TestCaseData(Profile(year: "1980"), "Vul het peiljaar in (vanaf 1990).").SetName("The year is 1990 or later");
        yield return new TestCaseData(Profile(year: (DateTime.Today.Year + 1).ToString()), "Het peiljaar kan niet in de toekomst liggen.").SetName("The year is not in the future");
    }

    [TestCaseSource(nameof(ProfileRules))]
    public async Task A_service_area_profile_is_refused(Dictionary<string, string?> values, string message) =>
        await RefusedAsync(administrator, "/admin/organisation/teams/3/service-area", values, message);

    [Test]
    public async Task A_valid_profile_is_stored_with_source_and_year()
    {
        using var response = await administrator.SubmitFormAsync("/admin/organisation/teams/4/service-area", Profile(nl: "71.5", europe: "8.5", outside: "20", source: "CBS StatLine 2025"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(await app.ScalarAsync<string>("SELECT source || '/' || year FROM service_area_profiles WHERE team_id = 4"), Is.EqualTo("CBS StatLine 2025/2025"));
        var shares = await app.QueryAsync<(string Category, double Share)>("SELECT category, share_percent FROM service_area_shares WHERE team_id = 4 ORDER BY category");
        Assert.That(shares, Is.EqualTo(new[] { ("Europe", 8.5), ("Netherlands", 71.5), ("OutsideEurope", 20.0) }));
    }

    // ---- composition (HRM) ----------------------------------------------------------------------------

    [Test]
    public async Task A_composition_count_lies_between_0_and_the_headcount()
    {
        var headcount = await app.ScalarAsync<long>("SELECT headcount FROM teams WHERE id = 1");
        await RefusedAsync(hrm, "/teams/1/composition", new() { ["Counts[0]"] = (headcount + 1).ToString(), ["Counts[1]"] = "0", ["Counts[2]"] = "0" },
            $"Een aantal ligt tussen 0 en {headcount} (de teamgrootte).");
        await RefusedAsync(hrm, "/teams/1/composition", new() { ["Counts[0]"] = "-1", ["Counts[1]"] = "0", ["Counts[2]"] = "0" },
            $"Een aantal ligt tussen 0 en {headcount} (de teamgrootte).");
    }

    [Test]
    public async Task Composition_counts_cannot_add_up_to_more_than_the_headcount()
    {
        var headcount = await app.ScalarAsync<long>("SELECT headcount FROM teams WHERE id = 1");
        var half = (headcount / 2 + 1).ToString();
        await RefusedAsync(hrm, "/teams/1/composition", new() { ["Counts[0]"] = half, ["Counts[1]"] = half, ["Counts[2]"] = "0" },
            $"De aantallen tellen op tot {2 * (headcount / 2 + 1)}, meer dan de {headcount} medewerkers van het team.");
    }

    [Test]
    public async Task Every_composition_count_is_needed() =>
        await RefusedAsync(hrm, "/teams/1/composition", new() { ["Counts[0]"] = "3", ["Counts[1]"] = "", ["Counts[2]"] = "1" }, "Vul voor elke groep een aantal in.");

    [Test]
    public async Task A_valid_composition_is_stored_as_counts_per_group_only()
    {
        using var response = await hrm.SubmitFormAsync("/teams/2/composition", new Dictionary<string, string?> { ["Counts[0]"] = "25", ["Counts[1]"] = "3", ["Counts[2]"] = "6" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var rows = await app.QueryAsync<(string Category, long Count)>("SELECT category, head_count FROM team_composition WHERE team_id = 2 ORDER BY category");
        Assert.That(rows, Is.EqualTo(new[] { ("Europe", 3L), ("Netherlands", 25L), ("OutsideEurope", 6L) }));
        // Aggregate counts only: the table has no column that could name or point at a person.
        var columns = await app.QueryAsync<string>("SELECT name FROM pragma_table_info('team_composition') ORDER BY cid");
        Assert.That(columns, Is.EqualTo(new[] { "team_id", "category", "head_count", "updated_at" }));
    }

    // ---- the mix in a review --------------------------------------------------------------------------

    [TestCase("99", "2")]
    [TestCase("-1", "2")]
    [TestCase("3", "")]
    public async Task Mix_counts_are_both_given_and_lie_between_0_and_the_headcount(string desired, string actual)
    {
        var headcount = await app.ScalarAsync<long>("SELECT headcount FROM teams WHERE id = 1");
        var page = await teamLead.GetHtmlAsync($"/rounds/{roundOfTeam1}/review");
        var name = Html.Text(System.Text.RegularExpressions.Regex.Match(page, @"id=""Competencies_0_""[^>]*>\s*<th[^>]*>(.*?)</th>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value).Trim();
        await RefusedAsync(teamLead, $"/rounds/{roundOfTeam1}/review",
            new() { ["Competencies[0].Desired"] = desired, ["Competencies[0].Actual"] = actual },
            $"Vul bij '{name}' zowel gewenst als aanwezig in, tussen 0 en {headcount} (de teamgrootte).", $"/rounds/{roundOfTeam1}/review");
    }

    [Test]
    public async Task A_new_measure_needs_a_description() =>
        await RefusedAsync(teamLead, $"/rounds/{roundOfTeam1}/review",
            new() { ["NewMeasures[0].What"] = "", ["NewMeasures[0].Owner"] = "Teamchef", ["NewMeasures[0].DueDate"] = DateTime.Today.AddMonths(2).ToString("yyyy-MM-dd") },
            "Beschrijf de maatregel.", $"/rounds/{roundOfTeam1}/review");
}
