using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Web.Features.Home;

/// <summary>A team on the chief's home page, with every reason it needs attention.</summary>
public sealed class TeamAttention
{
    public int TeamId { get; init; }
    public string TeamName { get; init; } = "";
    public List<string> Reasons { get; } = [];
}

/// <summary>
/// The teams in a chief's scope that need attention, and why (summary only — no case or pulse detail): a round
/// overdue by the triage rule's days, an open case past its triage deadline, and a low band (psychological safety
/// or satisfaction) in the team's latest measured round with n ≥ k (<see cref="Thresholds"/>; the same bands as the
/// unit overview's heat map).
/// </summary>
public static class TeamAttentionQuery
{
    public static class Reasons
    {
        public const string OverdueRound = "OverdueRound";
        public const string BreachedCase = "BreachedCase";
        public const string LowBand = "LowBand";
    }

    public static async Task<IReadOnlyList<TeamAttention>> RunAsync(DbConnection connection, IReadOnlySet<int> teamIds, DateOnly today)
    {
        if (teamIds.Count == 0) return [];
        var ids = teamIds.ToArray();
        var rules = await RuleSettings.LoadAsync(connection);
        var overdue = await connection.QueryAsync<int>(
            "SELECT DISTINCT r.team_id FROM checkup_rounds r WHERE r.team_id IN @ids AND r.completed_at IS NULL AND r.period_start < @before",
            new { ids, before = today.AddDays(-rules.OverdueAfterDays) });
        var breached = await connection.QueryAsync<int>(
            "SELECT DISTINCT c.team_id FROM cases c WHERE c.team_id IN @ids AND c.closed_at IS NULL AND c.analysis_at IS NULL AND c.triage_due_on < @today",
            new { ids, today });
        var latest = await connection.QueryAsync<(int TeamId, int Respondents, int? K, double? PsIndex, double? Satisfaction)>(
            "SELECT r.team_id, x.respondents, r.k_threshold, x.ps_index, x.satisfaction_mean FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id " +
            "WHERE r.team_id IN @ids AND r.period_start = (SELECT MAX(r2.period_start) FROM checkup_rounds r2 JOIN round_results x2 ON x2.round_id = r2.id WHERE r2.team_id = r.team_id)",
            new { ids });
        var low = latest.Where(l => l.Respondents >= Thresholds.OfRound(l.K, null).K
            && (l.PsIndex is { } ps && Bands.PsychologicalSafety(ps) == Band.Low || l.Satisfaction is { } s && Bands.Satisfaction(s) == Band.Low))
            .Select(l => l.TeamId);

        var byTeam = new Dictionary<int, List<string>>();
        void Add(IEnumerable<int> teams, string reason)
        {
            foreach (var team in teams) (byTeam.TryGetValue(team, out var list) ? list : byTeam[team] = []).Add(reason);
        }
        Add(overdue, Reasons.OverdueRound);
        Add(breached, Reasons.BreachedCase);
        Add(low.Distinct(), Reasons.LowBand);
        if (byTeam.Count == 0) return [];
        var names = (await connection.QueryAsync<(int Id, string Name)>("SELECT id, name FROM teams WHERE id IN @ids AND is_active = 1",
            new { ids = byTeam.Keys.ToArray() })).ToList();
        return names.OrderBy(n => n.Name, StringComparer.CurrentCulture).Select(n =>
        {
            var attention = new TeamAttention { TeamId = n.Id, TeamName = n.Name };
            attention.Reasons.AddRange(byTeam[n.Id]);
            return attention;
        }).ToList();
    }
}
