using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Users;

public enum UserStatusChange { Deactivate, Reactivate, Unlock }

/// <summary>Deactivate (ends every session at once and reassigns open cases), reactivate or unlock an account. Accounts are never deleted.</summary>
public sealed class UserStatusHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Cases.CaseMembersHandler caseMembers)
{
    public async Task<bool> HandleAsync(int id, UserStatusChange change)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sql = change switch
        {
            UserStatusChange.Deactivate => "UPDATE users SET is_active = 0 WHERE id = @id",
            UserStatusChange.Reactivate => "UPDATE users SET is_active = 1 WHERE id = @id",
            _ => "UPDATE users SET failed_sign_in_count = 0, lockout_end = NULL WHERE id = @id",
        };
        if (await connection.ExecuteAsync(sql, new { id }, transaction) == 0) return false;
        if (change == UserStatusChange.Deactivate)
        {
            await connection.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @id", new { id }, transaction);
            // An advisor who leaves hands their open cases to a colleague of the same discipline.
            await caseMembers.ReassignAsync(connection, transaction, id);
        }
        await audit.AppendAsync(connection, transaction, user.UserName, AuditActions.AdminChange, $"user:{id}", change.ToString().ToLowerInvariant());
        await transaction.CommitAsync();
        return true;
    }
}
