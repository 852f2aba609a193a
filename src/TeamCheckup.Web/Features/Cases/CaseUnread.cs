using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>
/// "Unread" marks on cases, per user: a reporter's new message marks the report's case unread for each of its
/// active VIK members; when one of them opens the case, the marks of all of them go (the message has been seen by
/// the case's VIK side; a second member need not open it too). No time is kept (SPEC §9 P7).
/// </summary>
public static class CaseUnread
{
    public static Task MarkForReportAsync(DbConnection connection, DbTransaction transaction, int reportId) =>
        connection.ExecuteAsync(
            "INSERT INTO case_unread (user_id, case_id) SELECT DISTINCT m.user_id, m.case_id FROM signals s " +
            "JOIN cases c ON c.id = s.case_id AND c.closed_at IS NULL " +
            "JOIN case_members m ON m.case_id = s.case_id AND m.role = @vik AND m.removed_at IS NULL " +
            "WHERE s.report_id = @reportId AND NOT EXISTS (SELECT 1 FROM case_unread x WHERE x.user_id = m.user_id AND x.case_id = m.case_id)",
            new { reportId, vik = Disciplines.Vik }, transaction);

    /// <summary>The case was opened by <paramref name="userId"/>: a VIK member clears the case's marks.</summary>
    public static async Task OpenedAsync(DbConnection connection, int caseId, int userId) =>
        await connection.ExecuteAsync(
            "DELETE FROM case_unread WHERE case_id = @caseId AND EXISTS (SELECT 1 FROM case_members m " +
            "WHERE m.case_id = @caseId AND m.user_id = @userId AND m.role = @vik AND m.removed_at IS NULL)",
            new { caseId, userId, vik = Disciplines.Vik });
}
