using System.Security.Cryptography;
using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>
/// Five past quarters of completed check-ups for the demo teams (answers, results, reviews, an agreement
/// now and then, and a few closed cases), so the dashboards and quarterly reports have something to show.
/// Deterministic (fixed seed); Development demo data only; goes through the app's own scoring and tables.
/// </summary>
public static class DemoHistory
{
    public const int Quarters = 5;

    public static async Task SeedAsync(DbConnectionFactory connections, Clock clock)
    {
        await using var connection = await connections.OpenAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM checkup_rounds") > 0) return;
        var random = new Random(2026);
        var now = clock.UtcNow;
        var quarters = Quarter.LastClosed(DateOnly.FromDateTime(now)).Trailing(Quarters);
        var questionnaireId = await connection.ExecuteScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE version = 1");
        var teams = (await connection.QueryAsync<Team>(
            "SELECT t.id AS Id, t.headcount AS Headcount, d.unit_id AS UnitId FROM teams t JOIN districts d ON d.id = t.district_id ORDER BY t.id")).ToList();
        var experts = new Features.Triage.ExpertAssignment(connections);

        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var team in teams)
        {
            // Each team has its own level of safety and satisfaction, drifting a little per quarter.
            var level = random.NextDouble() * 1.8 - 0.9;
            for (var q = 0; q < quarters.Count; q++)
            {
                var quarter = quarters[q];
                level += random.NextDouble() * 0.8 - 0.4;
                var completedAt = quarter.Start.AddDays(20 + random.Next(25)).ToDateTime(new TimeOnly(14, 0));
                var respondents = Math.Min(team.Headcount, (int)Math.Round(team.Headcount * (0.35 + random.NextDouble() * 0.45)));
                var roundId = (int)await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, questionnaire_version_id, k_threshold, kc_threshold, " +
                    "pulse_opened_at, pulse_closes_on, pulse_closed_at, codes_issued, response_count, headcount_at_open, tension_flag, tension_description, " +
                    "review_updated_at, completed_at, completed_by) VALUES (@Id, @start, @end, 3, @created, @questionnaireId, 5, 10, @opened, @closesOn, @closed, " +
                    "@Headcount, @respondents, @Headcount, @tension, @tensionText, @completedAt, @completedAt, 'teamchef');" + connections.Dialect.SelectNewId,
                    new
                    {
                        team.Id, start = quarter.Start, end = quarter.End, created = quarter.Start.ToDateTime(TimeOnly.MinValue), questionnaireId,
                        opened = quarter.Start.AddDays(3).ToDateTime(new TimeOnly(9, 0)), closesOn = quarter.Start.AddDays(16),
                        closed = quarter.Start.AddDays(17).ToDateTime(new TimeOnly(9, 0)), team.Headcount, respondents,
                        tension = level < -0.9, tensionText = level < -0.9 ? "Wrijving tussen de ploegen over het rooster." : null, completedAt,
                    }, transaction);
                for (var r = 0; r < respondents; r++)
                {
                    int Scale(int max, double centre) => Math.Clamp((int)Math.Round(centre + level + random.NextDouble() * 2.6 - 1.3), 1, max);
                    var positive = new[] { Scale(7, 5.7), Scale(7, 5.5), Scale(7, 5.9), Scale(7, 5.3), Scale(7, 5.6), Scale(7, 5.8), Scale(7, 5.5) };
                    var experienced = random.NextDouble() < (level < -0.6 ? 0.25 : 0.06);
                    await connection.ExecuteAsync(
                        "INSERT INTO pulse_responses (id, round_id, questionnaire_version_id, response_date, ps1, ps2, ps3, ps4, ps5, ps6, ps7, satisfaction, workload, " +
                        "social_safety, social_safety_category, aftercare, comment) VALUES (@id, @roundId, @questionnaireId, @day, @p1, @p2, @p3, @p4, @p5, @p6, @p7, " +
                        "@satisfaction, @workload, @safety, NULL, @aftercare, NULL)",
                        new
                        {
                            id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), roundId, questionnaireId, day = quarter.Start.AddDays(4 + random.Next(12)),
                            p1 = 8 - positive[0], p2 = positive[1], p3 = 8 - positive[2], p4 = positive[3], p5 = 8 - positive[4], p6 = positive[5], p7 = positive[6],
                            satisfaction = Scale(10, 7.5), workload = Scale(5, 3.4), safety = experienced ? SocialSafetyAnswers.Experienced : random.NextDouble() < 0.1 ? SocialSafetyAnswers.Witnessed : SocialSafetyAnswers.No,
                            aftercare = random.NextDouble() < 0.5 ? Scale(5, 3.5) : (int?)null,
                        }, transaction);
                }
                await PulseClosing.ComputeResultsAsync(connection, transaction, roundId, completedAt);
                await connection.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@roundId, @dimension, @score, NULL)",
                    ReviewVocabulary.Dimensions.Select(dimension => new { roundId, dimension, score = Math.Clamp((int)Math.Round(3.4 + level + random.NextDouble() - 0.5), 1, 5) }), transaction);
                if (random.NextDouble() < 0.35)
                    await connection.ExecuteAsync(
                        "INSERT INTO bottlenecks (round_id, category, description, severity) VALUES (@roundId, 'Staffing', 'Onderbezetting in de avond- en nachtdiensten.', 'Medium')",
                        new { roundId }, transaction);
                if (q == quarters.Count - 2 || random.NextDouble() < 0.2)
                    await connection.ExecuteAsync(
                        "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, last_round_id, updated_at) " +
                        "VALUES (@Id, @roundId, 'Teamsessie over samenwerking tussen de ploegen', 'HRM', 'Teamchef', @due, @status, @roundId, @completedAt)",
                        new { team.Id, roundId, due = quarter.End.AddDays(45), status = q < quarters.Count - 2 ? "Done" : "Open", completedAt }, transaction);

                // The completed round's signal, judged when it happened: a closed case where a rule fired.
                var payload = await RoundSignal.PayloadAsync(connection, transaction, connections.Dialect, roundId, team.Id);
                var evaluation = Features.Triage.TriageRules.Evaluate(Features.Triage.SignalSources.RoundCompleted, payload, Features.Triage.RuleSettings.Default);
                int? caseId = null;
                if (evaluation.OpensOrJoinsCase)
                {
                    var analysed = completedAt.AddDays(1 + random.Next(4));
                    caseId = (int)await connection.ExecuteScalarAsync<long>(
                        "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, outcome, outcome_rationale, closed_at, updated_at) " +
                        "VALUES (@UnitId, @Id, 'Closed', @priority, @lead, @completedAt, @due, 'Analyse met de teamchef: oorzaken besproken, afspraken gemaakt.', @analysed, " +
                        "'Resolved', 'Afspraken nagekomen; het team is weer op koers.', @closedAt, @closedAt);" + connections.Dialect.SelectNewId,
                        new
                        {
                            team.UnitId, team.Id, priority = evaluation.Priority, lead = evaluation.LeadDiscipline, completedAt,
                            due = Features.Triage.TriageDeadlines.TriageDueOn(DateOnly.FromDateTime(completedAt), evaluation.Priority), analysed,
                            closedAt = completedAt.AddDays(30 + random.Next(40)),
                        }, transaction);
                    // The lead discipline's advisor of the team's own unit, if the unit has one (never another unit's).
                    if (await experts.PickAsync(connection, transaction, team.UnitId, evaluation.LeadDiscipline) is { } advisor)
                        await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@caseId, @advisor, @role, @completedAt)",
                            new { caseId, advisor, role = evaluation.LeadDiscipline, completedAt }, transaction);
                }
                await connection.ExecuteAsync(
                    "INSERT INTO signals (unit_id, team_id, source, round_id, payload, created_at, processed_at, case_id, outcome) " +
                    "VALUES (@UnitId, @Id, 'RoundCompleted', @roundId, @payload, @completedAt, @completedAt, @caseId, @outcome)",
                    new
                    {
                        team.UnitId, team.Id, roundId, payload, completedAt, caseId,
                        outcome = System.Text.Json.JsonSerializer.Serialize(new { rules = evaluation.Fired, thresholds = evaluation.RulesUsed }, Features.Triage.TriageRules.Json),
                    }, transaction);
            }
        }
        await SeatTheExpertAsync(connection, transaction, connections.Dialect.Page(0, 1));
        await SeedIntegrityAsync(connection, transaction, clock, connections.Dialect);
        await transaction.CommitAsync();
    }

    /// <summary>The demo Expert (bedrijfsarts) sits on the latest case of Midden-Nederland, with one entry shared with them
    /// and one not, so their page shows what sharing means.</summary>
    private static async Task SeatTheExpertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string firstRow)
    {
        var expert = await connection.ExecuteScalarAsync<int?>("SELECT id FROM users WHERE user_name = 'bedrijfsarts'", transaction: transaction);
        var latest = await connection.QuerySingleOrDefaultAsync<(long Id, DateTime OpenedAt)?>(
            "SELECT id, opened_at FROM cases WHERE unit_id = (SELECT MIN(id) FROM units) ORDER BY opened_at DESC, id DESC " + firstRow, transaction: transaction);
        if (expert is null || latest is not { } c) return;
        var at = c.OpenedAt.AddDays(2);
        await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@Id, @expert, 'OccupationalHealth', @at)",
            new { c.Id, expert, at }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO case_entries (case_id, kind, body, involves_team_lead, shared_with_experts, author_user_id, created_at) VALUES " +
            "(@Id, 'Note', 'Vraag aan de bedrijfsarts: verzuim in het team loopt op; graag advies over werkdruk en herstel.', 0, 1, NULL, @at), " +
            "(@Id, 'Note', 'Intern: gesprek met de teamchef gepland (niet gedeeld met de bedrijfsarts).', 0, 0, NULL, @at)",
            new { c.Id, at }, transaction);
    }

    /// <summary>(unit index, years back from the last ended year, outcome, measure, category, review result or null, review asked)</summary>
    private static readonly (int Unit, int YearsBack, string? Outcome, string? Measure, string Category, bool Review, string? ReviewResult)[] IntegrityCases =
    [
        // The first unit, last year: 12 decisions — 6 no breach, 5 breaches, 1 withdrawn (hidden, with the breaches beside it).
        (0, 0, "NoBreach", null, "Integrity", false, null), (0, 0, "NoBreach", null, "Discrimination", false, null),
        (0, 0, "NoBreach", null, "Harassment", false, null), (0, 0, "NoBreach", null, "Integrity", false, null),
        (0, 0, "NoBreach", null, "Integrity", false, null), (0, 0, "NoBreach", null, "Harassment", true, "Upheld"),
        (0, 0, "Breach", "Conversation", "Integrity", false, null), (0, 0, "Breach", "Conversation", "Discrimination", false, null),
        (0, 0, "Breach", "Warning", "Integrity", false, null), (0, 0, "Breach", "Warning", "Harassment", false, null),
        (0, 0, "Breach", "Dismissal", "Integrity", true, null), (0, 0, "Withdrawn", null, "Discrimination", false, null),
        // The first unit, the year before: 7 decisions.
        (0, 1, "NoBreach", null, "Integrity", false, null), (0, 1, "NoBreach", null, "Harassment", false, null),
        (0, 1, "NoBreach", null, "Integrity", false, null), (0, 1, "Breach", "Warning", "Integrity", false, null),
        (0, 1, "Breach", "Disciplinary", "Discrimination", true, "Amended"), (0, 1, "Breach", "Conversation", "Integrity", false, null),
        (0, 1, "NotEstablished", null, "Harassment", false, null),
        // The second unit, last year: 4 decisions and one case closed before outcomes were recorded.
        (1, 0, "NoBreach", null, "Integrity", false, null), (1, 0, "NoBreach", null, "Harassment", false, null),
        (1, 0, "Breach", "Warning", "Integrity", false, null), (1, 0, "Breach", "Prosecution", "Integrity", false, null),
        (1, 0, null, null, "Discrimination", false, null),
    ];

    /// <summary>Closed integrity cases (VIK) with their outcomes in the last ended year and the year before, in the first two
    /// units, so the annual integrity report has content (issue 17 item 3): no case text beyond a generic line.</summary>
    public static async Task SeedIntegrityAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Clock clock, SqlDialect dialect)
    {
        var units = (await connection.QueryAsync<int>("SELECT id FROM units ORDER BY id", transaction: transaction)).Take(2).ToList();
        var registrar = await connection.ExecuteScalarAsync<int?>("SELECT MIN(user_id) FROM user_roles WHERE role = 'TeamLead'", transaction: transaction);
        if (units.Count < 2 || registrar is null) return;
        var lastYear = clock.Today.Year - 1;
        for (var i = 0; i < IntegrityCases.Length; i++)
        {
            var (unit, yearsBack, outcome, measure, category, review, result) = IntegrityCases[i];
            var unitId = units[unit];
            var teamId = await connection.ExecuteScalarAsync<int>(
                "SELECT MIN(t.id) FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @unitId", new { unitId }, transaction);
            var year = lastYear - yearsBack;
            var opened = new DateTime(year, 1 + i % 10, 3 + i % 20, 9, 0, 0, DateTimeKind.Utc);
            var decidedOn = DateOnly.FromDateTime(opened).AddDays(20 + 9 * (i % 7));
            var closedAt = decidedOn.AddDays(5).ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc);
            DateOnly? askedOn = review ? decidedOn.AddDays(14) : null;
            DateOnly? resultOn = result is null ? null : decidedOn.AddDays(60);
            var caseId = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, outcome, outcome_rationale, closed_at, updated_at, " +
                "integrity_outcome, integrity_measure, integrity_decided_on, review_asked_on, review_result, review_result_on) " +
                "VALUES (@unitId, @teamId, 'Closed', 'High', 'VIK', @opened, @due, 'Analyse door VIK met de teamchef.', @analysed, 'Resolved', 'Afgehandeld door VIK.', @closedAt, @closedAt, " +
                "@outcome, @measure, @decided, @askedOn, @result, @resultOn);" + dialect.SelectNewId,
                new
                {
                    unitId, teamId, opened, due = DateOnly.FromDateTime(opened).AddDays(3), analysed = opened.AddDays(2), closedAt,
                    outcome, measure, decided = outcome is null ? (DateOnly?)null : decidedOn, askedOn, result, resultOn,
                }, transaction);
            var incidentId = (int)await connection.ExecuteScalarAsync<long>(
                "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
                "VALUES (@teamId, @day, @category, 'High', 'Melding doorgezet naar VIK.', @registrar, @opened);" + dialect.SelectNewId,
                new { teamId, day = DateOnly.FromDateTime(opened), category, registrar, opened }, transaction);
            await connection.ExecuteAsync(
                "INSERT INTO signals (unit_id, team_id, source, incident_id, payload, created_at, processed_at, case_id, outcome) " +
                "VALUES (@unitId, @teamId, 'Incident', @incidentId, @payload, @opened, @opened, @caseId, NULL)",
                new { unitId, teamId, incidentId, opened, caseId,
                    payload = System.Text.Json.JsonSerializer.Serialize(new Features.Triage.IncidentPayload(category, "High"), Features.Triage.TriageRules.Json) }, transaction);
        }
    }

    private sealed class Team
    {
        public int Id { get; set; }
        public int Headcount { get; set; }
        public int UnitId { get; set; }
    }
}
