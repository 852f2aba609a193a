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

namespace TeamCheckup.Web.Infrastructure.DataGeneration;

public sealed record GenerationSummary(
    int Units, int Districts, int Teams, int Staff, int Accounts, int Rounds, int Responses, int RoundsBelowK,
    int Incidents, int AnonymousReports, int Cases, int OpenCases, int OpenPulseCodes, TimeSpan Elapsed);

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
    private static readonly string[] UnitNames =
        ["Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam", "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
         "Landelijke Eenheid", "Unit Twaalf", "Unit Dertien", "Unit Veertien", "Unit Vijftien"];

    private static readonly string[] Places =
        ["Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Rivierenland", "Heuvelrug", "Kustzone", "Polder", "Veenkoloniën", "Stadsrand", "Binnenstad", "Buitengebied"];

    private readonly Dictionary<long, OpenCase> openCaseByTeam = [];
    private readonly Dictionary<long, OpenCase> openCaseByUnit = [];
    private readonly Dictionary<long, Advisors> advisorsByUnit = [];
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
        var counts = new Counts();

        var teams = await CreateOrganisationAsync(connection, settings, random, history[0].Start, counts);
        logger.LogInformation("Organisation: {Units} units, {Teams} teams, {Staff} staff", settings.Units, teams.Count, teams.Sum(t => t.Headcount));
        await CreateAccountsAsync(connection, settings, teams, history[0].Start, counts);
        await connection.ExecuteAsync("UPDATE questionnaire_versions SET first_used_at = @at WHERE id = @questionnaireId AND first_used_at IS NULL",
            new { at = history[0].Start.ToDateTime(new TimeOnly(9, 0)), questionnaireId });

        var rules = await RuleSettings.LoadAsync(connection);
        var asOfMoment = settings.AsOf.ToDateTime(new TimeOnly(6, 0));
        for (var i = 0; i < teams.Count; i++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await GenerateHistoryAsync(connection, transaction, teams[i], history, questionnaireId, competencyIds, rules, random, asOfMoment, counts);
            await transaction.CommitAsync();
            if ((i + 1) % 500 == 0) logger.LogInformation("History: {Done} of {Total} teams ({Seconds:0}s)", i + 1, teams.Count, stopwatch.Elapsed.TotalSeconds);
        }
        await GenerateUnitReportsAsync(connection, history, teams, random, asOfMoment, counts);

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

    private async Task<List<GeneratedTeam>> CreateOrganisationAsync(DbConnection connection, GenerationSettings settings, Random random, DateOnly since, Counts counts)
    {
        var created = since.ToDateTime(new TimeOnly(8, 0));
        var teams = new List<GeneratedTeam>();
        await using var transaction = await connection.BeginTransactionAsync();
        var teamsLeft = settings.Teams;
        for (var u = 0; u < settings.Units; u++)
        {
            var unitTeams = teamsLeft / (settings.Units - u);
            teamsLeft -= unitTeams;
            var unitName = u < UnitNames.Length ? UnitNames[u] : $"Eenheid {u + 1}";
            var unitId = await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @name, 1, @created);{Dialect.SelectNewId}",
                new { code = $"E{u + 1:00}", name = $"Eenheid {unitName}", created }, transaction);
            var districtCount = Math.Clamp(unitTeams / 60, 1, 8);
            var districtIds = new List<long>();
            for (var d = 0; d < districtCount; d++)
            {
                districtIds.Add(await connection.ExecuteScalarAsync<long>(
                    $"INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unitId, @name, 1, @created);{Dialect.SelectNewId}",
                    new { unitId, name = $"District {unitName} {Places[d % Places.Length]}{(d >= Places.Length ? $" {d / Places.Length + 1}" : "")}", created }, transaction));
                counts.Districts++;
            }
            for (var t = 0; t < unitTeams; t++)
            {
                var districtId = districtIds[t % districtIds.Count];
                var type = PickTeamType(random);
                var headcount = TeamSize(random, type);
                var cadence = random.NextDouble() < 0.08 ? 6 : 3;
                var name = $"{TypeLabel(type)} {unitName} {t + 1:000}";
                var teamId = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, service_area, is_active, created_at) " +
                    $"VALUES (@districtId, @name, @type, @headcount, @cadence, @area, 1, @created);{Dialect.SelectNewId}",
                    new { districtId, name, type, headcount, cadence, area = $"{Places[random.Next(Places.Length)]} ({unitName})", created }, transaction);
                var team = new GeneratedTeam(teamId, unitId, headcount, cadence,
                    Level: random.NextDouble() * 1.8 - 0.7, ResponseRate: 0.35 + random.NextDouble() * 0.55, IncidentRate: 0.02 + random.NextDouble() * 0.08);
                teams.Add(team);
                await CreateServiceAreaAsync(connection, transaction, team, random, created);
            }
        }
        await transaction.CommitAsync();
        return teams;
    }

    /// <summary>A profile for most teams (public statistics) and, for some, HRM's aggregate composition.</summary>
    private static async Task CreateServiceAreaAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, Random random, DateTime created)
    {
        if (random.NextDouble() < 0.3) return;
        var outside = Math.Round(5 + random.NextDouble() * 30, 1);
        var europe = Math.Round(2 + random.NextDouble() * 8, 1);
        var shares = new Dictionary<string, double> { ["Netherlands"] = Math.Round(100 - outside - europe, 1), ["Europe"] = europe, ["OutsideEurope"] = outside };
        await connection.ExecuteAsync("INSERT INTO service_area_profiles (team_id, source, year, updated_at, updated_by) VALUES (@Id, 'CBS Statline, bevolking naar migratieachtergrond', 2025, @created, 'beheerder')",
            new { team.Id, created }, transaction);
        await connection.ExecuteAsync("INSERT INTO service_area_shares (team_id, category, share_percent) VALUES (@Id, @Key, @Value)",
            shares.Select(s => new { team.Id, s.Key, s.Value }), transaction);
        if (random.NextDouble() < 0.5) return;
        var outsideCount = (int)Math.Round(team.Headcount * outside / 100 * random.NextDouble());
        var europeCount = Math.Min(team.Headcount - outsideCount, (int)Math.Round(team.Headcount * europe / 100 * random.NextDouble() * 1.5));
        var composition = new Dictionary<string, int> { ["Netherlands"] = team.Headcount - outsideCount - europeCount, ["Europe"] = europeCount, ["OutsideEurope"] = outsideCount };
        await connection.ExecuteAsync("INSERT INTO team_composition (team_id, category, head_count, updated_at) VALUES (@Id, @Key, @Value, @created)",
            composition.Select(c => new { team.Id, c.Key, c.Value, created }), transaction);
    }

    /// <summary>One account per team lead, four HRM, three VIK and one Communications advisor and a chief per unit, and an
    /// Administrator. All share one password hash: hashing 3,000 passwords would cost minutes and prove nothing.</summary>
    private async Task CreateAccountsAsync(DbConnection connection, GenerationSettings settings, List<GeneratedTeam> teams, DateOnly since, Counts counts)
    {
        var hash = LocalSignIn.HashPassword(settings.Password);
        var created = since.ToDateTime(new TimeOnly(8, 0));
        await using var transaction = await connection.BeginTransactionAsync();
        async Task<long> Account(string userName, string displayName, string role, string scopeType, long scopeId)
        {
            var userId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, password_hash, is_active, failed_sign_in_count, created_at) " +
                $"VALUES (@userName, @displayName, @email, @hash, 1, 0, @created);{Dialect.SelectNewId}",
                new { userName, displayName, email = $"{userName}@generated.teamcheckup.local", hash, created }, transaction);
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)", new { userId, role }, transaction);
            if (scopeId > 0)
                await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@userId, @scopeType, @scopeId)",
                    new { userId, scopeType, scopeId }, transaction);
            counts.Accounts++;
            return userId;
        }

        await Account("beheerder", "Beheerder", Roles.Administrator, "", 0);
        foreach (var team in teams)
            team.LeadUserId = await Account($"teamchef-{team.Id:0000}", $"Teamchef {team.Id}", Roles.TeamLead, ScopeTypes.Team, team.Id);
        foreach (var unitId in teams.Select(t => t.UnitId).Distinct())
        {
            var advisors = new Advisors();
            for (var i = 1; i <= 4; i++) advisors.Hrm.Add(await Account($"hrm-{unitId:00}-{i}", $"HRM-adviseur {unitId}.{i}", Roles.HrmAdvisor, ScopeTypes.Unit, unitId));
            for (var i = 1; i <= 3; i++) advisors.Vik.Add(await Account($"vik-{unitId:00}-{i}", $"VIK-adviseur {unitId}.{i}", Roles.VikAdvisor, ScopeTypes.Unit, unitId));
            advisors.Communications.Add(await Account($"communicatie-{unitId:00}", $"Communicatieadviseur {unitId}", Roles.CommunicationsAdvisor, ScopeTypes.Unit, unitId));
            await Account($"chef-{unitId:00}", $"Eenheidschef {unitId}", Roles.Chief, ScopeTypes.Unit, unitId);
            advisorsByUnit[unitId] = advisors;
        }
        await transaction.CommitAsync();
    }

    private async Task GenerateHistoryAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, IReadOnlyList<Quarter> history,
        int questionnaireId, IReadOnlyList<int> competencyIds, RuleSettings rules, Random random, DateTime asOf, Counts counts)
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
                    await SignalAsync(connection, transaction, team.UnitId, team.Id, SignalSources.RoundCompleted, payload, completedAt, rules, random, asOf, roundId: roundId);
                }));
            }
            for (var i = Poisson(random, team.IncidentRate * (level < -1 ? 2.5 : 1)); i > 0; i--)
            {
                var at = RandomDay(random, quarter).ToDateTime(new TimeOnly(8 + random.Next(10), random.Next(60)));
                events.Add((at, () => IncidentAsync(connection, transaction, team, at, rules, random, asOf, counts)));
            }
            for (var i = Poisson(random, 0.011); i > 0; i--)
            {
                var day = RandomDay(random, quarter);
                events.Add((day.ToDateTime(TimeOnly.MinValue), () => AnonymousReportAsync(connection, transaction, team.UnitId, team.Id, day, rules, random, asOf, counts)));
            }
            foreach (var (_, run) in events.OrderBy(e => e.At)) await run();
        }
    }

    private async Task IncidentAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, DateTime at, RuleSettings rules, Random random, DateTime asOf, Counts counts)
    {
        var category = IncidentCategories.All[random.Next(IncidentCategories.All.Count)];
        var severity = random.NextDouble() switch { < 0.5 => "Low", < 0.85 => "Medium", _ => "High" };
        var incidentId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
            $"VALUES (@Id, @day, @category, @severity, @description, @LeadUserId, @at);{Dialect.SelectNewId}",
            new { team.Id, day = DateOnly.FromDateTime(at), category, severity, description = "Melding uit de gegenereerde geschiedenis (synthetische gegevens).", team.LeadUserId, at },
            transaction);
        counts.Incidents++;
        await SignalAsync(connection, transaction, team.UnitId, team.Id, SignalSources.Incident,
            JsonSerializer.Serialize(new IncidentPayload(category, severity), TriageRules.Json), at, rules, random, asOf, incidentId: incidentId);
    }

    private static DateOnly RandomDay(Random random, Quarter quarter) =>
        quarter.Start.AddDays(random.Next(quarter.End.DayNumber - quarter.Start.DayNumber + 1));

    private async Task<int> CompletedRoundAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, CheckupPeriod period,
        int questionnaireId, double level, double rate, Random random, Counts counts)
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

    /// <summary>A signal of the past, judged by the triage rules as the engine judged it then: it opens a case or joins the team's
    /// open one. Past cases go through the whole workflow; a case whose closing would lie after the as-of day is still open.</summary>
    private async Task SignalAsync(DbConnection connection, DbTransaction transaction, long unitId, long? teamId, string source, string payload,
        DateTime at, RuleSettings rules, Random random, DateTime asOf, int? roundId = null, long? incidentId = null, long? reportId = null)
    {
        var evaluation = TriageRules.Evaluate(source, payload, rules);
        long? caseId = null;
        if (evaluation.OpensOrJoinsCase)
        {
            var open = teamId is { } id ? openCaseByTeam.GetValueOrDefault(id) : openCaseByUnit.GetValueOrDefault(unitId);
            if (open is not null && open.ClosesAt > at) caseId = open.Id;
            else
            {
                open = await PastCaseAsync(connection, transaction, unitId, teamId, evaluation, at, random, asOf);
                if (teamId is { } team) openCaseByTeam[team] = open; else openCaseByUnit[unitId] = open;
                caseId = open.Id;
            }
        }
        await connection.ExecuteAsync(
            "INSERT INTO signals (unit_id, team_id, source, round_id, incident_id, report_id, payload, created_at, processed_at, case_id, outcome) " +
            "VALUES (@unitId, @teamId, @source, @roundId, @incidentId, @reportId, @payload, @at, @processed, @caseId, @outcome)",
            new
            {
                unitId, teamId, source, roundId, incidentId, reportId, payload, at, processed = at.AddSeconds(1), caseId,
                outcome = JsonSerializer.Serialize(new { rules = evaluation.Fired, thresholds = evaluation.RulesUsed }, TriageRules.Json),
            }, transaction);
    }

    private async Task<OpenCase> PastCaseAsync(DbConnection connection, DbTransaction transaction, long unitId, long? teamId, Evaluation evaluation,
        DateTime openedAt, Random random, DateTime asOf)
    {
        var advisors = advisorsByUnit[unitId];
        var hrm = advisors.Hrm[random.Next(advisors.Hrm.Count)];
        var vik = advisors.Vik[random.Next(advisors.Vik.Count)];
        var lead = evaluation.LeadDiscipline == Disciplines.Vik ? vik : hrm;
        var triageDue = TriageDeadlines.TriageDueOn(DateOnly.FromDateTime(openedAt), evaluation.Priority);
        var analysedAt = openedAt.AddHours(4 + random.Next(evaluation.Priority == Priorities.High ? 40 : 110));
        var actionAt = analysedAt.AddDays(1 + random.Next(5));
        var monitoringAt = actionAt.AddDays(10 + random.Next(30));
        var closesAt = monitoringAt.AddDays(20 + random.Next(100));

        var steps = new List<(DateTime At, string Kind, string Body, bool TeamLead)>
        {
            (analysedAt, "Analysis", "Analyse: gesprekken met de teamchef en betrokkenen; oorzaken in kaart gebracht.", false),
            (analysedAt.AddMinutes(1), "StatusChange", "New → Triage", false),
            (actionAt, "StatusChange", "Triage → Action", false),
            (actionAt.AddHours(2), "Action", "Teamsessie gepland met ondersteuning van HRM.", false),
            (actionAt.AddDays(1), "Agreement", "Afspraak met de teamchef over opvolging en terugkoppeling aan het team.", true),
            (monitoringAt, "StatusChange", "Action → Monitoring", false),
            (monitoringAt.AddDays(7), "Monitoring", "Vinger aan de pols: de afspraken worden nagekomen.", false),
            (closesAt, "StatusChange", "Monitoring → Closed", false),
        };
        var reached = steps.Where(s => s.At <= asOf).ToList();
        var status = reached.LastOrDefault(s => s.Kind == "StatusChange").Body?.Split(" → ")[1] ?? CaseStatuses.New;
        var closed = status == CaseStatuses.Closed;
        var outcome = closed ? OutcomeKinds.All[random.Next(OutcomeKinds.All.Count)] : null;
        var caseId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO cases (unit_id, team_id, status, priority, lead_discipline, opened_at, triage_due_on, analysis, analysis_at, outcome, outcome_rationale, closed_at, updated_at) " +
            "VALUES (@unitId, @teamId, @status, @Priority, @LeadDiscipline, @openedAt, @triageDue, @analysis, @analysisAt, @outcome, @rationale, @closedAt, @updatedAt);" +
            Dialect.SelectNewId,
            new
            {
                unitId, teamId, status, evaluation.Priority, evaluation.LeadDiscipline, openedAt, triageDue,
                analysis = analysedAt <= asOf ? steps[0].Body : null, analysisAt = analysedAt <= asOf ? analysedAt : (DateTime?)null,
                outcome, rationale = closed ? "Afspraken nagekomen en besproken met het team." : null, closedAt = closed ? closesAt : (DateTime?)null,
                updatedAt = reached.Count > 0 ? reached[^1].At : openedAt,
            }, transaction);
        await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@caseId, @userId, @role, @openedAt)",
            new[] { (hrm, Disciplines.Hrm), (vik, Disciplines.Vik), (advisors.Communications[0], Disciplines.Communications) }
                .Select(m => new { caseId, userId = m.Item1, role = m.Item2, openedAt }), transaction);
        await connection.ExecuteAsync(
            "INSERT INTO case_entries (case_id, kind, body, involves_team_lead, author_user_id, created_at) VALUES (@caseId, @Kind, @Body, @TeamLead, @lead, @At)",
            reached.Select(s => new { caseId, s.Kind, s.Body, s.TeamLead, lead, s.At }), transaction);
        return new OpenCase(caseId, closed ? closesAt : DateTime.MaxValue);
    }

    /// <summary>Anonymous reports that name no team, per unit and quarter in date order (those about a team come with its history).</summary>
    private async Task GenerateUnitReportsAsync(DbConnection connection, IReadOnlyList<Quarter> history, List<GeneratedTeam> teams, Random random, DateTime asOf, Counts counts)
    {
        var rules = await RuleSettings.LoadAsync(connection);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var unitId in teams.Select(t => t.UnitId).Distinct())
            foreach (var quarter in history)
                foreach (var day in Enumerable.Range(0, Poisson(random, 1)).Select(_ => RandomDay(random, quarter)).Order().ToList())
                    await AnonymousReportAsync(connection, transaction, unitId, null, day, rules, random, asOf, counts);
        await transaction.CommitAsync();
    }

    /// <summary>A report with its reporter message, acknowledged and answered (mostly in time), and its VIK signal. The lookup id
    /// starts with G, which real keys never contain, and the key hash is random: nobody holds a key to these reports.</summary>
    private async Task AnonymousReportAsync(DbConnection connection, DbTransaction transaction, long unitId, long? teamId, DateOnly day,
        RuleSettings rules, Random random, DateTime asOf, Counts counts)
    {
        var category = IncidentCategories.All[random.Next(IncidentCategories.All.Count)];
        var salt = new byte[16];
        var hash = new byte[32];
        random.NextBytes(salt);
        random.NextBytes(hash);
        var acknowledged = day.AddDays(1 + random.Next(6)).ToDateTime(new TimeOnly(10, 0));
        var feedback = day.AddDays(10 + random.Next(50)).ToDateTime(new TimeOnly(11, 0));
        var reportId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO anonymous_reports (unit_id, team_id, category, lookup_id, key_hash, key_salt, received_on, acknowledged_at, feedback_at) " +
            $"VALUES (@unitId, @teamId, @category, @lookup, @hash, @salt, @day, @acknowledgedAt, @feedbackAt);{Dialect.SelectNewId}",
            new
            {
                unitId, teamId, category, lookup = $"G{counts.Reports:0000000}", hash = Convert.ToHexStringLower(hash), salt = Convert.ToHexStringLower(salt), day,
                acknowledgedAt = acknowledged <= asOf ? acknowledged : (DateTime?)null, feedbackAt = feedback <= asOf ? feedback : (DateTime?)null,
            }, transaction);
        counts.Reports++;
        await connection.ExecuteAsync(
            "INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, author_user_id, created_on, created_at) VALUES " +
            "(@reportId, 1, 0, 0, 'Melding uit de gegenereerde geschiedenis (synthetische gegevens).', NULL, @day, NULL)", new { reportId, day }, transaction);
        if (feedback <= asOf)
            await connection.ExecuteAsync(
                "INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, author_user_id, created_on, created_at) VALUES " +
                "(@reportId, 0, 0, 1, 'Dank voor uw melding. Wij hebben de zaak onderzocht en maatregelen genomen.', @author, @feedbackDay, @feedback)",
                new { reportId, author = advisorsByUnit[unitId].Vik[0], feedbackDay = DateOnly.FromDateTime(feedback), feedback }, transaction);
        await SignalAsync(connection, transaction, unitId, teamId, SignalSources.AnonymousReport,
            JsonSerializer.Serialize(new IncidentPayload(category, "Medium"), TriageRules.Json), day.ToDateTime(TimeOnly.MinValue), rules, random, asOf, reportId: reportId);
    }

    /// <summary>The current quarter as the scheduler leaves it: a round per team; part of the pulses open (with unused codes),
    /// a few rounds already completed, and this quarter's first incidents waiting in the outbox for the triage engine.</summary>
    private async Task<List<string>> GenerateCurrentQuarterAsync(DbConnection connection, GenerationSettings settings, Quarter current,
        List<GeneratedTeam> teams, int questionnaireId, Random random, Counts counts)
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
            var incidents = Poisson(random, team.IncidentRate * (today.DayNumber - period.Start.DayNumber) / 91.0);
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

    private static string PickTeamType(Random random) => random.NextDouble() switch
    {
        < 0.55 => "Basisteam",
        < 0.68 => "Recherche",
        < 0.76 => "IntakeService",
        < 0.84 => "Opsporing",
        < 0.93 => "Specialist",
        < 0.98 => "Ondersteuning",
        _ => "Other",
    };

    private static string TypeLabel(string type) => type switch
    {
        "IntakeService" => "Intake & Service",
        "Other" => "Team",
        _ => type,
    };

    /// <summary>Sizes 6–60, skewed: many teams of 10–25, basic teams larger (mean about 22, SPEC §1: 65,000 staff in 3,000 teams).</summary>
    private static int TeamSize(Random random, string type)
    {
        var mean = type == "Basisteam" ? 20.0 : 12.0;
        return Math.Clamp(6 + (int)Math.Round(-mean * Math.Log(1 - random.NextDouble())), 6, 60);
    }

    private static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }

    private sealed record OpenCase(long Id, DateTime ClosesAt);

    private sealed class Advisors
    {
        public List<long> Hrm { get; } = [];
        public List<long> Vik { get; } = [];
        public List<long> Communications { get; } = [];
    }

    private sealed record GeneratedTeam(long Id, long UnitId, int Headcount, int CadenceMonths, double Level, double ResponseRate, double IncidentRate)
    {
        public long LeadUserId { get; set; }
    }

    private sealed class Counts
    {
        public int Districts, Accounts, Rounds, Responses, RoundsBelowK, Incidents, Reports;
    }
}
