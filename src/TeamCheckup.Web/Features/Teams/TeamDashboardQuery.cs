using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Teams;

public sealed class RoundTrend
{
    public required RoundState Round { get; init; }
    public required RoundFigures? Figures { get; init; }
    public double? ResponseRate { get; init; }
}

public sealed class AgreementRow
{
    public int Id { get; set; }
    public string What { get; set; } = "";
    public string SupportingParty { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public string Status { get; set; } = "";
    public string? FollowUpNote { get; set; }
}

/// <summary>What a team lead may know of a case about their team: no signals, no report text, no analysis.</summary>
public sealed class CaseSummary
{
    public int Id { get; set; }
    public string Status { get; set; } = "";
    public string LeadDiscipline { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public DateOnly TriageDueOn { get; set; }
    public DateTime? AnalysisAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public List<string> Agreements { get; } = [];
}

public sealed class MixRow
{
    public int RoundId { get; set; }
    public DateOnly PeriodStart { get; set; }
    public int CadenceMonths { get; set; }
    public string NameNl { get; set; } = "";
    public string NameEn { get; set; } = "";
    public int Desired { get; set; }
    public int Actual { get; set; }
    public int Gap => Competencies.CompetencyGap.Of(Desired, Actual);
}

public sealed class TeamDashboard
{
    /// <summary>Competency mix per round (latest rounds first in <see cref="MixTrend"/> order: oldest first).</summary>
    public IReadOnlyList<MixRow> Mix { get; init; } = [];
    public IReadOnlyList<(string Label, int Shortage)> MixTrend { get; init; } = [];
    public IReadOnlyList<MeasureFollowUp> Measures { get; init; } = [];
    public Competencies.TeamDiversity? Diversity { get; init; }
    public int K { get; init; } = Thresholds.Default.K;
    public IReadOnlyList<CaseSummary> Cases { get; init; } = [];
    public required TeamPage Team { get; init; }
    public required IReadOnlyList<RoundTrend> Rounds { get; init; }
    public RoundState? CurrentRound { get; init; }
    public IReadOnlyList<BottleneckEntry> Bottlenecks { get; init; } = [];
    public IReadOnlyList<AgreementRow> Agreements { get; init; } = [];
    public IReadOnlyList<string> Comments { get; init; } = [];
    /// <summary>Respondents and k_c of the round the comments come from (to explain an empty list).</summary>
    public (int Respondents, int Kc)? CommentBasis { get; init; }
    /// <summary>How the trend compares rounds of different questionnaire versions (one version: nothing to say).</summary>
    public TrendBasis TrendBasis { get; init; } = TrendBasis.OneVersion;
    /// <summary>The unit's figure per round of <see cref="Rounds"/> (same period; <see cref="RollUps.TotalBeside"/>), for the lead.</summary>
    public IReadOnlyList<GroupFigures> UnitTrend { get; init; } = [];
    /// <summary>The triage thresholds, drawn as lines in the charts.</summary>
    public Triage.RuleSettings Rules { get; init; } = Triage.RuleSettings.Default;
}

/// <summary>
/// The team dashboard: this round against earlier ones. Every pulse figure passes the anonymity guard
/// with the thresholds its own round fixed; comments only for the team lead and only at k_c.
/// </summary>
public sealed class TeamDashboardQuery(DbConnectionFactory connections, TeamPageQuery teams, Competencies.DiversityHandler diversity, Clock clock,
    TrendAlignmentQuery alignment, Infrastructure.Auth.CurrentUser user)
{
    public const int TrendRounds = 8;

    /// <param name="forTeamLead">Pulse figures and comments are for the team's own lead. Anyone else who may open
    /// the page (chief, HRM, VIK) sees the unit overview's figures instead, where the sibling suppression of
    /// §9 P3 applies: a team figure shown here could otherwise be subtracted from its district's total.</param>
    public async Task<TeamDashboard?> RunAsync(int teamId, bool forTeamLead)
    {
        var team = await teams.RunAsync(teamId);
        if (team is null) return null;
        await using var connection = await connections.OpenAsync();
        var rows = (await connection.QueryAsync<RoundWithResult>(
            $"SELECT {RoundWithResult.Columns} FROM checkup_rounds r LEFT JOIN round_results x ON x.round_id = r.id WHERE r.team_id = @teamId " +
            $"ORDER BY r.period_start DESC {connections.Dialect.Page(0, TrendRounds)}", new { teamId })).ToList();
        rows.Reverse();
        var basis = forTeamLead ? await alignment.AlignAsync(connection, rows) : TrendBasis.OneVersion;

        var trends = !forTeamLead ? [] : rows.Select(r => new RoundTrend
        {
            Round = r,
            Figures = r.HasResult ? Anonymity.Apply(r.ToResult(), r.Thresholds) : null,
            ResponseRate = r.HasResult ? r.ResponseRate : null,
        }).ToList();
        var current = rows.LastOrDefault();
        var latestWithResults = rows.LastOrDefault(r => r.HasResult);

        // Bottlenecks of the round under review or last completed; a fresh round has none yet.
        var reviewRound = rows.LastOrDefault(r => r.Status is RoundStatus.Review or RoundStatus.Completed);
        var bottlenecks = reviewRound is null ? [] : (await connection.QueryAsync<BottleneckEntry>(
            "SELECT category AS Category, description AS Description, severity AS Severity FROM bottlenecks WHERE round_id = @id ORDER BY id",
            new { id = reviewRound.Id })).ToList();
        var agreements = (await connection.QueryAsync<AgreementRow>(
            "SELECT id AS Id, what AS What, supporting_party AS SupportingParty, owner AS Owner, due_date AS DueDate, status AS Status, " +
            "follow_up_note AS FollowUpNote FROM agreements WHERE team_id = @teamId AND (status IN ('Open', 'InProgress') OR updated_at >= @since) " +
            "ORDER BY CASE WHEN status IN ('Open', 'InProgress') THEN 0 ELSE 1 END, due_date", new { teamId, since = clock.UtcNow.AddMonths(-6) })).ToList();

        IReadOnlyList<string> comments = [];
        (int, int)? commentBasis = null;
        if (forTeamLead && latestWithResults is not null)
        {
            var thresholds = latestWithResults.Thresholds;
            var texts = await connection.QueryAsync<string?>(
                "SELECT comment FROM pulse_responses WHERE round_id = @id AND comment IS NOT NULL", new { id = latestWithResults.Id });
            comments = Anonymity.Comments(texts, latestWithResults.Respondents, thresholds);
            commentBasis = (latestWithResults.Respondents, thresholds.Kc);
        }
        var cases = new List<CaseSummary>();
        if (forTeamLead)
        {
            cases = (await connection.QueryAsync<CaseSummary>(
                "SELECT id AS Id, status AS Status, lead_discipline AS LeadDiscipline, opened_at AS OpenedAt, triage_due_on AS TriageDueOn, " +
                "analysis_at AS AnalysisAt, closed_at AS ClosedAt FROM cases WHERE team_id = @teamId AND (closed_at IS NULL OR closed_at >= @since) " +
                "ORDER BY opened_at DESC", new { teamId, since = clock.UtcNow.AddMonths(-12) })).ToList();
            var caseAgreements = await connection.QueryAsync<AgreementEntryRow>(
                "SELECT case_id AS CaseId, body AS Body FROM case_entries WHERE involves_team_lead = 1 AND case_id IN @ids ORDER BY id",
                new { ids = cases.Select(c => c.Id).ToArray() });
            var byId = cases.ToDictionary(c => c.Id);
            foreach (var agreement in caseAgreements) byId[agreement.CaseId].Agreements.Add(agreement.Body);
        }
        var mixRows = (await connection.QueryAsync<MixRow>(
            "SELECT r.id AS RoundId, r.period_start AS PeriodStart, r.cadence_months AS CadenceMonths, c.name_nl AS NameNl, c.name_en AS NameEn, " +
            "m.desired AS Desired, m.actual AS Actual FROM round_competencies m JOIN checkup_rounds r ON r.id = m.round_id " +
            "JOIN competencies c ON c.id = m.competency_id WHERE r.team_id = @teamId AND m.round_id IN @roundIds ORDER BY r.period_start, c.name_nl",
            // (the rounds on the page only: the query must not grow with years of history)
            new { teamId, roundIds = rows.Select(r => r.Id).ToArray() })).ToList();
        var latestMixRound = mixRows.LastOrDefault()?.RoundId;
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var measures = (await connection.QueryAsync<MeasureFollowUp>(
            "SELECT id AS Id, status AS Status, what AS What, owner AS Owner, due_date AS DueDate FROM competency_measures " +
            "WHERE team_id = @teamId AND status IN ('Open', 'InProgress') ORDER BY due_date", new { teamId })).ToList();
        var currentThresholds = await ThresholdSettings.ReadAsync(connection);
        var k = currentThresholds.K;
        var unitTrend = forTeamLead
            ? await UnitTrendAsync(connection, team, trends.Select(r => r.Round).ToList(), currentThresholds, (await user.ScopeAsync()).TeamIds) : [];
        return new TeamDashboard
        {
            Mix = mixRows.Where(m => m.RoundId == latestMixRound).ToList(),
            MixTrend = mixRows.GroupBy(m => m.RoundId).TakeLast(TrendRounds)
                .Select(g => (Organisation.CheckupPeriod.For(g.First().PeriodStart, g.First().CadenceMonths).Label(culture), Competencies.CompetencyGap.TotalShortage(g.Select(m => (m.Desired, m.Actual))))).ToList(),
            Measures = measures,
            Diversity = await diversity.LoadAsync(teamId),
            K = k,
            Cases = cases,
            Team = team, Rounds = trends, CurrentRound = current, Bottlenecks = bottlenecks, Agreements = agreements,
            Comments = comments, CommentBasis = commentBasis, TrendBasis = basis,
            UnitTrend = unitTrend, Rules = await Triage.RuleSettings.LoadAsync(connection),
        };
    }

    /// <summary>Per round of the team, the unit's psychological safety and satisfaction over the unit's teams' rounds of the
    /// same period (respondent-weighted), shown only where <see cref="RollUps.TotalBeside"/> allows: the unit and this team
    /// reach k, and so do the unit's teams outside the reader's scope.</summary>
    private static async Task<IReadOnlyList<GroupFigures>> UnitTrendAsync(System.Data.Common.DbConnection connection, TeamPage team,
        IReadOnlyList<RoundState> rounds, Thresholds current, IReadOnlySet<int> knownTeams)
    {
        var rows = (await connection.QueryAsync<UnitRow>(
            "SELECT r.team_id AS TeamId, r.period_start AS PeriodStart, r.k_threshold AS K, x.respondents AS Respondents, x.ps_index AS PsIndex, " +
            "x.satisfaction_mean AS Satisfaction FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id JOIN teams t ON t.id = r.team_id " +
            "JOIN districts d ON d.id = t.district_id WHERE d.unit_id = @UnitId AND r.period_start IN @starts",
            new { team.UnitId, starts = rounds.Select(r => r.PeriodStart).Distinct().ToArray() })).ToList();
        return rounds.Select(round =>
        {
            var same = rows.Where(r => r.PeriodStart == round.PeriodStart && r.Respondents > 0).ToList();
            var k = RollUps.K(current, same.Select(r => r.K));
            var parts = same.Select(r => new GroupFigures { Id = r.TeamId, Name = "", Respondents = r.Respondents, PsIndex = r.PsIndex, Satisfaction = r.Satisfaction }).ToList();
            var own = parts.FirstOrDefault(p => p.Id == team.Id) ?? new GroupFigures { Id = team.Id, Name = team.Name };
            return RollUps.TotalBeside(own, knownTeams, team.UnitId, team.UnitName, parts, k);
        }).ToList();
    }

    private sealed class UnitRow
    {
        public int TeamId { get; set; }
        public DateOnly PeriodStart { get; set; }
        public int? K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
    }

    private sealed class AgreementEntryRow { public int CaseId { get; set; } public string Body { get; set; } = ""; }
}
