using System.Globalization;
using System.Security.Claims;
using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// What a user's scope rows reach, resolved down the tree. A unit or district is "held" only when
/// the user holds all of it (a team lead holds teams, not their district or unit).
/// </summary>
public sealed class ResolvedScope
{
    public required IReadOnlySet<int> UnitIds { get; init; }
    public required IReadOnlySet<int> DistrictIds { get; init; }
    public required IReadOnlySet<int> TeamIds { get; init; }
    /// <summary>The networks a Network representative speaks for (scope rows of type Network).</summary>
    public IReadOnlySet<int> NetworkIds { get; init; } = new HashSet<int>();
    /// <summary>Holds the organisation-wide scope (a scope row of type Organisation): the Leadership of the networks' signals.</summary>
    public bool Organisation { get; init; }
}

/// <summary>
/// The signed-in user for this request: roles from the cookie, scope from the database (loaded once
/// per request). Every feature asks this class whether a record is in reach, and records a refusal.
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http, DbConnectionFactory connections, AuditTrail audit)
{
    private ResolvedScope? scope;

    public ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();
    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;
    public int Id => int.Parse(Principal.FindFirstValue(AppClaims.UserId) ?? "0", CultureInfo.InvariantCulture);
    public string UserName => Principal.Identity?.Name ?? "anonymous";
    public string DisplayName => Principal.FindFirstValue(ClaimTypes.GivenName) ?? UserName;
    public bool IsInRole(string role) => Principal.IsInRole(role);

    public async Task<ResolvedScope> ScopeAsync()
    {
        if (scope is not null) return scope;
        await using var connection = await connections.OpenAsync();
        scope = await ResolveAsync(connection, Id);
        return scope;
    }

    public async Task<bool> CanSeeTeamAsync(int teamId) => (await ScopeAsync()).TeamIds.Contains(teamId);
    public async Task<bool> CanSeeUnitAsync(int unitId) => (await ScopeAsync()).UnitIds.Contains(unitId);

    /// <summary>A Chief holding the organisation-wide scope: the Leadership of the networks' signals (issue 17 item 1).</summary>
    public async Task<bool> IsLeadershipAsync() => IsInRole(Roles.Chief) && (await ScopeAsync()).Organisation;

    /// <summary>A Network representative of this network.</summary>
    public async Task<bool> SpeaksForNetworkAsync(int networkId) => IsInRole(Roles.Network) && (await ScopeAsync()).NetworkIds.Contains(networkId);

    /// <summary>A team lead of this very team (a Team scope row), not someone who reaches it through a unit.</summary>
    public async Task<bool> LeadsTeamAsync(int teamId)
    {
        if (!IsInRole(Roles.TeamLead)) return false;
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM user_scopes WHERE user_id = @id AND scope_type = 'Team' AND scope_id = @teamId", new { id = Id, teamId }) > 0;
    }

    /// <summary>Writes a permission denial to the audit trail (the caller then answers 404/403).</summary>
    public Task RecordDenialAsync(string subject, string? details = null) =>
        audit.AppendAsync(UserName, AuditActions.PermissionDenied, subject, details);

    public static async Task<ResolvedScope> ResolveAsync(System.Data.Common.DbConnection connection, int userId)
    {
        const string scopeIds = "SELECT scope_id FROM user_scopes WHERE user_id = @userId AND scope_type = ";
        using var results = await connection.QueryMultipleAsync(
            $"{scopeIds}'Unit';" +
            $"SELECT id FROM districts WHERE id IN ({scopeIds}'District') OR unit_id IN ({scopeIds}'Unit');" +
            // Three indexed look-ups rather than one OR over every team (which scanned all 3,000 on each request).
            $"SELECT t.id FROM teams t WHERE t.id IN ({scopeIds}'Team') " +
            $"UNION SELECT t.id FROM teams t WHERE t.district_id IN ({scopeIds}'District') " +
            $"UNION SELECT t.id FROM teams t JOIN districts d ON d.id = t.district_id WHERE d.unit_id IN ({scopeIds}'Unit');" +
            $"SELECT scope_type AS ScopeType, scope_id AS ScopeId FROM user_scopes WHERE user_id = @userId AND scope_type IN ('{ScopeTypes.Network}', '{ScopeTypes.Organisation}');",
            new { userId });
        var units = (await results.ReadAsync<int>()).ToHashSet();
        var districts = (await results.ReadAsync<int>()).ToHashSet();
        var teams = (await results.ReadAsync<int>()).ToHashSet();
        var other = (await results.ReadAsync<(string ScopeType, int ScopeId)>()).ToList();
        return new ResolvedScope
        {
            UnitIds = units,
            DistrictIds = districts,
            TeamIds = teams,
            NetworkIds = other.Where(s => s.ScopeType == ScopeTypes.Network).Select(s => s.ScopeId).ToHashSet(),
            Organisation = other.Any(s => s.ScopeType == ScopeTypes.Organisation),
        };
    }
}
