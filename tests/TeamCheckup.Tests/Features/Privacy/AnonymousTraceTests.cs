using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Privacy;

/// <summary>
/// SPEC §9 P7: nothing stored, logged or queued ties a time finer than the day to an anonymous report or a
/// pulse answer. A report and an answer are sent at a moment nothing else happens, the report is triaged
/// 40 seconds later (as the minute sweep does); then every column of every table, every log line and the
/// job store are searched for that moment.
/// </summary>
public partial class AnonymousTraceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Filing = new(2026, 12, 2, 13, 47, 29, TimeSpan.Zero);

    private TestApp app = null!;
    private ManualTimeProvider clock = null!;

    [OneTimeSetUp]
    public async Task Start_the_app() =>
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock = new ManualTimeProvider(Start) });

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    [Test]
    public async Task A_report_and_a_pulse_answer_leave_no_time_finer_than_the_day_anywhere()
    {
        var rounds = await Checkups.EnsureRoundsAsync(app);
        string code;
        using (var lead = await app.SignInAsync(Demo.TeamLead))
            code = (await Checkups.OpenPulseAsync(lead, rounds[1], codes: 6))[0];
        var jobsBefore = JobCounts();
        var logBefore = app.Log.Entries.Count;

        clock.Advance(Filing - Start - TimeSpan.FromHours(1)); // the lead's work is hours before the window
        clock.Advance(TimeSpan.FromHours(1));
        app.Log.MinimumLevel = LogLevel.Information;
        using (var member = app.CreateBrowser())
            Assert.That((await Checkups.AnswerPulseAsync(member, code)).IsSuccessStatusCode, Is.True, "the answer is accepted");
        var filed = await FileReportAsync();
        Assert.That(JobCounts(), Is.EqualTo(jobsBefore), "filing a report or answering queues no job (a job records its creation time)");

        clock.Advance(TimeSpan.FromSeconds(40));
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SignalProcessor>().SweepAsync();
        app.Log.MinimumLevel = LogLevel.Warning;
        clock.Advance(TimeSpan.FromHours(3));

        var caseId = await app.ScalarAsync<long?>("SELECT case_id FROM signals WHERE report_id = (SELECT id FROM anonymous_reports WHERE lookup_id = @filed)", new { filed });
        Assert.That(caseId, Is.Not.Null, "the report became a case");
        Assert.That(await StoredMomentsNearFilingAsync(), Is.Empty, "no column of any table holds a moment within hours of the filing");
        var logged = app.Log.Entries.Skip(logBefore).Select(e => $"{e.Level} {e.Category}: {e.Message}").ToList();
        Assert.That(logged, Is.Empty, "nothing is logged while a report is filed, an answer is given or the report is triaged (a log line has a time)");
    }

    [Test]
    public async Task A_pulse_answer_has_no_column_that_could_tie_it_to_a_code_or_order_it_within_its_day()
    {
        var columns = await app.QueryAsync<string>("SELECT lower(p.name) FROM pragma_table_info('pulse_responses') p");
        Assert.That(columns, Is.EquivalentTo(new[]
        {
            "id", "round_id", "questionnaire_version_id", "response_date", "ps1", "ps2", "ps3", "ps4", "ps5", "ps6", "ps7",
            "satisfaction", "workload", "social_safety", "social_safety_category", "aftercare", "comment",
        }), "an answer holds its round, its date and its answers — no code, no time, no sequence");
        var definition = await app.ScalarAsync<string>("SELECT sql FROM sqlite_master WHERE name = 'pulse_responses'");
        Assert.That(definition, Does.Contain("WITHOUT ROWID"), "no hidden rowid numbers the answers in the order they came in");
        var codeColumns = await app.QueryAsync<string>("SELECT lower(p.name) FROM pragma_table_info('participation_codes') p");
        Assert.That(codeColumns, Has.None.Contains("response").And.None.Contains("_at"), "a code knows whether it was used, not when or for which answer");
    }

    private async Task<string> FileReportAsync()
    {
        using var reporter = app.CreateBrowser();
        using var response = await reporter.SubmitFormAsync("/melden", new Dictionary<string, string?>
        {
            ["UnitId"] = "1", ["TeamId"] = "2", ["Category"] = "Harassment", ["Description"] = "Er wordt iemand gepest in de ploeg",
        });
        Assert.That(response.IsSuccessStatusCode, Is.True, "the report is filed");
        var key = KeyPattern().Match(await response.Content.ReadAsStringAsync()).Value;
        return TeamCheckup.Web.Features.AnonymousReports.CaseKeys.Parse(key)!.Value.LookupId;
    }

    /// <summary>Every stored value (any column, any table, also inside text such as JSON or audit details) that reads
    /// as a moment between two hours before and three hours after the filing — UTC or the organisation's time.</summary>
    private async Task<List<string>> StoredMomentsNearFilingAsync()
    {
        var from = Filing.UtcDateTime.AddHours(-2);
        var to = Filing.UtcDateTime.AddHours(3);
        var found = new List<string>();
        foreach (var (table, rows) in await app.SnapshotAsync())
            foreach (Match match in MomentPattern().Matches(rows))
                if (DateTime.TryParse(match.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var moment)
                    && moment >= from && moment <= to)
                    found.Add($"{table}: {match.Value}");
        return found;
    }

    private (long, long, long, long, long) JobCounts()
    {
        var statistics = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().GetStatistics();
        return (statistics.Enqueued, statistics.Scheduled, statistics.Processing, statistics.Succeeded, statistics.Failed);
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")]
    private static partial Regex MomentPattern();

    [GeneratedRegex(@"[A-Z2-9]{4}(?:-[A-Z2-9]{4}){8}")]
    private static partial Regex KeyPattern();
}
