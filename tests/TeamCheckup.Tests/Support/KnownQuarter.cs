using System.Data.Common;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Support;

/// <summary>
/// A quarter (Q2 2026) with known data for the report tests, written straight into the tables the way
/// Infrastructure/Database/DemoHistory.cs does (results through the app's own PulseClosing):
/// <list type="bullet">
/// <item>pulse rounds in unit 1 with 8, 3, 12, 6, 9 and 4 responses (teams 1–6; k = 5), team 1 also in Q1 2026 (6)
/// and Q4 2025 (3); team 7 in unit 2 (7). Team 4's check-up is not completed, team 5's was completed late.</item>
/// <item>HRM cases opened in unit 1 this quarter: Conflict 7, Aggression 5, Other 2, check-up 6 (rules: incident 14,
/// low satisfaction 6, of which drop 3); three more opened in Q1 and closed this quarter; unit 2: Conflict 3.</item>
/// <item>VIK cases in unit 1: Harassment 6 (from anonymous reports), Integrity 1; unit 2: Discrimination 1.
/// Anonymous reports: 6 in unit 1 (5 acknowledged in time, 4 answered in time), 1 in unit 2.</item>
/// <item>Social safety: every fifth answer (i % 5 = 1) experienced unacceptable behaviour (the first of them discrimination, the
/// others harassment), i % 5 = 3 witnessed it (bullying where i is odd); the counts per answer go through the app's own
/// round_answer_counts.</item>
/// <item>Agreements due this quarter: unit 1 HRM 2 (1 done), VIK 1 (open); unit 2 HRM 1 (done).</item>
/// </list>
/// The tests compute the figures they expect from these tables, not from the report builders.
/// </summary>
public static class KnownQuarter
{
    public static readonly Quarter Quarter = new(2026, 2);
    /// <summary>Ten days after the quarter closed: the quarter is the last closed one.</summary>
    public static readonly DateTimeOffset Now = new(2026, 7, 10, 10, 0, 0, TimeSpan.Zero);
    public const int K = 5;

    public static readonly IReadOnlyDictionary<int, int> RespondentsThisQuarter = new Dictionary<int, int>
    {
        [1] = 8, [2] = 3, [3] = 12, [4] = 6, [5] = 9, [6] = 4, [7] = 7,
    };

    public const string CohesionNote = "Goede samenwerking met de recherche";
    public const string TensionText = "Spanning tussen dag- en nachtploeg over het rooster.";
    public const string BottleneckText = "Onderbezetting in de nachtdienst.";
    public const string AgreementDone = "Intervisie voor de ploegchefs";
    public const string AgreementRunning = "Gesprek over het rooster";

    /// <summary>A test app on a fixed clock with the known quarter seeded.</summary>
    public static async Task<TestApp> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var app = await TestApp.StartAsync(new TestAppOptions { Clock = new ManualTimeProvider(Now), ConfigureServices = configureServices });
        try
        {
            await SeedAsync(app);
            return app;
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    public static async Task SeedAsync(TestApp app)
    {
        await using var connection = await app.OpenDbAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var seed = new Seeder(connection, transaction, app.Connections.Dialect.SelectNewId,
            await connection.ExecuteScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE version = 1", transaction: transaction),
            await connection.ExecuteScalarAsync<int>("SELECT id FROM users WHERE user_name = 'hrm'", transaction: transaction));

        // ---- rounds -------------------------------------------------------------------------------
        var q = Quarter;
        var onTime = q.Start.AddDays(24).ToDateTime(new TimeOnly(15, 0));
        var team1 = await seed.RoundAsync(1, q, 8, headcount: 48, onTime, tension: TensionText);
        await seed.RoundAsync(1, q.Previous, 6, headcount: 48, q.Previous.Start.AddDays(20).ToDateTime(new TimeOnly(15, 0)));
        await seed.RoundAsync(1, q.Previous.Previous, 3, headcount: 48, q.Previous.Previous.Start.AddDays(20).ToDateTime(new TimeOnly(15, 0)));
        await seed.RoundAsync(2, q, 3, headcount: 36, onTime);
        var team3 = await seed.RoundAsync(3, q, 12, headcount: 22, onTime);
        await seed.RoundAsync(4, q, 6, headcount: 41, completedAt: null);
        await seed.RoundAsync(5, q, 9, headcount: 12, q.Start.AddDays(49).ToDateTime(new TimeOnly(15, 0)));
        await seed.RoundAsync(6, q, 4, headcount: 4, onTime);
        var team7 = await seed.RoundAsync(7, q, 7, headcount: 55, onTime);

        await connection.ExecuteAsync("UPDATE review_dimensions SET score = 4, note = @CohesionNote WHERE round_id = @team1 AND dimension = 'Cohesion'",
            new { CohesionNote, team1 }, transaction);
        await connection.ExecuteAsync("INSERT INTO bottlenecks (round_id, category, description, severity) VALUES (@team1, 'Staffing', @BottleneckText, 'High')",
            new { team1, BottleneckText }, transaction);

        // ---- agreements ---------------------------------------------------------------------------
        await seed.AgreementAsync(1, team1, AgreementDone, "HRM", new DateOnly(2026, 5, 15), "Done");
        await seed.AgreementAsync(1, team1, AgreementRunning, "HRM", new DateOnly(2026, 6, 20), "InProgress");
        await seed.AgreementAsync(3, team3, "Vertrouwenspersoon komt op het teamoverleg", "VIK", new DateOnly(2026, 6, 1), "Open");
        await seed.AgreementAsync(7, team7, "Roosterafspraken vastleggen", "HRM", new DateOnly(2026, 5, 1), "Done");

        // ---- HRM cases, unit 1, opened this quarter -------------------------------------------------
        string[] hrmCategories = [.. Enumerable.Repeat("Conflict", 7), .. Enumerable.Repeat("Aggression", 5), .. Enumerable.Repeat("Other", 2), .. Enumerable.Repeat("CheckUp", 6)];
        for (var i = 0; i < hrmCategories.Length; i++)
        {
            var category = hrmCategories[i];
            var checkUpIndex = i - 14;
            string[] rules = category != "CheckUp" ? ["incident"] : checkUpIndex < 3 ? ["low-satisfaction", "drop"] : ["low-satisfaction"];
            var opened = q.Start.AddDays(1 + i * 4).ToDateTime(new TimeOnly(9, 0));
            await seed.CaseAsync(unitId: 1, teamId: i == 6 ? 4 : 1 + i % 3, Disciplines.Hrm, category, rules,
                opened, analysisAt: opened.AddDays(i % 5 + 0.3), triageDueOn: DateOnly.FromDateTime(opened).AddDays(3), closedAt: opened.AddDays(20));
        }
        // Opened in Q1, closed this quarter.
        foreach (var (teamId, day) in new[] { (2, 60), (2, 65), (5, 70) })
        {
            var opened = q.Previous.Start.AddDays(day).ToDateTime(new TimeOnly(10, 0));
            await seed.CaseAsync(1, teamId, Disciplines.Hrm, "Conflict", ["incident"], opened, opened.AddDays(1), DateOnly.FromDateTime(opened).AddDays(5),
                q.Start.AddDays(14).ToDateTime(new TimeOnly(16, 0)));
        }
        // Unit 2.
        foreach (var (teamId, day) in new[] { (7, 34), (7, 41), (8, 48) })
        {
            var opened = q.Start.AddDays(day).ToDateTime(new TimeOnly(11, 0));
            await seed.CaseAsync(2, teamId, Disciplines.Hrm, "Conflict", ["incident"], opened, opened.AddDays(1.3), DateOnly.FromDateTime(opened).AddDays(5), opened.AddDays(10));
        }

        // ---- anonymous reports and VIK cases ----------------------------------------------------------
        for (var i = 0; i < 6; i++)
        {
            var received = q.Start.AddDays(9 + i * 10);
            var reportId = await seed.AnonymousReportAsync(1, 1 + i % 3, "Harassment", received,
                acknowledgedAt: received.AddDays(i < 5 ? 2 : 20).ToDateTime(new TimeOnly(12, 0)),
                feedbackAt: i < 4 ? received.AddDays(30).ToDateTime(new TimeOnly(12, 0)) : null);
            var opened = received.ToDateTime(new TimeOnly(13, 0));
            await seed.CaseAsync(1, 1 + i % 3, Disciplines.Vik, "Harassment", ["incident"], opened, opened.AddDays(i == 5 ? 6.3 : 2.3),
                DateOnly.FromDateTime(opened).AddDays(5), opened.AddDays(25), reportId);
        }
        {
            var opened = q.Start.AddDays(33).ToDateTime(new TimeOnly(9, 30));
            await seed.CaseAsync(1, 1, Disciplines.Vik, "Integrity", ["incident"], opened, opened.AddDays(1.2), DateOnly.FromDateTime(opened).AddDays(5), opened.AddDays(15));
            var received = q.Start.AddDays(30);
            await seed.AnonymousReportAsync(2, null, "Integrity", received, received.AddDays(1).ToDateTime(new TimeOnly(9, 0)), null);
            opened = q.Start.AddDays(50).ToDateTime(new TimeOnly(9, 30));
            await seed.CaseAsync(2, 8, Disciplines.Vik, "Discrimination", ["incident"], opened, opened.AddDays(3.2), DateOnly.FromDateTime(opened).AddDays(5), opened.AddDays(12));
        }
        await transaction.CommitAsync();
    }

    /// <summary>Renders a report without archiving it (as the archive would store it) and reads it back.</summary>
    public static async Task<PdfText> RenderAsync(TestApp app, string type, int scopeId, string language = "nl", Quarter? quarter = null)
    {
        using var scope = app.Services.CreateScope();
        var rendered = await scope.ServiceProvider.GetRequiredService<ReportGenerator>().RenderAsync(new ReportRequest(type, scopeId, quarter ?? QuarterOf(type), language));
        Assert.That(rendered, Is.Not.Null, $"{type} report for scope {scopeId}");
        return PdfText.Read(rendered!.Value.Pdf);
    }

    public static async Task<byte[]> RenderBytesAsync(TestApp app, string type, int scopeId, string language = "nl")
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ReportGenerator>().RenderAsync(new ReportRequest(type, scopeId, QuarterOf(type), language)))!.Value.Pdf;
    }

    /// <summary>The quarter a report of this type is asked for: the known quarter, or for the annual integrity report the last
    /// quarter of the last year that has ended (2025).</summary>
    public static Quarter QuarterOf(string type) => type == ReportTypes.Integrity ? new Quarter(Quarter.Year - 1, 4) : Quarter;

    private sealed class Seeder(DbConnection connection, DbTransaction transaction, string newId, int questionnaireId, int userId)
    {
        private int lookups;

        /// <summary>A round of the quarter with <paramref name="respondents"/> answers and a review; results through the app's scoring.</summary>
        public async Task<int> RoundAsync(int teamId, Quarter quarter, int respondents, int headcount, DateTime? completedAt, string? tension = null)
        {
            var roundId = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, questionnaire_version_id, k_threshold, kc_threshold, " +
                "pulse_opened_at, pulse_closes_on, pulse_closed_at, codes_issued, response_count, headcount_at_open, tension_flag, tension_description, " +
                "review_updated_at, completed_at, completed_by) VALUES (@teamId, @start, @end, 3, @created, @questionnaireId, 5, 10, @opened, @closesOn, @closed, " +
                "@headcount, @respondents, @headcount, @tensionFlag, @tension, @closed, @completedAt, @completedBy);" + newId,
                new
                {
                    teamId, start = quarter.Start, end = quarter.End, created = quarter.Start.ToDateTime(TimeOnly.MinValue), questionnaireId,
                    opened = quarter.Start.AddDays(2).ToDateTime(new TimeOnly(9, 0)), closesOn = quarter.Start.AddDays(16),
                    closed = quarter.Start.AddDays(17).ToDateTime(new TimeOnly(9, 0)), headcount, respondents,
                    tensionFlag = tension is not null, tension, completedAt, completedBy = completedAt is null ? null : "teamchef",
                }, transaction);
            for (var i = 0; i < respondents; i++)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO pulse_responses (id, round_id, questionnaire_version_id, response_date, ps1, ps2, ps3, ps4, ps5, ps6, ps7, satisfaction, workload, " +
                    "social_safety, social_safety_category, aftercare, comment) VALUES (@id, @roundId, @questionnaireId, @day, @p1, @p2, @p3, @p4, @p5, @p6, @p7, " +
                    "@satisfaction, @workload, @safety, @category, @aftercare, NULL)",
                    new
                    {
                        id = Guid.NewGuid().ToString("N"), roundId, questionnaireId, day = quarter.Start.AddDays(3 + i % 12),
                        p1 = 1 + (teamId + i) % 4, p2 = 4 + i % 4, p3 = 2 + i % 3, p4 = 3 + (teamId + 2 * i) % 5, p5 = 1 + i % 2, p6 = 5 + i % 3, p7 = 4 + (teamId + i) % 4,
                        satisfaction = 5 + (teamId * 2 + i * 3) % 5, workload = 1 + (teamId + i) % 5,
                        safety = (i % 5) switch { 1 => SocialSafetyAnswers.Experienced, 3 => SocialSafetyAnswers.Witnessed, _ => SocialSafetyAnswers.No },
                        aftercare = i % 2 == 0 ? 3 : (int?)null,
                        // The optional kind: discrimination for the first who experienced it, harassment after; bullying for every other witness.
                        category = (i % 5) switch { 1 => i == 1 ? "Discrimination" : "Harassment", 3 => i % 2 == 1 ? "Bullying" : null, _ => (string?)null },
                    }, transaction);
            }
            await PulseClosing.ComputeResultsAsync(connection, transaction, roundId, quarter.Start.AddDays(17).ToDateTime(new TimeOnly(9, 0)));
            if (completedAt is not null)
                await connection.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@roundId, @dimension, 3, NULL)",
                    ReviewVocabulary.Dimensions.Select(dimension => new { roundId, dimension }), transaction);
            return roundId;
        }

        public Task AgreementAsync(int teamId, int roundId, string what, string party, DateOnly due, string status) => connection.ExecuteAsync(
            "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, last_round_id, updated_at) " +
            "VALUES (@teamId, @roundId, @what, @party, 'Teamchef', @due, @status, @roundId, @updated)",
            new { teamId, roundId, what, party, due, status, updated = Now.UtcDateTime.AddDays(-20) }, transaction);

        public async Task<int> AnonymousReportAsync(int unitId, int? teamId, string category, DateOnly received, DateTime? acknowledgedAt, DateTime? feedbackAt) =>
            (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO anonymous_reports (unit_id, team_id, category, lookup_id, key_hash, key_salt, received_on, acknowledged_at, feedback_at) " +
                "VALUES (@unitId, @teamId, @category, @lookup, 'x', 'x', @received, @acknowledgedAt, @feedbackAt);" + newId,
                new { unitId, teamId, category, lookup = $"known-{++lookups}", received, acknowledgedAt, feedbackAt }, transaction);

        /// <summary>A case with its one signal: from a report (<paramref name="reportId"/>), an incident, or a completed round ("CheckUp").</summary>
        public async Task CaseAsync(int unitId, int? teamId, string discipline, string category, string[] rules, DateTime openedAt,
            DateTime? analysisAt, DateOnly triageDueOn, DateTime? closedAt, int? reportId = null)
        {
            var caseId = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, outcome, closed_at, updated_at) " +
                "VALUES (@unitId, @teamId, @status, 'Normal', @discipline, @openedAt, @triageDueOn, 'Analyse', @analysisAt, @outcome, @closedAt, @openedAt);" + newId,
                new
                {
                    unitId, teamId, status = closedAt is null ? CaseStatuses.Action : CaseStatuses.Closed, discipline, openedAt, triageDueOn, analysisAt,
                    outcome = closedAt is null ? null : "Resolved", closedAt,
                }, transaction);
            int? incidentId = null;
            if (category != "CheckUp" && reportId is null)
                incidentId = (int)await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
                    "VALUES (@teamId, @day, @category, 'Medium', 'Voorval', @userId, @openedAt);" + newId,
                    new { teamId, day = DateOnly.FromDateTime(openedAt), category, userId, openedAt }, transaction);
            var source = reportId is not null ? SignalSources.AnonymousReport : incidentId is not null ? SignalSources.Incident : SignalSources.RoundCompleted;
            var outcome = System.Text.Json.JsonSerializer.Serialize(new { rules = rules.Select(rule => new { rule, discipline, priority = "Normal", detail = "" }) });
            await connection.ExecuteAsync(
                "INSERT INTO signals (unit_id, team_id, source, incident_id, report_id, payload, created_at, processed_at, case_id, outcome) " +
                "VALUES (@unitId, @teamId, @source, @incidentId, @reportId, '{}', @openedAt, @openedAt, @caseId, @outcome)",
                new { unitId, teamId, source, incidentId, reportId, openedAt, caseId, outcome }, transaction);
        }
    }
}
