using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// A quarter's comparison sums kept for a short while and shared by the reports made meanwhile
/// (Features/Reports/ComparisonSums.cs): the kept sums are the database's, a unit's are the unit's districts only, a change
/// after the reading is left out until it expires, what a reader is taken to know of a group comes from the same reading as
/// the group, and 0 seconds reads for every report.
/// </summary>
public class ComparisonSumsTests
{
    private static async Task<TestApp> StartAsync(int seconds) => await TestApp.StartAsync(new TestAppOptions
    {
        Settings = new Dictionary<string, string?>
        {
            ["Reports:ComparisonCacheSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DemoData:History"] = "true", // quarters of results for every demo team
        },
    });

    /// <summary>The quarter of the latest round with results, and that round.</summary>
    private static async Task<(Quarter Quarter, long RoundId)> LatestAsync(TestApp app)
    {
        var row = (await app.QueryAsync<(string PeriodStart, long RoundId)>(
            "SELECT r.period_start AS PeriodStart, r.id AS RoundId FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id " +
            "WHERE x.respondents > 0 ORDER BY r.period_start DESC, r.id DESC")).First();
        return (Quarter.Of(DateOnly.Parse(row.PeriodStart[..10], System.Globalization.CultureInfo.InvariantCulture)), row.RoundId);
    }

    private static string Text(IEnumerable<TeamSums> sums) =>
        string.Join("; ", sums.OrderBy(s => s.TeamId).Select(s => $"{s.UnitId}/{s.DistrictId}/{s.TeamId}: {s.Respondents} {s.PsN} {s.PsSum:0.###} {s.SatisfactionN} {s.SatisfactionSum:0.###}"));

    [Test]
    public async Task Kept_sums_are_the_databases_and_a_unit_gets_its_own_districts_only()
    {
        using var app = await StartAsync(60);
        var (quarter, _) = await LatestAsync(app);
        var kept = app.Services.GetRequiredService<ComparisonSums>();
        await using var connection = await app.OpenDbAsync();
        var all = await ComparisonGroups.ReadAsync(connection, quarter);
        Assert.That(all, Is.Not.Empty, "the demo data has results in its latest quarter");
        var unit = all[0].UnitId;
        var keptAll = Text(await kept.ReadAsync(connection, quarter));
        var keptUnit = await kept.ReadAsync(connection, quarter, unit);
        var directUnit = Text(await ComparisonGroups.ReadAsync(connection, quarter, unit));
        Assert.Multiple(() =>
        {
            Assert.That(keptAll, Is.EqualTo(Text(all)));
            Assert.That(Text(keptUnit), Is.EqualTo(directUnit));
            Assert.That(keptUnit.Select(s => s.UnitId).Distinct(), Is.EqualTo(new[] { unit }));
        });
    }

    [Test]
    public async Task A_change_after_the_reading_is_left_out_until_it_expires()
    {
        using var app = await StartAsync(1);
        var (quarter, roundId) = await LatestAsync(app);
        var kept = app.Services.GetRequiredService<ComparisonSums>();
        await using var connection = await app.OpenDbAsync();
        var before = Text(await kept.ReadAsync(connection, quarter));
        await app.ExecuteAsync("UPDATE round_results SET respondents = respondents + 7 WHERE round_id = @roundId", new { roundId });
        var changed = Text(await ComparisonGroups.ReadAsync(connection, quarter));
        Assert.That(changed, Is.Not.EqualTo(before), "the change moves the sums");
        Assert.That(Text(await kept.ReadAsync(connection, quarter)), Is.EqualTo(before), "kept: the reading before the change");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.That(Text(await kept.ReadAsync(connection, quarter)), Is.EqualTo(changed), "expired: read again");
    }

    /// <summary>A round closing within the minute must not let a lead subtract their new figures from a group that still
    /// holds their old ones: the respondents the lead is taken to know come from the kept reading.</summary>
    [Test]
    public async Task What_a_lead_is_taken_to_know_comes_from_the_same_reading_as_the_group()
    {
        using var app = await StartAsync(60);
        var (quarter, roundId) = await LatestAsync(app);
        var teamId = (await app.QueryAsync<int>("SELECT team_id FROM checkup_rounds WHERE id = @roundId", new { roundId })).Single();
        var kept = app.Services.GetRequiredService<ComparisonSums>();
        await using var connection = await app.OpenDbAsync();
        var before = await kept.ReadAsync(connection, quarter);
        var keptOwn = before.Single(s => s.TeamId == teamId).Respondents;
        await app.ExecuteAsync("UPDATE round_results SET respondents = 1 WHERE round_id = @roundId", new { roundId });
        var coLed = await ComparisonGroups.CoLedTeamsAsync(connection, teamId);
        var keptKnown = ComparisonGroups.KnownRespondents(await kept.ReadAsync(connection, quarter), coLed);
        var freshOwn = ComparisonGroups.KnownRespondents(await ComparisonGroups.ReadAsync(connection, quarter), new HashSet<int> { teamId });
        Assert.Multiple(() =>
        {
            Assert.That(coLed, Does.Contain(teamId));
            Assert.That(keptOwn, Is.GreaterThan(1), "the demo round has more than one respondent");
            Assert.That(keptKnown, Is.GreaterThanOrEqualTo(keptOwn),
                "the kept group holds the old round: the lead is taken to know its respondents, not the new figure");
            Assert.That(freshOwn, Is.EqualTo(1), "a direct reading sees the change");
        });
    }

    [Test]
    public async Task Zero_seconds_reads_for_every_report()
    {
        using var app = await StartAsync(0);
        var (quarter, roundId) = await LatestAsync(app);
        var kept = app.Services.GetRequiredService<ComparisonSums>();
        await using var connection = await app.OpenDbAsync();
        await kept.ReadAsync(connection, quarter);
        await app.ExecuteAsync("UPDATE round_results SET respondents = respondents + 7 WHERE round_id = @roundId", new { roundId });
        Assert.That(Text(await kept.ReadAsync(connection, quarter)), Is.EqualTo(Text(await ComparisonGroups.ReadAsync(connection, quarter))));
    }
}
