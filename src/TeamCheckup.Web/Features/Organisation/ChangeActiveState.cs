using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Organisation;

public enum OrganisationLevel { Unit, District, Team }

public enum ActiveStateOutcome { Done, NotFound, ParentInactive }

/// <summary>
/// Deactivates or reactivates a unit, district or team. Nothing is ever deleted: history (rounds,
/// cases, reports) keeps pointing at the row. Deactivating a unit or district also deactivates what
/// lies beneath it; reactivating brings back only the row itself, and only under an active parent.
/// </summary>
public sealed class ChangeActiveStateHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<ActiveStateOutcome> HandleAsync(OrganisationLevel level, int id, bool active)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (table, parentCheck) = level switch
        {
            OrganisationLevel.Unit => ("units", (string?)null),
            OrganisationLevel.District => ("districts", "SELECT u.is_active FROM districts d JOIN units u ON u.id = d.unit_id WHERE d.id = @id"),
            _ => ("teams", "SELECT d.is_active FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @id"),
        };
        var exists = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE id = @id", new { id }, transaction);
        if (exists == 0) return ActiveStateOutcome.NotFound;
        if (active && parentCheck is not null && !await connection.ExecuteScalarAsync<bool>(parentCheck, new { id }, transaction))
            return ActiveStateOutcome.ParentInactive;

        var set = active ? "is_active = 1, deactivated_at = NULL" : "is_active = 0, deactivated_at = @now";
        await connection.ExecuteAsync($"UPDATE {table} SET {set} WHERE id = @id", new { id, now }, transaction);
        if (!active && level == OrganisationLevel.Unit)
        {
            await connection.ExecuteAsync("UPDATE teams SET is_active = 0, deactivated_at = @now WHERE is_active = 1 AND district_id IN (SELECT id FROM districts WHERE unit_id = @id)", new { id, now }, transaction);
            await connection.ExecuteAsync("UPDATE districts SET is_active = 0, deactivated_at = @now WHERE is_active = 1 AND unit_id = @id", new { id, now }, transaction);
        }
        if (!active && level == OrganisationLevel.District)
            await connection.ExecuteAsync("UPDATE teams SET is_active = 0, deactivated_at = @now WHERE is_active = 1 AND district_id = @id", new { id, now }, transaction);

        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange,
            $"{level.ToString().ToLowerInvariant()}:{id}", active ? "reactivated" : "deactivated");
        await transaction.CommitAsync();
        return ActiveStateOutcome.Done;
    }
}
