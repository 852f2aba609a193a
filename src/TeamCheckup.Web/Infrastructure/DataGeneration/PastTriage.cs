using System.Data.Common;
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
/// The triage of the generated past: each signal judged by the triage rules as the engine judged it then, opening a
/// case or joining the one that was open at that moment (one open case per team, or per unit for reports without a
/// team); past cases go through their whole workflow; incidents and anonymous reports with their signals.
/// </summary>
internal sealed class PastTriage(SqlDialect dialect, IReadOnlyDictionary<long, Advisors> advisorsByUnit)
{
    private readonly Dictionary<long, OpenCase> openCaseByTeam = [];
    private readonly Dictionary<long, OpenCase> openCaseByUnit = [];

    /// <summary>A signal of the past, judged by the triage rules as the engine judged it then: it opens a case or joins the team's
    /// open one. Past cases go through the whole workflow; a case whose closing would lie after the as-of day is still open.</summary>
    public async Task SignalAsync(DbConnection connection, DbTransaction transaction, long unitId, long? teamId, string source, string payload,
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
            dialect.SelectNewId,
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

    public async Task IncidentAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, DateTime at, RuleSettings rules, Random random, DateTime asOf, GenerationCounts counts)
    {
        var category = IncidentCategories.All[random.Next(IncidentCategories.All.Count)];
        var severity = random.NextDouble() switch { < 0.5 => "Low", < 0.85 => "Medium", _ => "High" };
        var incidentId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
            $"VALUES (@Id, @day, @category, @severity, @description, @LeadUserId, @at);{dialect.SelectNewId}",
            new { team.Id, day = DateOnly.FromDateTime(at), category, severity, description = "Melding uit de gegenereerde geschiedenis (synthetische gegevens).", team.LeadUserId, at },
            transaction);
        counts.Incidents++;
        await SignalAsync(connection, transaction, team.UnitId, team.Id, SignalSources.Incident,
            JsonSerializer.Serialize(new IncidentPayload(category, severity), TriageRules.Json), at, rules, random, asOf, incidentId: incidentId);
    }

    /// <summary>Anonymous reports that name no team, per unit and quarter in date order (those about a team come with its history).</summary>
    public async Task UnitReportsAsync(DbConnection connection, IReadOnlyList<Quarter> history, List<GeneratedTeam> teams, Random random, DateTime asOf, GenerationCounts counts)
    {
        var rules = await RuleSettings.LoadAsync(connection);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var unitId in teams.Select(t => t.UnitId).Distinct())
            foreach (var quarter in history)
                foreach (var day in Enumerable.Range(0, Chance.Poisson(random, 1)).Select(_ => Chance.Day(random, quarter)).Order().ToList())
                    await AnonymousReportAsync(connection, transaction, unitId, null, day, rules, random, asOf, counts);
        await transaction.CommitAsync();
    }

    /// <summary>A report with its reporter message, acknowledged and answered (mostly in time), and its VIK signal. The lookup id
    /// starts with G, which real keys never contain, and the key hash is random: nobody holds a key to these reports.</summary>
    public async Task AnonymousReportAsync(DbConnection connection, DbTransaction transaction, long unitId, long? teamId, DateOnly day,
        RuleSettings rules, Random random, DateTime asOf, GenerationCounts counts)
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
            $"VALUES (@unitId, @teamId, @category, @lookup, @hash, @salt, @day, @acknowledgedAt, @feedbackAt);{dialect.SelectNewId}",
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

    private sealed record OpenCase(long Id, DateTime ClosesAt);
}
