using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Dashboard;

public enum AttentionReason { LowPsIndex, LowSatisfaction, DropPsIndex, DropSatisfaction, UnacceptableBehaviour, OverdueRound, BreachedCaseDeadline, RepeatedCases, LowResponseRate }

/// <summary>One reason a team needs attention, with the figure and the threshold that made it one (null where the figure may not be shown).</summary>
public sealed record AttentionSign(AttentionReason Reason, double? Value = null, double? Threshold = null);

public sealed record TeamNeedingAttention(int TeamId, string TeamName, IReadOnlyList<AttentionSign> Signs);

/// <summary>What the caller knows of a team: its figures after suppression (<see cref="GroupFigures.IsShown"/> set by
/// <see cref="RollUps"/> or, in a team's own report, from k) and whether its check-up is overdue.</summary>
public sealed record TeamState(GroupFigures Figures, bool RoundOverdue);

/// <param name="ResultsFrom">Only results of rounds starting on or after this day count (a report's quarter); null = the latest results.</param>
/// <param name="AsOf">The day the list is for: today on the web, the last day of the quarter in a report.</param>
public sealed record AttentionPeriod(DateOnly? ResultsFrom, DateOnly AsOf)
{
    /// <summary>Case deadlines breached in the last quarter up to <see cref="AsOf"/>.</summary>
    public DateOnly BreachesFrom => ResultsFrom ?? AsOf.AddDays(-91);
    /// <summary>Cases opened in the last four quarters up to <see cref="AsOf"/>.</summary>
    public DateOnly RepeatedFrom => (ResultsFrom ?? AsOf.AddDays(-91)).AddMonths(-9);
}

/// <summary>
/// The one decision which teams need attention and why — used by the chief report, the team report and the chief's web
/// unit overview, so they list the same teams. Pulse reasons use the triage thresholds in force (<see cref="RuleSettings"/>)
/// and are given only for a team whose figures may be shown; a low response rate is a participation figure and is given
/// for every team (its percentage only where the figures are shown). Rules are in docs/reports.md.
/// </summary>
public static class TeamAttention
{
    /// <summary>Below half of the team responding, the result is a weak picture of the team.</summary>
    public const double LowResponseRate = 0.5;

    public static Task<IReadOnlyList<TeamNeedingAttention>> ForUnitAsync(DbConnection connection, int unitId, IReadOnlyList<TeamState> teams,
        AttentionPeriod period, RuleSettings rules, Clock clock) =>
        EvaluateAsync(connection, unitId, null, teams, period, rules, clock);

    /// <summary>The same decision for one team of the unit (a team's own report), reading only that team's rounds and cases.</summary>
    public static async Task<TeamNeedingAttention?> ForTeamAsync(DbConnection connection, int unitId, TeamState team,
        AttentionPeriod period, RuleSettings rules, Clock clock) =>
        (await EvaluateAsync(connection, unitId, team.Figures.Id, [team], period, rules, clock)).SingleOrDefault();

    private static async Task<IReadOnlyList<TeamNeedingAttention>> EvaluateAsync(DbConnection connection, int unitId, int? teamId,
        IReadOnlyList<TeamState> teams, AttentionPeriod period, RuleSettings rules, Clock clock)
    {
        var oneTeam = teamId is null ? "" : " AND r.team_id = @teamId";
        var results = (await connection.QueryAsync<ResultRow>(period.ResultsFrom is null ? LatestResultsSql.Replace(UnitCondition, UnitCondition + oneTeam) : QuarterResultsSql + oneTeam,
            new { unitId, teamId, asOf = period.AsOf, since = period.AsOf.AddMonths(-25) })).ToLookup(r => r.TeamId);
        var cases = (await connection.QueryAsync<CaseRow>(
            "SELECT team_id AS TeamId, opened_at AS OpenedAt, analysis_at AS AnalysisAt, triage_due_on AS TriageDueOn FROM cases " +
            "WHERE unit_id = @unitId AND team_id IS NOT NULL AND opened_at >= @from AND opened_at < @until" + (teamId is null ? "" : " AND team_id = @teamId"),
            new { unitId, teamId, from = period.RepeatedFrom.ToDateTime(TimeOnly.MinValue), until = period.AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue) })).ToLookup(c => c.TeamId!.Value);
        return teams.Select(team => new TeamNeedingAttention(team.Figures.Id, team.Figures.Name,
                Evaluate(team, results[team.Figures.Id].OrderBy(r => r.PeriodStart).ToList(), cases[team.Figures.Id].ToList(), period, rules, clock)))
            .Where(a => a.Signs.Count > 0)
            .OrderByDescending(a => a.Signs.Count).ThenBy(a => a.TeamName, StringComparer.CurrentCulture).ToList();
    }

    private const string ResultColumns =
        "r.team_id AS TeamId, r.period_start AS PeriodStart, r.k_threshold AS K, x.respondents AS Respondents, x.ps_index AS PsIndex, " +
        "x.satisfaction_mean AS Satisfaction, x.experienced_share AS ExperiencedShare, x.response_rate AS ResponseRate ";

    /// <summary>A report's quarter: the unit's rounds of the last 25 months up to its end (the current one and the one before it).</summary>
    private const string UnitCondition = "WHERE d.unit_id = @unitId AND r.period_start <= @asOf AND r.period_start >= @since";

    private const string QuarterResultsSql =
        $"SELECT {ResultColumns} FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id JOIN teams t ON t.id = r.team_id " +
        $"JOIN districts d ON d.id = t.district_id {UnitCondition}";

    /// <summary>The web overview (latest results): each team's latest two rounds with results, kept in team_latest_results when
    /// results are written, instead of every round of the unit.</summary>
    private const string LatestResultsSql =
        $"SELECT {ResultColumns} FROM team_latest_results l JOIN checkup_rounds r ON r.id = l.round_id JOIN round_results x ON x.round_id = r.id " +
        $"JOIN teams t ON t.id = l.team_id JOIN districts d ON d.id = t.district_id {UnitCondition} " +
        $"UNION ALL SELECT {ResultColumns} FROM team_latest_results l JOIN checkup_rounds r ON r.id = l.previous_round_id JOIN round_results x ON x.round_id = r.id " +
        $"JOIN teams t ON t.id = l.team_id JOIN districts d ON d.id = t.district_id {UnitCondition}";

    private static List<AttentionSign> Evaluate(TeamState team, List<ResultRow> results, List<CaseRow> cases, AttentionPeriod period, RuleSettings rules, Clock clock)
    {
        var signs = new List<AttentionSign>();
        var currentIndex = results.FindLastIndex(r => period.ResultsFrom is null || r.PeriodStart >= period.ResultsFrom);
        var current = currentIndex >= 0 ? results[currentIndex] : null;
        var previous = currentIndex > 0 ? results[currentIndex - 1] : null;
        var shown = team.Figures.IsShown && current is not null;
        if (shown)
        {
            if (current!.PsIndex < rules.LowPsIndex) signs.Add(new(AttentionReason.LowPsIndex, current.PsIndex, rules.LowPsIndex));
            if (current.Satisfaction < rules.LowSatisfactionMean) signs.Add(new(AttentionReason.LowSatisfaction, current.Satisfaction, rules.LowSatisfactionMean));
            if (previous is not null && previous.Respondents >= Thresholds.OfRound(previous.K, null).K)
            {
                if (previous.PsIndex - current.PsIndex >= rules.DropPsIndex - 1e-9) signs.Add(new(AttentionReason.DropPsIndex, previous.PsIndex - current.PsIndex, rules.DropPsIndex));
                if (previous.Satisfaction - current.Satisfaction >= rules.DropSatisfaction - 1e-9) signs.Add(new(AttentionReason.DropSatisfaction, previous.Satisfaction - current.Satisfaction, rules.DropSatisfaction));
            }
            if (current.ExperiencedShare >= rules.UnacceptableShare - 1e-9) signs.Add(new(AttentionReason.UnacceptableBehaviour, current.ExperiencedShare, rules.UnacceptableShare));
        }
        if (current?.ResponseRate < LowResponseRate) signs.Add(new(AttentionReason.LowResponseRate, shown ? current.ResponseRate : null, LowResponseRate));
        if (team.RoundOverdue) signs.Add(new(AttentionReason.OverdueRound));
        var breached = cases.Count(c => c.TriageDueOn >= period.BreachesFrom && c.TriageDueOn < period.AsOf
            && (c.AnalysisAt is not { } at || clock.DayOf(at) > c.TriageDueOn));
        if (breached > 0) signs.Add(new(AttentionReason.BreachedCaseDeadline, breached));
        if (cases.Count >= 2) signs.Add(new(AttentionReason.RepeatedCases, cases.Count));
        return signs;
    }

    /// <summary>The reason in words, from the resource files (the same on the web and in the PDF).</summary>
    public static string Describe(AttentionSign sign, IStringLocalizer t)
    {
        var culture = CultureInfo.CurrentCulture;
        string N(double? v, string format) => v?.ToString(format, culture) ?? "";
        string P(double? v) => v is { } share ? Reports.ReportText.Percent(share) : "";
        return sign.Reason switch
        {
            AttentionReason.LowPsIndex => t["Report.Attention.LowPsIndex", N(sign.Value, "0"), N(sign.Threshold, "0")],
            AttentionReason.LowSatisfaction => t["Report.Attention.LowSatisfaction", N(sign.Value, "0.0"), N(sign.Threshold, "0.0")],
            AttentionReason.DropPsIndex => t["Report.Attention.DropPsIndex", N(sign.Value, "0"), N(sign.Threshold, "0")],
            AttentionReason.DropSatisfaction => t["Report.Attention.DropSatisfaction", N(sign.Value, "0.0"), N(sign.Threshold, "0.0")],
            AttentionReason.UnacceptableBehaviour => t["Report.Attention.Unacceptable", P(sign.Value), P(sign.Threshold)],
            AttentionReason.LowResponseRate => sign.Value is null ? t["Report.Attention.LowResponseHidden", P(sign.Threshold)] : t["Report.Attention.LowResponse", P(sign.Value), P(sign.Threshold)],
            AttentionReason.OverdueRound => t["Report.Attention.OverdueRound", Organisation.CheckupPeriod.OverdueAfterDays],
            AttentionReason.BreachedCaseDeadline => t[sign.Value == 1 ? "Report.Attention.BreachedCase.One" : "Report.Attention.BreachedCase.Other", N(sign.Value, "0")],
            AttentionReason.RepeatedCases => t["Report.Attention.RepeatedCases", N(sign.Value, "0")],
            _ => sign.Reason.ToString(),
        };
    }

    public static string Describe(TeamNeedingAttention team, IStringLocalizer t) => string.Join("; ", team.Signs.Select(s => Describe(s, t)));

    private sealed class ResultRow
    {
        public int TeamId { get; set; }
        public DateOnly PeriodStart { get; set; }
        public int? K { get; set; }
        public int Respondents { get; set; }
        public double? PsIndex { get; set; }
        public double? Satisfaction { get; set; }
        public double? ExperiencedShare { get; set; }
        public double? ResponseRate { get; set; }
    }

    private sealed class CaseRow
    {
        public int? TeamId { get; set; }
        public DateTime OpenedAt { get; set; }
        public DateTime? AnalysisAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
    }
}
