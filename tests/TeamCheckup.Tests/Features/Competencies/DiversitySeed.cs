using System.Data.Common;
using Dapper;
using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>Writes kept versions of profiles, compositions and leader targets straight into the history tables (migration 0115).</summary>
internal static class DiversitySeed
{
    public static async Task<long> ProfileAsync(TestApp app, int teamId, DateOnly validFrom, IReadOnlyDictionary<string, double> origin, IReadOnlyDictionary<string, double>? gender = null, string source = "CBS StatLine", int year = 2025)
    {
        await using var connection = await app.OpenDbAsync();
        var id = await connection.ExecuteScalarAsync<long>("INSERT INTO service_area_profile_versions (team_id, valid_from, source, year, changed_at, changed_by) " +
            "VALUES (@teamId, @validFrom, @source, @year, @at, 'beheerder'); SELECT last_insert_rowid()", new { teamId, validFrom, source, year, at = validFrom.ToDateTime(new TimeOnly(9, 0)) });
        await Values(connection, "service_area_profile_shares", "share_percent", id, origin, gender);
        return id;
    }

    public static async Task<long> CompositionAsync(TestApp app, int teamId, DateOnly validFrom, string group, int size, IReadOnlyDictionary<string, int> origin, IReadOnlyDictionary<string, int>? gender = null)
    {
        await using var connection = await app.OpenDbAsync();
        var id = await connection.ExecuteScalarAsync<long>("INSERT INTO composition_versions (team_id, group_kind, group_size, valid_from, changed_at, changed_by) " +
            "VALUES (@teamId, @group, @size, @validFrom, @at, 'hrm'); SELECT last_insert_rowid()", new { teamId, group, size, validFrom, at = validFrom.ToDateTime(new TimeOnly(9, 0)) });
        await Values(connection, "composition_counts", "head_count", id, origin.ToDictionary(x => x.Key, x => (double)x.Value), gender?.ToDictionary(x => x.Key, x => (double)x.Value));
        return id;
    }

    public static async Task<long> LeaderTargetAsync(TestApp app, int unitId, DateOnly validFrom, IReadOnlyDictionary<string, double> origin, IReadOnlyDictionary<string, double> gender)
    {
        await using var connection = await app.OpenDbAsync();
        var id = await connection.ExecuteScalarAsync<long>("INSERT INTO unit_leader_target_versions (unit_id, valid_from, changed_at, changed_by) VALUES (@unitId, @validFrom, @at, 'hrm'); SELECT last_insert_rowid()",
            new { unitId, validFrom, at = validFrom.ToDateTime(new TimeOnly(9, 0)) });
        await Values(connection, "unit_leader_target_shares", "share_percent", id, origin, gender);
        return id;
    }

    private static async Task Values(DbConnection connection, string table, string column, long version, IReadOnlyDictionary<string, double> origin, IReadOnlyDictionary<string, double>? gender)
    {
        var rows = origin.Select(x => new { version, dimension = "origin", category = x.Key, value = x.Value })
            .Concat((gender ?? new Dictionary<string, double>()).Select(x => new { version, dimension = "gender", category = x.Key, value = x.Value }));
        await connection.ExecuteAsync($"INSERT INTO {table} (version_id, dimension, category, {column}) VALUES (@version, @dimension, @category, @value)", rows.ToList());
    }
}
