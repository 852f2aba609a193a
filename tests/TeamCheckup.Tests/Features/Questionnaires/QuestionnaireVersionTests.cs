using System.Net;
using Microsoft.Data.Sqlite;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Questionnaires;

/// <summary>
/// Questionnaire version 2 as an Administrator makes it: copy the current version, edit items (text, scale, coding,
/// index), preview it as a member would, publish it for pulses opening from a chosen day. Rounds opening before that
/// day keep version 1, rounds opening on it take version 2 and its scales; a version a round used can no longer change,
/// refused by the server and by the database.
/// </summary>
public class QuestionnaireVersionTests
{
    private static readonly DateTimeOffset Monday = new(2026, 5, 4, 8, 0, 0, TimeSpan.Zero);
    private TestApp app = null!;
    private HttpClient admin = null!;

    [SetUp]
    public async Task Start()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = new ManualTimeProvider(Monday) });
        admin = await app.SignInAsync(Demo.Administrator);
    }

    [TearDown]
    public void Stop()
    {
        admin.Dispose();
        app.Dispose();
    }

    /// <summary>Copies the newest version and edits it: statement 4 reworded, statement 2 a new item, statement 7 out of the
    /// index, satisfaction on 0–10. Returns the draft's id.</summary>
    public static async Task<int> MakeVersion2Async(TestApp app, HttpClient admin)
    {
        using var copied = await admin.SubmitFormAsync("/admin/questionnaires", formAction: "/admin/questionnaires/copy");
        Assert.That(copied.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var edit = copied.Headers.Location!.OriginalString;
        var id = int.Parse(edit.Split('/')[3]);
        using var saved = await admin.SubmitFormAsync(edit, form =>
        {
            form.Set("Statements[3].Nl", "In dit team durf ik een risico te nemen.");
            form.Set("Statements[1].NewItem", "true", "false");
            form.Set("Statements[6].FeedsIndex", "false");
            form.Set("Satisfaction.Min", "0");
            form.Set("Satisfaction.Max", "10");
        });
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.ErrorSummary(await saved.Content.ReadAsStringAsync()));
        return id;
    }

    public static async Task PublishAsync(HttpClient admin, int id, DateOnly from)
    {
        using var published = await admin.SubmitFormAsync("/admin/questionnaires", new Dictionary<string, string?> { ["EffectiveFrom"] = from.ToString("yyyy-MM-dd") },
            $"/admin/questionnaires/{id}/publish");
        Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), Html.Text(await published.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task Version_2_is_copied_edited_previewed_and_published_for_rounds_opening_from_the_chosen_day()
    {
        var mark = await app.AuditMarkAsync();
        var id = await MakeVersion2Async(app, admin);
        var preview = Html.Text(await admin.GetHtmlAsync($"/admin/questionnaires/{id}/preview"));
        Assert.That(preview, Does.Contain("Voorbeeld van vragenlijstversie 2").And.Contain("In dit team durf ik een risico te nemen."));
        var previewHtml = await admin.GetHtmlAsync($"/admin/questionnaires/{id}/preview");
        Assert.That(previewHtml, Does.Contain("name=\"Satisfaction\" value=\"0\"").And.Contain("disabled>"), "0–10, and nothing to send");
        var keys = await app.ScalarAsync<string>("SELECT definition FROM questionnaire_versions WHERE id = @id", new { id });
        Assert.That(keys, Does.Contain("\"key\":\"ps2-v2\"").And.Contain("\"index\":\"none\""));

        var tomorrow = DateOnly.FromDateTime(Monday.UtcDateTime).AddDays(1);
        await PublishAsync(admin, id, tomorrow);
        var rounds = await Checkups.EnsureRoundsAsync(app);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        var codesToday = await Checkups.OpenPulseAsync(lead, rounds[1], 3);
        app.Clock!.Advance(TimeSpan.FromDays(1));
        using var leadTomorrow = await app.SignInAsync(Demo.TeamLead); // yesterday's session has expired
        var codesTomorrow = await Checkups.OpenPulseAsync(leadTomorrow, rounds[2], 3);

        var versionOf = (await app.QueryAsync<(int Round, int Version)>(
            "SELECT r.id, q.version FROM checkup_rounds r JOIN questionnaire_versions q ON q.id = r.questionnaire_version_id WHERE r.id IN @ids",
            new { ids = new[] { rounds[1], rounds[2] } })).ToDictionary(r => r.Round, r => r.Version);
        Assert.That((versionOf[rounds[1]], versionOf[rounds[2]]), Is.EqualTo((1, 2)), "opened before the day: version 1; on it: version 2");

        using var member = app.CreateBrowser();
        Assert.That(Html.Text(await member.GetHtmlAsync($"/p/{codesTomorrow[0]}")), Does.Contain("In dit team durf ik een risico te nemen."));
        var zero = new Func<string, Dictionary<string, string?>>(code => new(Checkups.Answers(code)) { ["Satisfaction"] = "0" });
        using (var v2 = await Checkups.AnswerPulseAsync(member, codesTomorrow[0], zero(codesTomorrow[0])))
            Assert.That(v2.StatusCode, Is.EqualTo(HttpStatusCode.OK), "0 is on version 2's satisfaction scale");
        using (var v1 = await Checkups.AnswerPulseAsync(member, codesToday[0], zero(codesToday[0])))
            Assert.That(v1.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "version 1's satisfaction scale is 1–10");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM pulse_responses WHERE satisfaction = 0"), Is.EqualTo(1));

        var audit = (await app.AuditSinceAsync(mark)).Where(e => e.Subject == $"questionnaire:{id}").Select(e => e.Details).ToList();
        Assert.That(audit, Is.EqualTo(new[] { "created version 2 as a copy of version 1", "edited draft version 2", $"published version 2 for pulses opening from {tomorrow:yyyy-MM-dd}" }));
    }

    [Test]
    public async Task A_version_a_round_used_can_no_longer_change_on_the_server_nor_in_the_database()
    {
        var id = await MakeVersion2Async(app, admin);
        await PublishAsync(admin, id, DateOnly.FromDateTime(Monday.UtcDateTime));
        var rounds = await Checkups.EnsureRoundsAsync(app);
        using var lead = await app.SignInAsync(Demo.TeamLead);
        await Checkups.OpenPulseAsync(lead, rounds[1], 3);

        var before = await app.SnapshotAsync("user_sessions.last_seen_at", "audit_entries.*");
        using (var edit = await admin.PostWithTokenAsync($"/admin/questionnaires/{id}/edit", new Dictionary<string, string> { ["CommentNl"] = "Anders" }))
            Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var withdraw = await admin.PostWithTokenAsync($"/admin/questionnaires/{id}/withdraw"))
            Assert.That(withdraw.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using (var delete = await admin.PostWithTokenAsync($"/admin/questionnaires/{id}/discard"))
            Assert.That(delete.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await app.SnapshotAsync("user_sessions.last_seen_at", "audit_entries.*"), Is.EqualTo(before));

        foreach (var (sql, what) in new[]
        {
            ("UPDATE questionnaire_versions SET definition = '{}' WHERE id = @id", "definition"),
            ("UPDATE questionnaire_versions SET effective_from = '2030-01-01' WHERE id = @id", "start day"),
            ("UPDATE questionnaire_versions SET version = 9 WHERE id = @id", "number"),
            ("UPDATE questionnaire_versions SET first_used_at = NULL WHERE id = @id", "the in-use mark"),
            ("DELETE FROM questionnaire_versions WHERE id = @id", "the row"),
        })
            Assert.That(() => app.ExecuteAsync(sql, new { id }), Throws.InstanceOf<SqliteException>(), $"the database refuses changing {what} of a version in use");

        using var copied = await admin.SubmitFormAsync("/admin/questionnaires", formAction: "/admin/questionnaires/copy");
        var draft = await app.ScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE effective_from IS NULL");
        Assert.That(() => app.ExecuteAsync("UPDATE checkup_rounds SET questionnaire_version_id = @draft WHERE id = @round", new { draft, round = rounds[2] }),
            Throws.InstanceOf<SqliteException>(), "a round cannot take a draft");
    }

    [Test]
    public async Task Bad_edits_and_an_early_start_day_are_refused_and_change_nothing()
    {
        using var copied = await admin.SubmitFormAsync("/admin/questionnaires", formAction: "/admin/questionnaires/copy");
        var edit = copied.Headers.Location!.OriginalString;
        var id = int.Parse(edit.Split('/')[3]);
        var before = await app.ScalarAsync<string>("SELECT definition FROM questionnaire_versions WHERE id = @id", new { id });
        using var refused = await admin.SubmitFormAsync(edit, form =>
        {
            form.Set("ScaleMax", "5");                                   // 7 labels for a 1–5 scale
            for (var i = 0; i < 7; i++) form.Set($"Statements[{i}].FeedsIndex", "false");
            form.Set("WarningNl", "Noem geen namen.");                  // no {0}
            form.Set("Statements[0].Nl", "");
        });
        var summary = Html.ErrorSummary(await refused.Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(summary, Does.Contain("Geef 5 labels, één per regel."));
            Assert.That(summary, Does.Contain("Minstens één stelling moet de index voeden."));
            Assert.That(summary, Does.Contain("De waarschuwing moet {0} bevatten"));
            Assert.That(summary, Does.Contain("Tekst (Nederlands)"));
        });
        Assert.That(await app.ScalarAsync<string>("SELECT definition FROM questionnaire_versions WHERE id = @id", new { id }), Is.EqualTo(before));

        using var early = await admin.SubmitFormAsync("/admin/questionnaires", new Dictionary<string, string?> { ["EffectiveFrom"] = "2026-05-03" },
            $"/admin/questionnaires/{id}/publish");
        Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await app.ScalarAsync<string?>("SELECT effective_from FROM questionnaire_versions WHERE id = @id", new { id }), Is.Null);
    }
}
