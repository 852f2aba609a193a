using System.Data.Common;
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

/// <summary>The organisation of generate-data: units, districts, teams of 6–60 people with their service areas, and the
/// accounts (a lead per team; HRM, VIK, Communications advisors and a chief per unit; an Administrator).</summary>
internal sealed class SyntheticOrganisation(SqlDialect dialect)
{
    private static readonly string[] UnitNames =
        ["Noord-Nederland", "Oost-Nederland", "Midden-Nederland", "Noord-Holland", "Amsterdam", "Den Haag", "Rotterdam", "Zeeland-West-Brabant", "Oost-Brabant", "Limburg",
         "Landelijke Eenheid", "Unit Twaalf", "Unit Dertien", "Unit Veertien", "Unit Vijftien"];

    private static readonly string[] Places =
        ["Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Rivierenland", "Heuvelrug", "Kustzone", "Polder", "Veenkoloniën", "Stadsrand", "Binnenstad", "Buitengebied"];

    public async Task<List<GeneratedTeam>> CreateAsync(DbConnection connection, GenerationSettings settings, Random random, DateOnly since, GenerationCounts counts)
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
                $"INSERT INTO units (code, name, is_active, created_at) VALUES (@code, @name, 1, @created);{dialect.SelectNewId}",
                new { code = $"E{u + 1:00}", name = $"Eenheid {unitName}", created }, transaction);
            var districtCount = Math.Clamp(unitTeams / 60, 1, 8);
            var districtIds = new List<long>();
            for (var d = 0; d < districtCount; d++)
            {
                districtIds.Add(await connection.ExecuteScalarAsync<long>(
                    $"INSERT INTO districts (unit_id, name, is_active, created_at) VALUES (@unitId, @name, 1, @created);{dialect.SelectNewId}",
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
                    $"VALUES (@districtId, @name, @type, @headcount, @cadence, @area, 1, @created);{dialect.SelectNewId}",
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
    private async Task CreateServiceAreaAsync(DbConnection connection, DbTransaction transaction, GeneratedTeam team, Random random, DateTime created)
    {
        if (random.NextDouble() < 0.3) return;
        var outside = Math.Round(5 + random.NextDouble() * 30, 1);
        var europe = Math.Round(2 + random.NextDouble() * 8, 1);
        var shares = new Dictionary<string, double> { ["Netherlands"] = Math.Round(100 - outside - europe, 1), ["Europe"] = europe, ["OutsideEurope"] = outside };
        var validFrom = DateOnly.FromDateTime(created);
        var profile = await connection.ExecuteScalarAsync<long>("INSERT INTO service_area_profile_versions (team_id, valid_from, source, year, changed_at, changed_by) " +
            "VALUES (@Id, @validFrom, 'CBS Statline, bevolking naar migratieachtergrond', 2025, @created, 'beheerder'); " + dialect.SelectNewId,
            new { team.Id, validFrom, created }, transaction);
        await connection.ExecuteAsync("INSERT INTO service_area_profile_shares (version_id, dimension, category, share_percent) VALUES (@profile, 'origin', @Key, @Value)",
            shares.Select(s => new { profile, s.Key, s.Value }), transaction);
        if (random.NextDouble() < 0.5) return;
        var outsideCount = (int)Math.Round(team.Headcount * outside / 100 * random.NextDouble());
        var europeCount = Math.Min(team.Headcount - outsideCount, (int)Math.Round(team.Headcount * europe / 100 * random.NextDouble() * 1.5));
        var composition = new Dictionary<string, int> { ["Netherlands"] = team.Headcount - outsideCount - europeCount, ["Europe"] = europeCount, ["OutsideEurope"] = outsideCount };
        var version = await connection.ExecuteScalarAsync<long>("INSERT INTO composition_versions (team_id, group_kind, group_size, valid_from, changed_at, changed_by) " +
            "VALUES (@Id, 'team', @Headcount, @validFrom, @created, 'hrm'); " + dialect.SelectNewId, new { team.Id, team.Headcount, validFrom, created }, transaction);
        await connection.ExecuteAsync("INSERT INTO composition_counts (version_id, dimension, category, head_count) VALUES (@version, 'origin', @Key, @Value)",
            composition.Select(c => new { version, c.Key, c.Value }), transaction);
    }

    /// <summary>One account per team lead, four HRM, three VIK and one Communications advisor and a chief per unit, and an
    /// Administrator. All share one password hash: hashing 3,000 passwords would cost minutes and prove nothing.</summary>
    public async Task<Dictionary<long, Advisors>> CreateAccountsAsync(DbConnection connection, GenerationSettings settings, List<GeneratedTeam> teams, DateOnly since, GenerationCounts counts)
    {
        var hash = LocalSignIn.HashPassword(settings.Password);
        var advisorsByUnit = new Dictionary<long, Advisors>();
        var created = since.ToDateTime(new TimeOnly(8, 0));
        await using var transaction = await connection.BeginTransactionAsync();
        async Task<long> Account(string userName, string displayName, string role, string scopeType, long scopeId)
        {
            var userId = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO users (user_name, display_name, email, password_hash, is_active, failed_sign_in_count, created_at) " +
                $"VALUES (@userName, @displayName, @email, @hash, 1, 0, @created);{dialect.SelectNewId}",
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
        return advisorsByUnit;
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
}

internal sealed record GeneratedTeam(long Id, long UnitId, int Headcount, int CadenceMonths, double Level, double ResponseRate, double IncidentRate)
{
    public long LeadUserId { get; set; }
}

internal sealed class Advisors
{
    public List<long> Hrm { get; } = [];
    public List<long> Vik { get; } = [];
    public List<long> Communications { get; } = [];
}
