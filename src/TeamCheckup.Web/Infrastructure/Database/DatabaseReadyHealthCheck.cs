using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>Ready = the database answers and no migration is pending.</summary>
public sealed class DatabaseReadyHealthCheck(DbConnectionFactory connections, Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await connections.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>("SELECT 1");
            var pending = migrator.PendingScripts();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"{connections.Provider}; migrations up to date")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: {string.Join(", ", pending)}");
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("database unreachable", exception);
        }
    }
}
