using System.Data.Common;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Cases;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>An HRM or VIK advisor who supports a round (SPEC §4: "led by the team lead, optionally with an HRM/VIK advisor").</summary>
public sealed class RoundAdvisor
{
    public int UserId { get; set; }
    public string Name { get; set; } = "";
    public string Discipline { get; set; } = "";
    public DateTime InvitedAt { get; set; }
    /// <summary>When the advisor last saved the review: they took part in it.</summary>
    public DateTime? LastEditedAt { get; set; }
}

/// <summary>An advisor who may be invited: an active HRM or VIK advisor holding the team's unit or district.</summary>
public sealed record AdvisorCandidate(int UserId, string Name, string Discipline);

/// <summary>
/// Who supports a round, who may be invited, and whether the signed-in advisor is invited. An invited advisor reads
/// the round page with its results (figures only, under the round's k: <see cref="RoundResultsQuery"/>) and co-edits
/// the review; never the codes, the pulse's answers or its comments, and never completes the round.
/// </summary>
public static class RoundAdvisors
{
    public static readonly IReadOnlyList<string> Disciplines = [Cases.Disciplines.Hrm, Cases.Disciplines.Vik];

    public static Task<IEnumerable<RoundAdvisor>> ListAsync(DbConnection connection, int roundId) =>
        connection.QueryAsync<RoundAdvisor>(
            "SELECT a.user_id AS UserId, u.display_name AS Name, a.discipline AS Discipline, a.invited_at AS InvitedAt, a.last_edited_at AS LastEditedAt " +
            "FROM round_advisors a JOIN users u ON u.id = a.user_id WHERE a.round_id = @roundId ORDER BY a.invited_at", new { roundId });

    /// <summary>Active advisors of the given disciplines who hold the unit or the district of the team.</summary>
    public static async Task<IReadOnlyList<AdvisorCandidate>> CandidatesAsync(DbConnection connection, DbTransaction? transaction, int teamId, IReadOnlyList<string> disciplines)
    {
        var rows = await connection.QueryAsync<(long Id, string Name, string Role)>(
            "SELECT DISTINCT u.id, u.display_name, r.role FROM users u JOIN user_roles r ON r.user_id = u.id JOIN user_scopes s ON s.user_id = u.id " +
            "JOIN teams t ON t.id = @teamId JOIN districts d ON d.id = t.district_id WHERE u.is_active = 1 AND r.role IN @roles " +
            "AND ((s.scope_type = 'Unit' AND s.scope_id = d.unit_id) OR (s.scope_type = 'District' AND s.scope_id = d.id))",
            new { teamId, roles = disciplines.Select(Triage.ExpertAssignment.RoleFor).ToArray() }, transaction);
        return rows.Select(r => new AdvisorCandidate((int)r.Id, r.Name, r.Role == Roles.VikAdvisor ? Cases.Disciplines.Vik : Cases.Disciplines.Hrm))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture).ThenBy(c => c.Discipline, StringComparer.Ordinal).ToList();
    }

    /// <summary>True when the signed-in user is invited to the round and still an advisor of the discipline invited for.</summary>
    public static async Task<bool> IsInvitedAsync(DbConnection connection, CurrentUser user, int roundId)
    {
        var discipline = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT discipline FROM round_advisors WHERE round_id = @roundId AND user_id = @userId", new { roundId, userId = user.Id });
        return discipline is not null && user.IsInRole(Triage.ExpertAssignment.RoleFor(discipline));
    }

    /// <summary>Adds the advisor to the round (once) and tells them; in the caller's transaction.</summary>
    public static async Task<bool> InviteAsync(DbConnection connection, DbTransaction transaction, Notifier notifier, Clock clock,
        int roundId, int teamId, AdvisorCandidate advisor, int invitedBy, int? supportRequestId)
    {
        var values = new { roundId, userId = advisor.UserId, advisor.Discipline, invitedBy, now = clock.UtcNow, supportRequestId };
        var added = await connection.ExecuteAsync(
            "INSERT INTO round_advisors (round_id, user_id, discipline, invited_by_user_id, invited_at, support_request_id) " +
            "SELECT @roundId, @userId, @Discipline, @invitedBy, @now, @supportRequestId WHERE NOT EXISTS " +
            "(SELECT 1 FROM round_advisors WHERE round_id = @roundId AND user_id = @userId)", values, transaction);
        if (added == 0) return false;
        var team = await connection.ExecuteScalarAsync<string>("SELECT name FROM teams WHERE id = @teamId", new { teamId }, transaction);
        await notifier.QueueAsync(connection, transaction, new NotificationEvent(advisor.UserId, NotificationKinds.RoundInvitation,
            $"round-invitation:{roundId}", teamId, $"/rounds/{roundId}", [team ?? ""], roundId));
        return true;
    }
}

public sealed class InviteAdvisorForm
{
    public int UserId { get; set; }
}

public sealed class InviteAdvisorFormValidator : AbstractValidator<InviteAdvisorForm>
{
    public InviteAdvisorFormValidator(IStringLocalizer<SharedResource> t) =>
        RuleFor(f => f.UserId).GreaterThan(0).WithMessage(_ => t["Round.Validation.Advisor"]);
}

public enum InviteOutcome { Invited, AlreadyInvited, NotACandidate, Completed }

/// <summary>The team lead invites an HRM or VIK advisor of the unit to a round that is not completed; audited, notified.</summary>
public sealed class InviteAdvisorHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, Notifier notifier)
{
    public async Task<InviteOutcome> HandleAsync(int roundId, int teamId, InviteAdvisorForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var completed = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM checkup_rounds WHERE id = @roundId AND completed_at IS NOT NULL", new { roundId }, transaction);
        if (completed > 0) return InviteOutcome.Completed;
        var advisor = (await RoundAdvisors.CandidatesAsync(connection, transaction, teamId, RoundAdvisors.Disciplines))
            .OrderBy(c => c.Discipline == Disciplines.Hrm ? 0 : 1).FirstOrDefault(c => c.UserId == form.UserId);
        if (advisor is null) return InviteOutcome.NotACandidate;
        if (!await RoundAdvisors.InviteAsync(connection, transaction, notifier, clock, roundId, teamId, advisor, user.Id, null))
            return InviteOutcome.AlreadyInvited;
        await audit.AppendAsync(connection, transaction, user.UserName, "round.advisor-invited", $"round:{roundId}", $"user:{advisor.UserId} {advisor.Discipline}");
        await transaction.CommitAsync();
        return InviteOutcome.Invited;
    }
}
