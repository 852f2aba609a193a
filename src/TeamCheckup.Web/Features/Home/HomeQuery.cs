using Dapper;
using TeamCheckup.Web.Features.Organisation;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Home;

public sealed class TeamSummary
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string DistrictName { get; set; } = "";
    public string UnitName { get; set; } = "";
    public int Headcount { get; set; }
    public int CadenceMonths { get; set; }
    public CheckupPeriod CurrentPeriod { get; set; }
    public int? CurrentRoundId { get; set; }
    public string? RoundStatus { get; set; }
    public bool IsOverdue { get; set; }
}

public sealed class ReminderRow
{
    public string Kind { get; set; } = "";
    public int RoundId { get; set; }
    public string TeamName { get; set; } = "";
}

public sealed class UnitSummary
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int DistrictCount { get; set; }
    public int TeamCount { get; set; }
    public int Headcount { get; set; }
}

public sealed class AdministratorSummary
{
    public int ActiveUnits { get; set; }
    public int ActiveTeams { get; set; }
    public int ActiveUsers { get; set; }
    public int LockedUsers { get; set; }
    public int TeamsWithoutLead { get; set; }
    public int UsersWithoutScope { get; set; }
}

public sealed class HomeViewModel
{
    public required string DisplayName { get; init; }
    public IReadOnlyList<TeamSummary> OwnTeams { get; init; } = [];
    public IReadOnlyList<ReminderRow> Reminders { get; init; } = [];
    public IReadOnlyList<UnitSummary> Units { get; init; } = [];
    public AdministratorSummary? Administrator { get; init; }
    /// <summary>For HRM advisors: participation codes issued beyond a team's headcount in their units.</summary>
    public IReadOnlyList<Checkups.CodeExcessNotice> CodeNotices { get; init; } = [];
    /// <summary>For HRM, VIK and Communications advisors: their open cases, due soon, breached and unread.</summary>
    public Cases.QueueCounts? Cases { get; init; }
    /// <summary>For chiefs: the teams needing attention, with the reasons.</summary>
    public IReadOnlyList<Dashboard.TeamNeedingAttention> Attention { get; init; } = [];
    /// <summary>For Experts: the cases they sit on (issue 13 item 3).</summary>
    public IReadOnlyList<Cases.ExpertCaseRow>? ExpertCases { get; init; }
    public bool IsTeamLead { get; init; }
    public bool IsAdvisor { get; init; }
    public bool IsChief { get; init; }
}

/// <summary>What each role has to do next, for the home page.</summary>
public sealed class HomeQuery(DbConnectionFactory connections, CurrentUser user, Clock clock, Checkups.CodeExcessQuery codeNotices,
    Dashboard.UnitOverviewQuery overviews, Dashboard.UnitOverviewCache overviewCache)
{
    public async Task<HomeViewModel> RunAsync()
    {
        var scope = await user.ScopeAsync();
        var today = clock.Today;
        await using var connection = await connections.OpenAsync();

        var isTeamLead = user.IsInRole(Roles.TeamLead);
        var isAdvisor = user.IsInRole(Roles.HrmAdvisor) || user.IsInRole(Roles.VikAdvisor) || user.IsInRole(Roles.CommunicationsAdvisor);
        var isChief = user.IsInRole(Roles.Chief);

        IReadOnlyList<TeamSummary> teams = [];
        IReadOnlyList<ReminderRow> reminders = [];
        if (isTeamLead)
        {
            var teamScopes = await connection.QueryAsync<int>(
                "SELECT scope_id FROM user_scopes WHERE user_id = @id AND scope_type = 'Team'", new { id = user.Id });
            teams = (await connection.QueryAsync<TeamSummary>(
                "SELECT t.id AS Id, t.name AS Name, d.name AS DistrictName, u.name AS UnitName, t.headcount AS Headcount, t.cadence_months AS CadenceMonths " +
                "FROM teams t JOIN districts d ON d.id = t.district_id JOIN units u ON u.id = d.unit_id " +
                "WHERE t.is_active = 1 AND t.id IN @ids ORDER BY t.name", new { ids = teamScopes.Where(scope.TeamIds.Contains).ToArray() })).ToList();
            var rounds = (await connection.QueryAsync<Checkups.RoundState>(
                $"SELECT {Checkups.RoundState.Columns} FROM checkup_rounds r WHERE r.team_id IN @ids AND r.period_start = " +
                "(SELECT MAX(r2.period_start) FROM checkup_rounds r2 WHERE r2.team_id = r.team_id)",
                new { ids = teams.Select(t => t.Id).ToArray() })).ToDictionary(r => r.TeamId);
            foreach (var team in teams)
            {
                team.CurrentPeriod = CheckupPeriod.For(today, team.CadenceMonths);
                if (rounds.TryGetValue(team.Id, out var round))
                {
                    team.CurrentRoundId = round.Id;
                    team.RoundStatus = round.Status.ToString();
                    team.IsOverdue = round.IsOverdue(today);
                    team.CurrentPeriod = round.Period;
                }
            }
            reminders = (await connection.QueryAsync<ReminderRow>(
                "SELECT n.kind AS Kind, n.subject_id AS RoundId, t.name AS TeamName FROM user_notifications n " +
                "JOIN checkup_rounds r ON r.id = n.subject_id JOIN teams t ON t.id = r.team_id " +
                "WHERE n.user_id = @id AND n.kind IN (@due, @overdue) AND n.read_at IS NULL AND r.completed_at IS NULL ORDER BY n.created_at DESC",
                new { id = user.Id, due = Notifications.NotificationKinds.RoundDue, overdue = Notifications.NotificationKinds.RoundOverdue }))
                // An overdue reminder replaces the "due" one for the same round.
                .GroupBy(r => r.RoundId).Select(g => g.FirstOrDefault(r => r.Kind == Notifications.NotificationKinds.RoundOverdue) ?? g.First()).ToList();
        }

        IReadOnlyList<UnitSummary> units = [];
        if ((isAdvisor || isChief) && scope.UnitIds.Count > 0)
        {
            units = (await connection.QueryAsync<UnitSummary>(
                "SELECT u.id AS Id, u.name AS Name, " +
                "(SELECT COUNT(*) FROM districts d WHERE d.unit_id = u.id AND d.is_active = 1) AS DistrictCount, " +
                "(SELECT COUNT(*) FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = u.id AND t.is_active = 1) AS TeamCount, " +
                "(SELECT COALESCE(SUM(t.headcount), 0) FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id = u.id AND t.is_active = 1) AS Headcount " +
                "FROM units u WHERE u.id IN @ids AND u.is_active = 1 ORDER BY u.name", new { ids = scope.UnitIds.ToArray() })).ToList();
        }

        AdministratorSummary? admin = null;
        if (user.IsInRole(Roles.Administrator))
        {
            admin = await connection.QuerySingleAsync<AdministratorSummary>(
                "SELECT (SELECT COUNT(*) FROM units WHERE is_active = 1) AS ActiveUnits, " +
                "(SELECT COUNT(*) FROM teams WHERE is_active = 1) AS ActiveTeams, " +
                "(SELECT COUNT(*) FROM users WHERE is_active = 1) AS ActiveUsers, " +
                "(SELECT COUNT(*) FROM users WHERE lockout_end > @now) AS LockedUsers, " +
                "(SELECT COUNT(*) FROM teams t WHERE t.is_active = 1 AND NOT EXISTS (SELECT 1 FROM user_scopes s JOIN user_roles r ON r.user_id = s.user_id AND r.role = 'TeamLead' " +
                "   JOIN users us ON us.id = s.user_id AND us.is_active = 1 WHERE s.scope_type = 'Team' AND s.scope_id = t.id)) AS TeamsWithoutLead, " +
                "(SELECT COUNT(*) FROM users us WHERE us.is_active = 1 AND NOT EXISTS (SELECT 1 FROM user_scopes s WHERE s.user_id = us.id) " +
                "   AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = us.id AND r.role = 'Administrator')) AS UsersWithoutScope",
                new { now = clock.UtcNow });
        }

        var cases = isAdvisor ? await Cases.QueueScope.CountsAsync(connection, user, clock) : null;
        var attention = isChief ? await ChiefAttentionAsync(connection, scope) : [];
        var expertCases = user.IsInRole(Roles.Expert) ? await Cases.ExpertCaseRow.ForAsync(connection, user.Id) : null;

        return new HomeViewModel
        {
            Cases = cases,
            ExpertCases = expertCases,
            Attention = attention,
            DisplayName = user.DisplayName,
            OwnTeams = teams,
            Reminders = reminders,
            Units = units,
            Administrator = admin,
            CodeNotices = await codeNotices.ForHrmAdvisorAsync(today),
            IsTeamLead = isTeamLead,
            IsAdvisor = isAdvisor,
            IsChief = isChief,
        };
    }

    /// <summary>The teams of the chief's scope that need attention, with their reasons: the unit overview's list
    /// (<see cref="Dashboard.TeamAttention"/>, the one home the chief report uses too) for each unit the chief's teams are in.</summary>
    private async Task<IReadOnlyList<Dashboard.TeamNeedingAttention>> ChiefAttentionAsync(System.Data.Common.DbConnection connection, ResolvedScope scope)
    {
        if (scope.TeamIds.Count == 0) return [];
        var units = await connection.QueryAsync<int>(
            "SELECT DISTINCT d.unit_id FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id IN @ids", new { ids = scope.TeamIds.ToArray() });
        var teams = new List<Dashboard.TeamNeedingAttention>();
        foreach (var unitId in units)
            if (await overviewCache.GetAsync(unitId, scope, () => overviews.RunAsync(unitId)) is { } overview) teams.AddRange(overview.Attention.Where(a => scope.TeamIds.Contains(a.TeamId)));
        return teams.OrderBy(a => a.TeamName, StringComparer.CurrentCulture).ToList();
    }
}
