using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Dashboard;

/// <summary>
/// The unit overview kept for a short while (Features/Dashboard/UnitOverviewCache.cs): readers with the same view of a unit
/// share one reading until it expires, the page says when it was read, and a reader who sees only some districts never gets
/// the whole unit's reading (nor the other way round).
/// </summary>
public class UnitOverviewCacheTests
{
    private static async Task<TestApp> StartAsync(int seconds)
    {
        var app = await TestApp.StartAsync(new TestAppOptions
        {
            Settings = new Dictionary<string, string?> { ["Dashboard:OverviewCacheSeconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        // The VIK advisor sees one district of unit 1 only.
        var district = await app.ScalarAsync<long>("SELECT district_id FROM teams WHERE id = 1");
        await app.ExecuteAsync("DELETE FROM user_scopes WHERE user_id = (SELECT id FROM users WHERE user_name = @vik)", new { vik = Demo.Vik });
        await app.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) SELECT id, 'District', @district FROM users WHERE user_name = @vik",
            new { district, vik = Demo.Vik });
        return app;
    }

    private static async Task<string> TeamNamesAsync(TestApp app, long district, bool inside) =>
        string.Join("|", await app.QueryAsync<string>(
            $"SELECT name FROM teams WHERE district_id {(inside ? "=" : "<>")} @district AND district_id IN (SELECT id FROM districts WHERE unit_id = 1) ORDER BY id",
            new { district }));

    [Test]
    public async Task Readers_with_the_same_view_share_one_reading_until_it_expires_and_the_page_says_when_it_was_read()
    {
        using var app = await StartAsync(30);
        using var chief = await app.SignInAsync(Demo.Chief);
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var first = Html.Text(await chief.GetHtmlAsync("/units/1"));
        Assert.That(first, Does.Contain("Basisteam Utrecht-Centrum").And.Match(@"Cijfers van \d{1,2}:\d{2} uur\."));

        await app.ExecuteAsync("UPDATE teams SET name = 'Basisteam Hernoemd' WHERE id = 1");
        var again = Html.Text(await chief.GetHtmlAsync("/units/1"));
        var other = Html.Text(await hrm.GetHtmlAsync("/units/1"));
        Assert.Multiple(() =>
        {
            Assert.That(again, Does.Contain("Basisteam Utrecht-Centrum").And.Not.Contain("Basisteam Hernoemd"), "the reading is kept");
            Assert.That(other, Does.Contain("Basisteam Utrecht-Centrum"), "a reader with the same view of the unit shares it");
        });
    }

    [Test]
    public async Task A_reader_of_one_district_gets_a_reading_of_their_own_district_only()
    {
        using var app = await StartAsync(30);
        var district = await app.ScalarAsync<long>("SELECT district_id FROM teams WHERE id = 1");
        using var chief = await app.SignInAsync(Demo.Chief);
        using var vik = await app.SignInAsync(Demo.Vik);
        var whole = Html.Text(await chief.GetHtmlAsync("/units/1"));
        var part = Html.Text(await vik.GetHtmlAsync("/units/1"));
        var outside = (await TeamNamesAsync(app, district, inside: false)).Split('|', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(outside, Is.Not.Empty, "unit 1 has more than one district");
        Assert.Multiple(async () =>
        {
            Assert.That(outside.Where(part.Contains), Is.Empty, "no team of another district reaches the district's reader");
            Assert.That(outside.Where(whole.Contains), Is.Not.Empty, "the chief's reading has the whole unit");
            var chiefAgain = Html.Text(await chief.GetHtmlAsync("/units/1"));
            Assert.That(outside.Where(chiefAgain.Contains), Is.Not.Empty, "the district's reading did not take the chief's place");
        });
    }

    [Test]
    public async Task An_expired_reading_is_read_again()
    {
        using var app = await StartAsync(1);
        using var chief = await app.SignInAsync(Demo.Chief);
        Assert.That(Html.Text(await chief.GetHtmlAsync("/units/1")), Does.Contain("Basisteam Utrecht-Centrum"));
        await app.ExecuteAsync("UPDATE teams SET name = 'Basisteam Hernoemd' WHERE id = 1");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.That(Html.Text(await chief.GetHtmlAsync("/units/1")), Does.Contain("Basisteam Hernoemd"));
    }

    [Test]
    public async Task With_the_cache_off_every_request_reads_the_database()
    {
        using var app = await StartAsync(0);
        using var chief = await app.SignInAsync(Demo.Chief);
        await chief.GetHtmlAsync("/units/1");
        await app.ExecuteAsync("UPDATE teams SET name = 'Basisteam Hernoemd' WHERE id = 1");
        Assert.That(Html.Text(await chief.GetHtmlAsync("/units/1")), Does.Contain("Basisteam Hernoemd"));
    }
}
