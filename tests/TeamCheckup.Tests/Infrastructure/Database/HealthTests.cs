using System.Net;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Infrastructure.Database;

/// <summary>/health/live (the process answers) and /health/ready (database reachable, no migration pending).</summary>
public class HealthTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Start() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [TestCase("/health/live")]
    [TestCase("/health/ready")]
    public async Task Answers_healthy_without_signing_in(string url)
    {
        using var client = app.CreateBrowser();
        using var response = await client.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Ready_is_unhealthy_while_a_migration_is_pending_and_live_is_not()
    {
        var journal = await app.QueryAsync<(string ScriptName, string Applied)>("SELECT ScriptName, Applied FROM SchemaVersions");
        var last = journal.OrderBy(j => j.ScriptName, StringComparer.Ordinal).Last();
        await app.ExecuteAsync("DELETE FROM SchemaVersions WHERE ScriptName = @ScriptName", new { last.ScriptName });
        try
        {
            using var client = app.CreateBrowser();
            using var ready = await client.GetAsync("/health/ready");
            using var live = await client.GetAsync("/health/live");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await ready.Content.ReadAsStringAsync(), Is.EqualTo("Unhealthy"));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            await app.ExecuteAsync("INSERT INTO SchemaVersions (ScriptName, Applied) VALUES (@ScriptName, @Applied)", new { last.ScriptName, last.Applied });
        }
        using var again = app.CreateBrowser();
        Assert.That((await again.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Health_answers_reveal_no_details()
    {
        using var client = app.CreateBrowser();
        var body = await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        Assert.That(body, Does.Not.Contain("Sqlite").And.Not.Contain("migration").And.Not.Contain("Data Source"));
    }
}
