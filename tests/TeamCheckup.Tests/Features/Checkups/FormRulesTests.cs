using System.Net;
using TeamCheckup.Tests.Support;

// (Not "...Features.Checkups": that namespace would hide the Support.Checkups helpers from every feature test.)
namespace TeamCheckup.Tests.Features.CheckupCycle;

/// <summary>
/// Every validation rule of the pulse form (SPEC §4) and of the team lead's review, over HTTP: a 400 with the Dutch
/// reason, and nothing stored — for the pulse the code stays unused and no answer row appears.
/// </summary>
public sealed class FormRulesTests
{
    private TestApp app = null!;
    private HttpClient lead = null!;
    private readonly Queue<string> codes = new();
    private int round;

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync();
        lead = await app.SignInAsync(Demo.TeamLead);
        round = (await Checkups.EnsureRoundsAsync(app))[1];
        foreach (var code in await Checkups.OpenPulseAsync(lead, round, 40)) codes.Enqueue(code);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        lead.Dispose();
        await app.DisposeAsync();
    }

    private async Task RefusedAsync(HttpClient client, string page, string action, Dictionary<string, string?> values, string message)
    {
        var before = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        using var response = await client.SubmitFormAsync(page, values, action);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        var after = await app.SnapshotAsync("audit_entries.*", "user_sessions.*");
        foreach (var table in before.Keys) Assert.That(after[table], Is.EqualTo(before[table]), $"{table} changed by a refused form");
    }

    private static IEnumerable<TestCaseData> PulseRules()
    {
        TestCaseData Rule(string name, string? value, string message) => new TestCaseData(name, value, message).SetName($"Pulse {name}={value ?? "(none)"}");
        for (var item = 1; item <= 7; item++)
        {
            yield return Rule($"Ps{item}", null, $"Beantwoord uitspraak {item}.");
            yield return Rule($"Ps{item}", "8", $"Kies bij uitspraak {item} een waarde van 1 tot en met 7.");
        }
        yield return Rule("Ps3", "0", "Kies bij uitspraak 3 een waarde van 1 tot en met 7.");
        yield return Rule("Satisfaction", null, "Geef een rapportcijfer van 1 tot en met 10.");
        yield return Rule("Satisfaction", "11", "Geef een rapportcijfer van 1 tot en met 10.");
        yield return Rule("Workload", null, "Kies hoe je de werkdruk ervaart (1 tot en met 5).");
        yield return Rule("Workload", "6", "Kies hoe je de werkdruk ervaart (1 tot en met 5).");
        yield return Rule("SocialSafety", null, "Geef aan of je ongewenst gedrag hebt meegemaakt of gezien.");
        yield return Rule("SocialSafety", "Misschien", "Geef aan of je ongewenst gedrag hebt meegemaakt of gezien.");
        yield return Rule("SocialSafetyCategory", "Roddel", "Kies een soort gedrag uit de lijst.");
        yield return Rule("Aftercare", "0", "Kies voor nazorg een waarde van 1 tot en met 5, of sla de vraag over.");
        yield return Rule("Comment", new string('x', 1001), "Je opmerking mag hoogstens 1000 tekens lang zijn.");
    }

    [TestCaseSource(nameof(PulseRules))]
    public async Task A_pulse_answer_breaking_a_rule_is_refused_and_the_code_stays_usable(string field, string? value, string message)
    {
        var code = codes.Dequeue();
        var answers = Checkups.Answers(code);
        answers[field] = value;
        using var member = app.CreateBrowser();
        var before = await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses");
        using var response = await member.SubmitFormAsync($"/p/{code}", answers, "/p");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), Html.Text(html));
        Assert.That(Html.ErrorSummary(html), Does.Contain(message));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses"), Is.EqualTo(before));
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM participation_codes WHERE is_used = 1"), Is.Zero);
    }

    private static IEnumerable<TestCaseData> ReviewRules()
    {
        TestCaseData Rule(string name, Dictionary<string, string?> values, string message) => new TestCaseData(values, message).SetName("Review " + name);
        Dictionary<string, string?> Agreement(string? what = "Intervisie", string? party = "HRM", string? owner = "Teamchef", string? due = "2027-01-31", string? status = "Open") =>
            new() { ["NewAgreements[0].What"] = what, ["NewAgreements[0].SupportingParty"] = party, ["NewAgreements[0].Owner"] = owner, ["NewAgreements[0].DueDate"] = due, ["NewAgreements[0].Status"] = status };
        Dictionary<string, string?> Bottleneck(string? category = "Staffing", string? description = "Te weinig mensen", string? severity = "High") =>
            new() { ["Bottlenecks[0].Category"] = category, ["Bottlenecks[0].Description"] = description, ["Bottlenecks[0].Severity"] = severity };

        yield return Rule("score out of range", new() { ["Dimensions[0].Score"] = "6" }, "een score van 1 tot en met 5.");
        yield return Rule("note too long", new() { ["Dimensions[0].Note"] = new string('x', 2001) }, "mag hoogstens 2000 tekens lang zijn.");
        yield return Rule("unknown dimension", new() { ["Dimensions[0].Dimension"] = "Weer" }, "Onbekend onderwerp.");
        yield return Rule("bottleneck category", Bottleneck(category: "Weer"), "Kies een categorie voor het knelpunt.");
        yield return Rule("bottleneck description", Bottleneck(description: ""), "Omschrijf het knelpunt.");
        yield return Rule("bottleneck severity", Bottleneck(severity: "Enorm"), "Kies de ernst van het knelpunt.");
        yield return Rule("agreement what", Agreement(what: ""), "Beschrijf wat je afspreekt.");
        yield return Rule("agreement party", Agreement(party: "Buurman"), "Kies de ondersteunende partij.");
        yield return Rule("agreement owner", Agreement(owner: ""), "Vul de eigenaar van de afspraak in.");
        yield return Rule("agreement due date", Agreement(due: ""), "Vul een datum in waarop de afspraak gereed is.");
        yield return Rule("agreement status", Agreement(status: "Misschien"), "Kies een status uit de lijst.");
        yield return Rule("agreement before the period", Agreement(due: "2020-01-01"), "De datum van een afspraak kan niet vóór het begin van deze periode");
        yield return Rule("agreement too far", Agreement(due: "2035-01-01"), "De datum van een afspraak ligt te ver in de toekomst (hoogstens 3 jaar).");
        yield return Rule("tension without description", new() { ["TensionFlag"] = "true", ["TensionDescription"] = "" }, "Omschrijf kort de spanningen (zonder namen).");
        yield return Rule("complete without every score", new() { ["Dimensions[0].Score"] = "", ["action"] = "complete" }, "voordat je afrondt.");
    }

    [TestCaseSource(nameof(ReviewRules))]
    public async Task A_review_breaking_a_rule_is_refused_and_nothing_is_stored(Dictionary<string, string?> values, string message) =>
        await RefusedAsync(lead, $"/rounds/{round}/review", $"/rounds/{round}/review", values, message);
}
