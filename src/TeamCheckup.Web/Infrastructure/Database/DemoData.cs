using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>
/// A demo organisation (2 units, 4 districts, 12 teams) and one account per role, created on the
/// first start of the embedded default in Development. Never in Production: Program only calls it
/// for the Development environment on the Sqlite provider, and it does nothing once a unit exists.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo-wachtwoord-2026";

    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Role)> Accounts =
    [
        ("beheerder", "Bea Beheerder", Roles.Administrator),
        ("teamchef", "Tom Teamchef", Roles.TeamLead),
        ("teamchef2", "Tara Teamchef", Roles.TeamLead),
        ("hrm", "Hanna HRM", Roles.HrmAdvisor),
        ("vik", "Victor VIK", Roles.VikAdvisor),
        ("communicatie", "Carla Communicatie", Roles.CommunicationsAdvisor),
        ("chef", "Chris Eenheidschef", Roles.Chief),
        ("bedrijfsarts", "Bas Bedrijfsarts", Roles.Expert),
        ("burgemeester", "Bram Burgemeester", Roles.Authority),
        // Issue 17 item 1: a representative of a staff network and of the advisory group, and the organisation-wide Leadership.
        ("netwerk", "Noor Netwerk", Roles.Network),
        ("korpschef", "Karin Korpschef", Roles.Chief),
    ];

    /// <summary>The staff networks and the internal advisory group (issue 17 item 1); "netwerk" speaks for the first two.</summary>
    public static readonly IReadOnlyList<(string Name, string Kind)> Networks =
    [
        ("Netwerk Roze in Blauw", "StaffNetwork"),
        ("Adviesgroep Politie voor iedereen", "AdvisoryGroup"),
        ("Netwerk Divers Vakmanschap", "StaffNetwork"),
    ];

    /// <summary>Titles shown with a name on a case; the Expert has no scope at all (only the cases they are added to).</summary>
    private static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string> { ["bedrijfsarts"] = "Bedrijfsarts", ["burgemeester"] = "Burgemeester" };

    private static readonly (string Code, string Name, (string District, (string Team, string Type, int Headcount)[] Teams)[] Districts)[] Organisation =
    [
        ("MNE", "Eenheid Midden-Nederland", [
            ("District Utrecht-Stad", [("Basisteam Utrecht-Centrum", "Basisteam", 48), ("Basisteam Utrecht-Noord", "Basisteam", 36), ("Recherche Utrecht", "Recherche", 22)]),
            ("District Gooi en Vechtstreek", [("Basisteam Hilversum", "Basisteam", 41), ("Intake & Service Gooi", "IntakeService", 12), ("Wijkteam Huizen", "Basisteam", 4)]),
        ]),
        ("ONN", "Eenheid Oost-Nederland", [
            ("District Twente", [("Basisteam Enschede", "Basisteam", 55), ("Recherche Twente", "Recherche", 18), ("Intake & Service Twente", "IntakeService", 9)]),
            ("District IJsselland", [("Basisteam Zwolle", "Basisteam", 44), ("Basisteam Deventer", "Basisteam", 39), ("Verkeershandhaving IJsselland", "Specialist", 7)]),
        ]),
    ];

    public static async Task SeedAsync(DbConnectionFactory connections, Clock clock)
    {
        await using var connection = await connections.OpenAsync();
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units") > 0) return;
        await using var transaction = await connection.BeginTransactionAsync();
        var now = clock.UtcNow;
        var newId = connections.Dialect.SelectNewId;
        var teamIds = new List<long>();
        var unitIds = new List<long>();
        foreach (var (code, name, districts) in Organisation)
        {
            var unitId = await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @name, 1, @now);{newId}", new { code, name, now }, transaction);
            unitIds.Add(unitId);
            foreach (var (district, teams) in districts)
            {
                var districtId = await connection.ExecuteScalarAsync<long>(
                    $"INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unitId, @district, 1, @now);{newId}",
                    new { unitId, district, now }, transaction);
                foreach (var (team, type, headcount) in teams)
                {
                    teamIds.Add(await connection.ExecuteScalarAsync<long>(
                        "INSERT INTO teams (district_id, name, team_type, headcount, cadence_months, service_area, is_active, created_at) " +
                        $"VALUES (@districtId, @team, @type, @headcount, 3, @area, 1, @now);{newId}",
                        new { districtId, team, type, headcount, area = team.Replace("Basisteam ", "", StringComparison.Ordinal), now }, transaction));
                }
            }
        }

        var networkIds = new List<long>();
        foreach (var (network, kind) in Networks)
            networkIds.Add(await connection.ExecuteScalarAsync<long>(
                $"INSERT INTO networks (name, kind, is_active, created_at) VALUES (@network, @kind, 1, @now);{newId}", new { network, kind, now }, transaction));

        var hash = LocalSignIn.HashPassword(Password);
        foreach (var (userName, displayName, role) in Accounts)
        {
            var userId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, password_hash, is_active, failed_sign_in_count, created_at) " +
                $"VALUES (@userName, @displayName, @email, @hash, 1, 0, @now);{newId}",
                new { userName, displayName, email = $"{userName}@demo.teamcheckup.local", hash, now }, transaction);
            await connection.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@userId, @role)", new { userId, role }, transaction);
            if (Titles.TryGetValue(userName, out var title))
                await connection.ExecuteAsync("UPDATE users SET title = @title WHERE id = @userId", new { title, userId }, transaction);
            // teamchef leads the first two teams of Midden-Nederland, teamchef2 one team in Oost-Nederland;
            // the advisors and the chief hold Midden-Nederland as a whole.
            IEnumerable<(string, long)> scopes = userName switch
            {
                "teamchef" => [(ScopeTypes.Team, teamIds[0]), (ScopeTypes.Team, teamIds[1])],
                "teamchef2" => [(ScopeTypes.Team, teamIds[6])],
                // The mayor of Utrecht sits in the triangle of the basic team Utrecht-Centrum (issue 17 item 2).
                "burgemeester" => [(ScopeTypes.Team, teamIds[0])],
                "beheerder" or "bedrijfsarts" => [],
                "netwerk" => [(ScopeTypes.Network, networkIds[0]), (ScopeTypes.Network, networkIds[1])],
                "korpschef" => [(ScopeTypes.Organisation, ScopeTypes.OrganisationId)],
                _ => [(ScopeTypes.Unit, unitIds[0])],
            };
            foreach (var (scopeType, scopeId) in scopes)
                await connection.ExecuteAsync("INSERT INTO user_scopes (user_id, scope_type, scope_id) VALUES (@userId, @scopeType, @scopeId)",
                    new { userId, scopeType, scopeId }, transaction);
        }
        await transaction.CommitAsync();
    }
}
