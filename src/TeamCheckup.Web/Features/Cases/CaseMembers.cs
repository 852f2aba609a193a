using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public sealed class MemberForm
{
    public int UserId { get; set; }
    public string? Role { get; set; }
}

public sealed class MemberFormValidator : AbstractValidator<MemberForm>
{
    public MemberFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.UserId).GreaterThan(0).WithMessage(_ => t["Case.Validation.Member"]);
        RuleFor(f => f.Role).Must(r => r is not null && MemberRoles.All.Contains(r)).WithMessage(_ => t["Case.Validation.MemberRole"]);
    }
}

/// <summary>Adds experts to a case by hand (with their role), and moves cases on when an advisor leaves.</summary>
public sealed class CaseMembersHandler(DbConnectionFactory connections, ExpertAssignment experts, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> AddAsync(int caseId, MemberForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await OpenCaseAsync(connection, transaction, caseId) is not { } openCase || !CaseMemberCandidates.MayChangeTeam(user, openCase.LeadDiscipline)) return false;
        var offered = await CaseMemberCandidates.ListAsync(connection, transaction, openCase.UnitId);
        if (!offered.Any(c => c.UserId == form.UserId && c.Role == form.Role)) return false;
        var updated = await connection.ExecuteAsync(
            "UPDATE case_members SET removed_at = NULL, added_at = @now WHERE case_id = @caseId AND user_id = @UserId AND role = @Role",
            new { now, caseId, form.UserId, form.Role }, transaction);
        if (updated == 0)
            await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@caseId, @UserId, @Role, @now)",
                new { caseId, form.UserId, form.Role, now }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, "case.member-added", $"case:{caseId}", $"user:{form.UserId}; {form.Role}");
        await transaction.CommitAsync();
        return true;
    }

    public async Task<bool> RemoveAsync(int caseId, int userId, string role)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (await OpenCaseAsync(connection, transaction, caseId) is not { } openCase || !CaseMemberCandidates.MayChangeTeam(user, openCase.LeadDiscipline)) return false;
        if (role == openCase.LeadDiscipline && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM case_members WHERE case_id = @caseId AND role = @role AND removed_at IS NULL AND user_id <> @userId",
                new { caseId, role, userId }, transaction) == 0)
            return false; // the lead discipline keeps at least one expert of its own on the case
        var removed = await connection.ExecuteAsync(
            "UPDATE case_members SET removed_at = @now WHERE case_id = @caseId AND user_id = @userId AND role = @role AND removed_at IS NULL",
            new { now = clock.UtcNow, caseId, userId, role }, transaction);
        if (removed == 0) return false;
        await audit.AppendAsync(connection, transaction, user.UserName, "case.member-removed", $"case:{caseId}", $"user:{userId}; {role}");
        await transaction.CommitAsync();
        return true;
    }

    private static Task<OpenCaseFacts?> OpenCaseAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, int caseId) =>
        connection.QuerySingleOrDefaultAsync<OpenCaseFacts>(
            "SELECT unit_id AS UnitId, lead_discipline AS LeadDiscipline FROM cases WHERE id = @caseId AND closed_at IS NULL", new { caseId }, transaction);

    /// <summary>
    /// When an advisor leaves (account deactivated), each of their seats on an open case goes to the
    /// advisor of the same discipline in that unit with the fewest open cases. Runs in the caller's transaction.
    /// </summary>
    public async Task<int> ReassignAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, int leavingUserId)
    {
        var now = clock.UtcNow;
        var seats = (await connection.QueryAsync<Seat>(
            "SELECT m.case_id AS CaseId, c.unit_id AS UnitId, m.role AS Role FROM case_members m JOIN cases c ON c.id = m.case_id " +
            "WHERE m.user_id = @leavingUserId AND m.removed_at IS NULL AND c.closed_at IS NULL", new { leavingUserId }, transaction)).ToList();
        foreach (var seat in seats)
        {
            var (caseId, unitId, role) = (seat.CaseId, seat.UnitId, seat.Role);
            await connection.ExecuteAsync("UPDATE case_members SET removed_at = @now WHERE case_id = @caseId AND user_id = @leavingUserId AND role = @role",
                new { now, caseId, leavingUserId, role }, transaction);
            if (!MemberRoles.Automatic.Contains(role)) continue;
            if (await experts.PickAsync(connection, transaction, unitId, role, excludeUserId: leavingUserId) is not { } successor) continue;
            var updated = await connection.ExecuteAsync(
                "UPDATE case_members SET removed_at = NULL, added_at = @now WHERE case_id = @caseId AND user_id = @successor AND role = @role",
                new { now, caseId, successor, role }, transaction);
            if (updated == 0)
                await connection.ExecuteAsync("INSERT INTO case_members (case_id, user_id, role, added_at) VALUES (@caseId, @successor, @role, @now)",
                    new { caseId, successor, role, now }, transaction);
            await audit.AppendAsync(connection, transaction, user.UserName, "case.reassigned", $"case:{caseId}", $"{role}: user:{leavingUserId} -> user:{successor}");
        }
        return seats.Count;
    }

    private sealed class OpenCaseFacts
    {
        public int UnitId { get; set; }
        public string LeadDiscipline { get; set; } = "";
    }

    private sealed class Seat
    {
        public int CaseId { get; set; }
        public int UnitId { get; set; }
        public string Role { get; set; } = "";
    }
}
