using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// How many participation codes a round may have without a reason: one per member (the team's
/// headcount when the pulse opened) plus a reserve for lost slips, replacements and new colleagues —
/// 10 % of the headcount, rounded up, and at least 2 (55 members: 61 codes). More codes are possible,
/// but only with a reason; each such issue is audited (<see cref="AuditAction"/>) and recorded in
/// <c>code_excess_notices</c> for the unit's HRM advisors, so stuffing a pulse shows.
/// </summary>
public static class CodeBound
{
    public const string AuditAction = "checkup.codes-beyond-headcount";
    public const int MinimumReserve = 2;
    public const int ReservePercent = 10;
    public const int MaxReasonLength = 500;

    public static int Reserve(int headcount) => Math.Max(MinimumReserve, (Math.Max(0, headcount) * ReservePercent + 99) / 100);

    public static int Limit(int headcount) => Math.Max(0, headcount) + Reserve(headcount);

    /// <summary>The audit entry and the HRM advisors' notice of an issue beyond the bound, in the issuing transaction.</summary>
    public static async Task RecordExcessAsync(DbConnection connection, DbTransaction transaction, AuditTrail audit, CodeExcess excess)
    {
        var limit = Limit(excess.Headcount);
        await connection.ExecuteAsync(
            "INSERT INTO code_excess_notices (round_id, unit_id, headcount, code_limit, codes_before, codes_added, reason, issued_by, issued_on) " +
            "SELECT r.id, d.unit_id, @Headcount, @limit, @CodesBefore, @CodesAdded, @Reason, @IssuedBy, @IssuedOn " +
            "FROM checkup_rounds r JOIN teams t ON t.id = r.team_id JOIN districts d ON d.id = t.district_id WHERE r.id = @RoundId",
            new { excess.RoundId, excess.Headcount, limit, excess.CodesBefore, excess.CodesAdded, excess.Reason, excess.IssuedBy, excess.IssuedOn }, transaction);
        await audit.AppendAsync(connection, transaction, excess.IssuedBy, AuditAction, $"round:{excess.RoundId}",
            $"codes={excess.CodesBefore + excess.CodesAdded}; headcount={excess.Headcount}; limit={limit}; added={excess.CodesAdded}; reason={excess.Reason}");
    }
}

/// <summary>Codes issued beyond <see cref="CodeBound.Limit"/>: how many there were, how many were added, and why.</summary>
public sealed record CodeExcess(int RoundId, int Headcount, int CodesBefore, int CodesAdded, string Reason, string IssuedBy, DateOnly IssuedOn);

/// <summary>A row of <c>code_excess_notices</c> as the HRM advisor's home page shows it.</summary>
public sealed class CodeExcessNotice
{
    public int RoundId { get; set; }
    public string TeamName { get; set; } = "";
    public int Headcount { get; set; }
    public int CodeLimit { get; set; }
    public int CodesBefore { get; set; }
    public int CodesAdded { get; set; }
    public string Reason { get; set; } = "";
    public string IssuedBy { get; set; } = "";
    public DateOnly IssuedOn { get; set; }
    public int CodesAfter => CodesBefore + CodesAdded;
}

/// <summary>Codes issued beyond the bound in the HRM advisor's units, newest first.</summary>
public sealed class CodeExcessQuery(DbConnectionFactory connections, CurrentUser user)
{
    public const int DaysShown = 90;

    public async Task<IReadOnlyList<CodeExcessNotice>> ForHrmAdvisorAsync(DateOnly today)
    {
        if (!user.IsInRole(Roles.HrmAdvisor)) return [];
        var units = (await user.ScopeAsync()).UnitIds;
        if (units.Count == 0) return [];
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<CodeExcessNotice>(
            "SELECT n.round_id AS RoundId, t.name AS TeamName, n.headcount AS Headcount, n.code_limit AS CodeLimit, n.codes_before AS CodesBefore, " +
            "n.codes_added AS CodesAdded, n.reason AS Reason, n.issued_by AS IssuedBy, n.issued_on AS IssuedOn " +
            "FROM code_excess_notices n JOIN checkup_rounds r ON r.id = n.round_id JOIN teams t ON t.id = r.team_id " +
            "WHERE n.unit_id IN @units AND n.issued_on >= @since ORDER BY n.issued_on DESC, n.id DESC",
            new { units = units.ToArray(), since = today.AddDays(-DaysShown) })).ToList();
    }
}
