using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>One team's latest round with results in a quarter, as respondent-weighted sums: the parts every comparison
/// group is summed from (a district, a unit, the organisation), and what a reader may know of such a group.</summary>
public sealed class TeamSums
{
    public int TeamId { get; set; }
    public int UnitId { get; set; }
    public int DistrictId { get; set; }
    public int Respondents { get; set; }
    public int PsN { get; set; }
    public double PsSum { get; set; }
    public int SatisfactionN { get; set; }
    public double SatisfactionSum { get; set; }
}

/// <summary>A comparison group's figures as a reader may see them: null figures when <see cref="IsShown"/> is false.</summary>
public sealed record ComparisonGroup(string Name, int Respondents, bool IsShown, double? PsIndex, double? Satisfaction);

/// <summary>
/// The groups a team or unit is compared with (issue 14, item 2): its district, unit and the organisation, from the same
/// rounds the reports use (each team's latest round with results in the quarter, read per team and summed per group). Whether a group
/// may be shown is decided by <see cref="RollUps.MayCompare"/> (the group and the rest of it without the member, each ≥ k).
/// </summary>
public static class ComparisonGroups
{
    public static async Task<IReadOnlyList<TeamSums>> ReadAsync(DbConnection connection, Quarter quarter, int? unitId = null) =>
        (await connection.QueryAsync<TeamSums>(
            "SELECT r.team_id AS TeamId, d.unit_id AS UnitId, t.district_id AS DistrictId, x.respondents AS Respondents, " +
            "CASE WHEN x.ps_index IS NULL THEN 0 ELSE x.respondents END AS PsN, COALESCE(x.ps_index, 0) * x.respondents AS PsSum, " +
            "CASE WHEN x.satisfaction_mean IS NULL THEN 0 ELSE x.respondents END AS SatisfactionN, " +
            "COALESCE(x.satisfaction_mean, 0) * x.respondents AS SatisfactionSum " +
            "FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id JOIN teams t ON t.id = r.team_id JOIN districts d ON d.id = t.district_id " +
            "WHERE r.period_start >= @from AND r.period_start <= @to AND x.respondents > 0 AND t.is_active = 1 " +
            (unitId is null ? "" : "AND d.unit_id = @unitId ") +
            "AND NOT EXISTS (SELECT 1 FROM checkup_rounds r2 JOIN round_results x2 ON x2.round_id = r2.id " +
            "WHERE r2.team_id = r.team_id AND r2.period_start > r.period_start AND r2.period_start <= @to)",
            new { from = quarter.Start, to = quarter.End, unitId })).ToList();

    /// <summary>The team and every team that shares an active lead with it: what the lead of several teams knows of a group
    /// holding them (each team report gives one of them).</summary>
    public static async Task<IReadOnlySet<int>> CoLedTeamsAsync(DbConnection connection, int teamId) =>
        (await connection.QueryAsync<int>(
            "SELECT DISTINCT s2.scope_id FROM user_scopes s1 JOIN user_scopes s2 ON s2.user_id = s1.user_id AND s2.scope_type = 'Team' " +
            "JOIN users u ON u.id = s1.user_id AND u.is_active = 1 WHERE s1.scope_type = 'Team' AND s1.scope_id = @teamId",
            new { teamId })).Append(teamId).ToHashSet();

    /// <summary>Respondents of <paramref name="teams"/> in the same sums the groups are made of, so that what a reader is
    /// taken to know and the group shown come from one reading (<see cref="ComparisonSums"/> may keep one a minute).</summary>
    public static int KnownRespondents(IEnumerable<TeamSums> sums, IReadOnlySet<int> teams) =>
        sums.Where(s => teams.Contains(s.TeamId)).Sum(s => s.Respondents);

    /// <summary>The units held by anyone who holds <paramref name="unitId"/> (the unit itself included): a chief of two units
    /// reads both unit reports, so the organisation without either unit must still hold k for the comparison to be shown.</summary>
    public static async Task<IReadOnlySet<int>> CoHeldUnitsAsync(DbConnection connection, int unitId) =>
        (await connection.QueryAsync<int>(
            "SELECT DISTINCT s2.scope_id FROM user_scopes s1 JOIN user_scopes s2 ON s2.user_id = s1.user_id AND s2.scope_type = 'Unit' " +
            "JOIN users u ON u.id = s1.user_id AND u.is_active = 1 WHERE s1.scope_type = 'Unit' AND s1.scope_id = @unitId",
            new { unitId })).Append(unitId).ToHashSet();

    /// <summary>The group made of <paramref name="parts"/>, beside a member with <paramref name="memberRespondents"/> respondents.</summary>
    /// <param name="knownRespondents">What a reader may know of the group besides the group's figure: the member and, for a
    /// team, the teams that share a lead with it (<see cref="KnownRespondents"/>); at least the member's own.</param>
    public static ComparisonGroup Of(string name, IEnumerable<TeamSums> parts, int memberRespondents, int k, int knownRespondents = 0)
    {
        var list = parts.ToList();
        var respondents = list.Sum(p => p.Respondents);
        var shown = RollUps.MayCompare(respondents, memberRespondents, knownRespondents, k);
        var psN = list.Sum(p => p.PsN);
        var satN = list.Sum(p => p.SatisfactionN);
        return new ComparisonGroup(name, respondents, shown,
            shown && psN > 0 ? list.Sum(p => p.PsSum) / psN : null,
            shown && satN > 0 ? list.Sum(p => p.SatisfactionSum) / satN : null);
    }
}
