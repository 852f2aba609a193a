using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Infrastructure.Audit;

/// <summary>
/// The hash-chained, append-only audit trail (SPEC §9 P5). Tampering happens on a copy of the app's
/// database (VACUUM INTO), so each test starts from the same intact chain.
/// </summary>
public class AuditTrailTests
{
    private TestApp app = null!;
    private readonly List<string> copies = [];

    [OneTimeSetUp]
    public async Task StartAndCreateHistory()
    {
        app = await TestApp.StartAsync();
        foreach (var user in Demo.AllAccounts) (await app.SignInAsync(user)).Dispose();
        using var anonymous = app.CreateBrowser();
        (await anonymous.PostSignInAsync(Demo.Hrm, "wrong-password")).Dispose();
        using var lead = await app.SignInAsync(Demo.TeamLead);
        (await lead.GetAsync("/teams/7")).Dispose();   // refusal: audited
        (await lead.GetAsync("/admin/users")).Dispose();
        (await lead.SignOutAsync()).Dispose();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        SqliteConnection.ClearAllPools();
        foreach (var copy in copies) File.Delete(copy);
        app.Dispose();
    }

    [Test]
    public async Task The_chain_verifies_after_normal_activity()
    {
        var count = await app.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries");
        var result = await app.Services.GetRequiredService<AuditTrail>().VerifyAsync();

        Assert.That(count, Is.GreaterThan(10));
        Assert.That(result.IsIntact, Is.True, result.Problem);
        Assert.That(result.EntriesChecked, Is.GreaterThanOrEqualTo(count));
    }

    [Test]
    public async Task Entries_link_to_their_predecessor_from_the_genesis_hash()
    {
        var rows = await app.QueryAsync<(long Sequence, string PreviousHash, string Hash)>(
            "SELECT sequence, previous_hash, hash FROM audit_entries ORDER BY sequence");
        Assert.That(rows[0].Sequence, Is.EqualTo(1));
        Assert.That(rows[0].PreviousHash, Is.EqualTo(AuditTrail.GenesisHash));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.That(rows[i].Sequence, Is.EqualTo(rows[i - 1].Sequence + 1));
            Assert.That(rows[i].PreviousHash, Is.EqualTo(rows[i - 1].Hash));
        }
    }

    [TestCase("details", "'tampered'")]
    [TestCase("actor", "'someone-else'")]
    [TestCase("action", "'auth.nothing-happened'")]
    [TestCase("subject", "'team:1'")]
    [TestCase("occurred_at", "'2020-01-01 00:00:00'")]
    public async Task A_changed_entry_is_detected_at_its_sequence(string column, string value)
    {
        var (audit, connection) = await TamperableCopy();
        const long target = 5;
        await using (connection)
        {
            var select = $"SELECT {column} FROM audit_entries WHERE sequence = {target}";
            var original = await connection.ExecuteScalarAsync<string?>(select);
            await connection.ExecuteAsync($"UPDATE audit_entries SET {column} = {value} WHERE sequence = {target}");
            Assert.That(await connection.ExecuteScalarAsync<string?>(select), Is.Not.EqualTo(original), "the tampering changed the value");
        }

        var result = await audit.VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.IsIntact, Is.False);
            Assert.That(result.FirstBrokenSequence, Is.EqualTo(target));
            Assert.That(result.Problem, Does.Contain("changed"));
            Assert.That(result.EntriesChecked, Is.EqualTo(target - 1));
        });
    }

    [Test]
    public async Task A_changed_entry_with_a_recomputed_hash_breaks_the_link_of_the_next_one()
    {
        var (audit, connection) = await TamperableCopy();
        const long target = 6;
        await using (connection)
        {
            var row = await connection.QuerySingleAsync<(long Sequence, DateTime OccurredAt, string Actor, string Action, string? Subject, string PreviousHash)>(
                "SELECT sequence, occurred_at, actor, action, subject, previous_hash FROM audit_entries WHERE sequence = @target", new { target });
            var forged = AuditTrail.ComputeHash(row.Sequence, DateTime.SpecifyKind(row.OccurredAt, DateTimeKind.Utc), row.Actor, row.Action, row.Subject, "forged", row.PreviousHash);
            await connection.ExecuteAsync("UPDATE audit_entries SET details = 'forged', hash = @forged WHERE sequence = @target", new { forged, target });
        }

        var result = await audit.VerifyAsync();

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.FirstBrokenSequence, Is.EqualTo(target + 1));
        Assert.That(result.Problem, Does.Contain("does not link"));
    }

    [Test]
    public async Task A_deleted_entry_is_detected_at_its_sequence()
    {
        var (audit, connection) = await TamperableCopy();
        const long target = 4;
        await using (connection)
            Assert.That(await connection.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = @target", new { target }), Is.EqualTo(1));

        var result = await audit.VerifyAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.IsIntact, Is.False);
            Assert.That(result.FirstBrokenSequence, Is.EqualTo(target));
            Assert.That(result.Problem, Does.Contain("missing"));
        });
    }

    [Test]
    public async Task Renumbering_after_a_delete_is_detected_too()
    {
        var (audit, connection) = await TamperableCopy();
        await using (connection)
        {
            await connection.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 3");
            await connection.ExecuteAsync("UPDATE audit_entries SET sequence = sequence - 1 WHERE sequence > 3");
        }
        var result = await audit.VerifyAsync();
        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.FirstBrokenSequence, Is.EqualTo(3));
    }

    [Test]
    public async Task The_database_refuses_updates_and_deletes_of_audit_entries()
    {
        await using var connection = await app.OpenDbAsync();
        var before = await connection.ExecuteScalarAsync<string>("SELECT details FROM audit_entries WHERE sequence = 1");

        var update = Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE audit_entries SET details = 'x' WHERE sequence = 1"));
        var delete = Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("DELETE FROM audit_entries WHERE sequence = 1"));

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(update!.Message, Does.Contain("append-only"));
            Assert.That(delete!.Message, Does.Contain("append-only"));
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT details FROM audit_entries WHERE sequence = 1"), Is.EqualTo(before));
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE sequence = 1"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_daily_verification_job_logs_and_records_a_broken_chain()
    {
        var (audit, connection) = await TamperableCopy();
        await using (connection) await connection.ExecuteAsync("UPDATE audit_entries SET details = 'x' WHERE sequence = 2");
        var log = new TestLog();

        await new AuditChainVerificationJob(audit, new LoggerFactory([log]).CreateLogger<AuditChainVerificationJob>()).RunAsync();

        var last = (await audit.LatestAsync(1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(last.Action, Is.EqualTo(AuditActions.AuditVerified));
            Assert.That(last.Details, Does.StartWith("broken at 2"));
            Assert.That(log.Entries, Has.Some.Matches<(LogLevel Level, string Category, string Message, Exception? Exception)>(
                e => e.Level == LogLevel.Error && e.Message.Contains("BROKEN")));
        });
    }

    [Test]
    public async Task The_daily_verification_job_records_an_intact_chain()
    {
        var audit = app.Services.GetRequiredService<AuditTrail>();
        await ActivatorUtilities.CreateInstance<AuditChainVerificationJob>(app.Services).RunAsync();
        var last = (await audit.LatestAsync(1)).Single();
        Assert.That(last.Action, Is.EqualTo(AuditActions.AuditVerified));
        Assert.That(last.Details, Does.StartWith("intact"));
    }

    [Test]
    public async Task Concurrent_appends_keep_one_unbroken_chain()
    {
        var audit = app.Services.GetRequiredService<AuditTrail>();
        var before = await app.AuditMarkAsync();

        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => audit.AppendAsync("test", "test.concurrent", $"n:{i}"))));

        Assert.That(await app.AuditMarkAsync(), Is.EqualTo(before + 24));
        var result = await audit.VerifyAsync();
        Assert.That(result.IsIntact, Is.True, result.Problem);
    }

    /// <summary>A copy of the app's database with the append-only triggers dropped, an AuditTrail on it, and an open connection to it.</summary>
    private async Task<(AuditTrail Audit, SqliteConnection Connection)> TamperableCopy()
    {
        var copy = Path.Combine(app.DataDirectory, $"copy-{Guid.NewGuid():N}.db");
        copies.Add(copy);
        await app.ExecuteAsync($"VACUUM INTO '{copy}'");
        var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;");
        var connections = new DbConnectionFactory(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={copy};Pooling=False" }, app.DataDirectory);
        var audit = new AuditTrail(connections, TeamCheckup.Web.Infrastructure.Time.Clock.Create(TimeProvider.System));
        Assert.That((await audit.VerifyAsync()).IsIntact, Is.True, "the copy starts intact");
        return (audit, connection);
    }
}
