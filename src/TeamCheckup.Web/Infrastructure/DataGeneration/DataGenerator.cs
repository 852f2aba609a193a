using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Features.Pulse;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Infrastructure.DataGeneration;

/// <summary>
/// Fills an empty database with a synthetic police organisation and its history (SPEC §1 scale): units,
/// districts and teams of 6–60 people; one team lead per team and advisors and a chief per unit; for every
/// team a completed check-up round per period of its cadence with anonymous pulse answers, review, agreements
/// and competency mix; incidents and anonymous reports; and cases that went through their whole workflow.
/// Every team has its own level of safety and satisfaction and its own response rate, both drifting over
/// time, and small or reluctant teams fall below k now and then.
///
/// Deterministic from the seed and the as-of day. It writes the app's own tables and keeps the app's
/// invariants: round results come from <see cref="PulseClosing"/>, round signals from <see cref="RoundSignal"/>
/// judged by <see cref="TriageRules"/>, one open case per team, and the current quarter's signals are left in
/// the outbox and handed to the real <see cref="SignalProcessor"/>, which opens or joins cases as it does live.
/// What it leaves out on purpose: audit entries for the generated past, and real key hashes for anonymous
/// reports (nobody holds their keys; computing 100,000-iteration hashes would only cost minutes).
/// </summary>
public sealed class DataGenerator(DbConnectionFactory connections, QuestionnaireCatalog questionnaires, SignalProcessor signalProcessor, ILogger<DataGenerator> logger)
{
    private SqlDialect Dialect => connections.Dialect;

    public async Task<GenerationSummary> RunAsync(GenerationSettings settings)
    {
        var stopwatch = Stopwatch.StartNew();
        await questionnaires.EnsureSeededAsync();
        await using var connection = await connections.OpenAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units") > 0)
            throw new InvalidOperationException("The database already holds an organisation; generate-data fills an empty database only.");

        var random = new Random(settings.Seed);
        var current = Quarter.Of(settings.AsOf);
        var history = current.Previous.Trailing(settings.Quarters);
        var questionnaireId = await connection.ExecuteScalarAsync<int>("SELECT id FROM questionnaire_versions WHERE version = 1");
        var competencyIds = (await connection.QueryAsync<int>("SELECT id FROM competencies WHERE is_active = 1 ORDER BY id")).ToList();
        var counts = new GenerationCounts();
        var organisation = new SyntheticOrganisation(Dialect);

        var teams = await organisation.CreateAsync(connection, settings, random, history[0].Start, counts);
        logger.LogInformation("Organisation: {Units} units, {Teams} teams, {Staff} staff", settings.Units, teams.Count, teams.Sum(t => t.Headcount));
        var triage = new PastTriage(Dialect, await organisation.CreateAccountsAsync(connection, settings, teams, history[0].Start, counts));
        await connection.ExecuteAsync("UPDATE questionnaire_versions SET first_used_at = @at WHERE id = @questionnaireId AND first_used_at IS NULL",
            new { at = history[0].Start.ToDateTime(new TimeOnly(9, 0)), questionnaireId });

        var rules = await RuleSettings.LoadAsync(connection);
        var asOfMoment = settings.AsOf.ToDateTime(new TimeOnly(6, 0));
        for (var i = 0; i < teams.Count; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await GenerateHistoryAsync(connection, transaction, triage, teams[i], history, questionnaireId, competencyIds, rules, random, asOfMoment, counts);
            await transaction.CommitAsync();
            if ((i + 1) % 500 == 0) logger.LogInformation("History: {Done} of {Total} teams ({Seconds:0}s)", i + 1, teams.Count, stopwatch.Elapsed.TotalSeconds);
        }
        await triage.UnitReportsAsync(connection, history, teams, random, asOfMoment, counts);

        var codes = await GenerateCurrentQuarterAsync(connection, settings, current, teams, questionnaireId, random, counts);
        if (settings.CodesFile is { } file)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            await File.WriteAllLinesAsync(file, codes);
        }

        // The current quarter's incidents wait in the outbox; the real engine turns them into cases.
        var handled = await signalProcessor.SweepAsync();
        logger.LogInformation("Triage engine processed {Handled} current signals", handled);

        var cases = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM cases");
        var openCases = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM cases WHERE closed_at IS NULL");
        return new GenerationSummary(settings.Units, counts.Districts, teams.Count, teams.Sum(t => t.Headcount), counts.Accounts, counts.Rounds, counts.Responses,
            counts.RoundsBelowK, counts.Incidents, counts.Reports, cases, openCases, codes.Count, stopwatch.Elapsed);
    }

    private async Task GenerateHistoryAsync(DbConnection connection, DbTransaction transaction, PastTriage triage, GeneratedTeam team, IReadOnlyList<Quarter> history,
        int questionnaireId, IReadOnlyList<int> competencyIds, RuleSettings rules, Random random, DateTime asOf, GenerationCounts counts)
    {
        var drift = 0.0;
        var rate = team.ResponseRate;
        var desired = competencyIds.ToDictionary(id => id, _ => random.Next(0, Math.Max(2, team.Headcount / 6)));
        long? openAgreementId = null;
        var quarters = 0;
        foreach (var quarter in history)
        {
            // Safety and satisfaction drift per team, with a slow organisation-wide improvement; the response rate wanders too.
            // (a wandering deviation from the team's own level that fades back, plus a slow organisation-wide improvement)
            drift = 0.7 * drift + random.NextDouble() * 0.7 - 0.35;
            var level = Math.Clamp(team.Level + drift + 0.01 * quarters++, -2.2, 1.6);
            rate = Math.Clamp(rate + random.NextDouble() * 0.16 - 0.08, 0.15, 0.98);
            var quarterLevel = level;
            var quarterRate = rate;

            // What happens to the team this quarter, in the order it happens: the engine judges each signal against the cases open at that moment.
            var events = new List<(DateTime At, Func<Task> Run)>();
            var period = CheckupPeriod.For(quarter.Start, team.CadenceMonths);
            if (period.Start == quarter.Start)
            {
                var completedAt = period.Start.AddDays(25 + random.Next(30)).ToDateTime(new TimeOnly(15, 0));
                events.Add((completedAt, async () =>
                {
                    var roundId = await CompletedRoundAsync(connection, transaction, team, period, questionnaireId, quarterLevel, quarterRate, random, counts);
                    openAgreementId = await ReviewAsync(connection, transaction, team, roundId, period, quarterLevel, completedAt, openAgreementId, random);
                    await CompetencyMixAsync(connection, transaction, roundId, desired, team, random);
                    var payload = await RoundSignal.PayloadAsync(connection, transaction, Dialect, roundId, (int)team.Id);
                    await triage.SignalAsync(connection, transaction, team.UnitId, team.Id, SignalSources.RoundCompleted, payload, completedAt, rules, random, asOf, roundId: roundId);
                }));
            }
            for (var i = Chance.Poisson(random, team.IncidentRate * (level < -1 ? 2.5 : 1)); i > 0; i--)
            {
                var at = Chance.Day(random, quarter).ToDateTime(new TimeOnly(8 + random.Next(10), random.Next(60)));
                events.Add((at, () => triage.IncidentAsync(connection, transaction, team, at, rules, random, asOf, counts)));
            }
            for (var i = Chance.Poisson(random, 0.011); i > 0; i--)
            {
                var day = Chance.Day(random, quarter);
                events.Add((day.ToDateTime(TimeOnly.MinValue), () => triage.AnonymousReportAsync(connection, transaction, team.UnitId, team.Id, day, rules, random, asOf, counts)));
            }
            foreach (var (_, run) in events.OrderBy(e => e.At)) await run();
        }
    }

    private async Task<int> CompletedRoundAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, CheckupPeriod period,
        int questionnaireId, double level, double rate, Random random, GenerationCounts counts)
    {
        var respondents = Math.Clamp((int)Math.Round(team.Headcount * rate + (random.NextDouble() - 0.5) * 3), 0, team.Headcount);
        var opened = period.Start.AddDays(2 + random.Next(8));
        var tension = level < -1.3 && random.NextDouble() < 0.5;
        var roundId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, questionnaire_version_id, k_threshold, kc_threshold, " +
            "pulse_opened_at, pulse_closes_on, pulse_closed_at, codes_issued, response_count, headcount_at_open, tension_flag, tension_description) " +
            "VALUES (@Id, @Start, @End, @CadenceMonths, @created, @questionnaireId, 5, 10, @openedAt, @closesOn, @closedAt, @Headcount, @respondents, @Headcount, " +
            $"@tension, @tensionText);{Dialect.SelectNewId}",
            new
            {
                team.Id, period.Start, period.End, period.CadenceMonths, created = period.Start.ToDateTime(new TimeOnly(0, 5)), questionnaireId,
                openedAt = opened.ToDateTime(new TimeOnly(9, 0)), closesOn = opened.AddDays(13), closedAt = opened.AddDays(14).ToDateTime(new TimeOnly(0, 10)),
                team.Headcount, respondents, tension, tensionText = tension ? "Spanning in het team over roosters en de verdeling van het werk." : null,
            }, transaction);
        // Codes were issued one per member; the used ones keep only their hash and the used mark.
        var answers = new List<object>(respondents);
        for (var r = 0; r < respondents; r++)
        {
            int Scale(int max, double centre, double spread = 1.4) => Math.Clamp((int)Math.Round(centre + level + (random.NextDouble() * 2 - 1) * spread), 1, max);
            var agree = new[] { Scale(7, 5.4), Scale(7, 5.3), Scale(7, 5.6), Scale(7, 5.1), Scale(7, 5.4), Scale(7, 5.6), Scale(7, 5.3) };
            var experienced = random.NextDouble() < (level < -1 ? 0.2 : 0.025);
            var witnessed = !experienced && random.NextDouble() < 0.1;
            var id = new byte[16];
            random.NextBytes(id);
            answers.Add(new
            {
                id = Convert.ToHexStringLower(id), roundId, questionnaireId, day = opened.AddDays(random.Next(14)),
                p1 = 8 - agree[0], p2 = agree[1], p3 = 8 - agree[2], p4 = agree[3], p5 = 8 - agree[4], p6 = agree[5], p7 = agree[6],
                satisfaction = Scale(10, 7.2, 2.0), workload = Scale(5, 3.3, 1.2),
                safety = experienced ? SocialSafetyAnswers.Experienced : witnessed ? SocialSafetyAnswers.Witnessed : SocialSafetyAnswers.No,
                category = experienced || witnessed ? PulseFormValidator.Categories[random.Next(PulseFormValidator.Categories.Count)] : null,
                aftercare = random.NextDouble() < 0.6 ? Scale(5, 3.6, 1.2) : (int?)null,
                comment = random.NextDouble() < 0.08 ? "Meer tijd voor overdracht tussen de diensten zou helpen." : null,
            });
        }
        await connection.ExecuteAsync(
            "INSERT INTO pulse_responses (id, round_id, questionnaire_version_id, response_date, ps1, ps2, ps3, ps4, ps5, ps6, ps7, satisfaction, workload, " +
            "social_safety, social_safety_category, aftercare, comment) VALUES (@id, @roundId, @questionnaireId, @day, @p1, @p2, @p3, @p4, @p5, @p6, @p7, " +
            "@satisfaction, @workload, @safety, @category, @aftercare, @comment)", answers, transaction);
        await PulseClosing.ComputeResultsAsync(connection, transaction, roundId, opened.AddDays(14).ToDateTime(new TimeOnly(0, 10)));
        counts.Rounds++;
        counts.Responses += respondents;
        if (respondents < 5) counts.RoundsBelowK++;
        return roundId;
    }

    /// <summary>The lead's review: seven dimensions, a bottleneck now and then, and a support agreement that lives across rounds.</summary>
    private async Task<long?> ReviewAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, int roundId, CheckupPeriod period,
        double level, DateTime completedAt, long? openAgreementId, Random random)
    {
        await connection.ExecuteAsync("INSERT INTO review_dimensions (round_id, dimension, score, note) VALUES (@roundId, @dimension, @score, NULL)",
            ReviewVocabulary.Dimensions.Select(dimension => new { roundId, dimension, score = Math.Clamp((int)Math.Round(3.4 + level + random.NextDouble() - 0.5), 1, 5) }), transaction);
        if (random.NextDouble() < 0.4)
            await connection.ExecuteAsync("INSERT INTO bottlenecks (round_id, category, description, severity) VALUES (@roundId, @category, @description, @severity)",
                new
                {
                    roundId, category = ReviewVocabulary.BottleneckCategories[random.Next(ReviewVocabulary.BottleneckCategories.Count)],
                    description = "Knelpunt uit de gegenereerde geschiedenis.", severity = ReviewVocabulary.Severities[random.Next(3)],
                }, transaction);

        // An open agreement is carried into this round, and finished now or later; sometimes a new one is made.
        if (openAgreementId is { } carried)
        {
            var done = random.NextDouble() < 0.6;
            await connection.ExecuteAsync("UPDATE agreements SET status = @status, last_round_id = @roundId, updated_at = @completedAt, follow_up_note = @note WHERE id = @carried",
                new { status = done ? "Done" : "InProgress", roundId, completedAt, note = done ? "Afgerond." : "Loopt nog.", carried }, transaction);
            if (!done) openAgreementId = carried; else openAgreementId = null;
        }
        if (openAgreementId is null && random.NextDouble() < (level < -0.5 ? 0.6 : 0.2))
            openAgreementId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO agreements (team_id, origin_round_id, what, supporting_party, owner, due_date, status, last_round_id, updated_at) " +
                $"VALUES (@Id, @roundId, @what, @party, 'Teamchef', @due, 'Open', @roundId, @completedAt);{Dialect.SelectNewId}",
                new
                {
                    team.Id, roundId, what = "Teamsessie over samenwerking en werkdruk", party = ReviewVocabulary.SupportingParties[random.Next(ReviewVocabulary.SupportingParties.Count)],
                    due = period.End.AddDays(45), completedAt,
                }, transaction);

        await connection.ExecuteAsync("UPDATE checkup_rounds SET review_updated_at = @completedAt, completed_at = @completedAt, completed_by = @by WHERE id = @roundId",
            new { completedAt, by = $"teamchef-{team.Id:0000}", roundId }, transaction);
        return openAgreementId;
    }

    private static async Task CompetencyMixAsync(DbConnection connection, DbTransaction transaction, int roundId, Dictionary<int, int> desired, GeneratedTeam team, Random random)
    {
        await connection.ExecuteAsync("INSERT INTO round_competencies (round_id, competency_id, desired, actual) VALUES (@roundId, @Key, @Value, @actual)",
            desired.Select(d => new { roundId, d.Key, d.Value, actual = Math.Clamp(d.Value + random.Next(-2, 2), 0, team.Headcount) }), transaction);
    }

    /// <summary>The current quarter as the scheduler leaves it: a round per team; part of the pulses open (with unused codes),
    /// a few rounds already completed, and this quarter's first incidents waiting in the outbox for the triage engine.</summary>
    private async Task<List<string>> GenerateCurrentQuarterAsync(DbConnection connection, GenerationSettings settings, Quarter current,
        List<GeneratedTeam> teams, int questionnaireId, Random random, GenerationCounts counts)
    {
        var codes = new List<string>();
        var today = settings.AsOf;
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var team in teams)
        {
            var period = CheckupPeriod.For(today, team.CadenceMonths);
            if (period.Start < current.Start) continue; // a half-year round that began last quarter and is in the history already
            var openPulse = random.NextDouble() < settings.OpenPulseShare;
            var roundId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO checkup_rounds (team_id, period_start, period_end, cadence_months, created_at, questionnaire_version_id, k_threshold, kc_threshold, " +
                "pulse_opened_at, pulse_closes_on, codes_issued, headcount_at_open) VALUES (@Id, @Start, @End, @CadenceMonths, @created, @questionnaire, @k, @kc, " +
                $"@openedAt, @closesOn, @issued, @headcount);{Dialect.SelectNewId}",
                new
                {
                    team.Id, period.Start, period.End, period.CadenceMonths, created = period.Start.ToDateTime(new TimeOnly(0, 5)),
                    questionnaire = openPulse ? questionnaireId : (int?)null, k = openPulse ? 5 : (int?)null, kc = openPulse ? 10 : (int?)null,
                    openedAt = openPulse ? today.AddDays(-random.Next(1, 6)).ToDateTime(new TimeOnly(9, 0)) : (DateTime?)null,
                    closesOn = openPulse ? today.AddDays(random.Next(5, 10)) : (DateOnly?)null, issued = openPulse ? team.Headcount : 0,
                    headcount = openPulse ? team.Headcount : (int?)null,
                }, transaction);
            counts.Rounds++;
            if (openPulse)
            {
                var teamCodes = Enumerable.Range(0, team.Headcount).Select(_ => ParticipationCodes.NewCode(random.Next)).Distinct().ToList();
                await connection.ExecuteAsync("INSERT INTO participation_codes (code_hash, round_id, is_used) VALUES (@hash, @roundId, 0)",
                    teamCodes.Select(code => new { hash = ParticipationCodes.Hash(ParticipationCodes.Normalise(code)!), roundId }), transaction);
                codes.AddRange(teamCodes);
            }
            var incidents = Chance.Poisson(random, team.IncidentRate * (today.DayNumber - period.Start.DayNumber) / 91.0);
            for (var i = 0; i < incidents; i++)
            {
                var day = today.AddDays(-random.Next(Math.Max(1, today.DayNumber - current.Start.DayNumber)));
                var category = IncidentCategories.All[random.Next(IncidentCategories.All.Count)];
                var severity = random.NextDouble() < 0.2 ? "High" : "Medium";
                var at = day.ToDateTime(new TimeOnly(9, random.Next(60)));
                var incidentId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
                    $"VALUES (@Id, @day, @category, @severity, 'Melding van dit kwartaal (synthetische gegevens).', @LeadUserId, @at);{Dialect.SelectNewId}",
                    new { team.Id, day, category, severity, team.LeadUserId, at }, transaction);
                counts.Incidents++;
                await connection.ExecuteAsync(
                    "INSERT INTO signals (unit_id, team_id, source, incident_id, payload, created_at) VALUES (@UnitId, @Id, @source, @incidentId, @payload, @at)",
                    new { team.UnitId, team.Id, source = SignalSources.Incident, incidentId, payload = JsonSerializer.Serialize(new IncidentPayload(category, severity), TriageRules.Json), at },
                    transaction);
            }
        }
        await transaction.CommitAsync();
        return codes;
    }
}
