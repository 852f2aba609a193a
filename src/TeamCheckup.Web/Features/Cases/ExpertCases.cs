using System.Data.Common;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>A case an Expert sits on, as listed on their home page and their case list.</summary>
public sealed class ExpertCaseRow
{
    public int Id { get; set; }
    public string Place { get; set; } = "";
    public string Status { get; set; } = "";
    public string LeadDiscipline { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTime OpenedAt { get; set; }

    /// <summary>The cases <paramref name="userId"/> has an active seat on, newest first.</summary>
    public static async Task<IReadOnlyList<ExpertCaseRow>> ForAsync(DbConnection connection, int userId) =>
        (await connection.QueryAsync<ExpertCaseRow>(
            "SELECT c.id AS Id, COALESCE(t.name, u.name) AS Place, c.status AS Status, c.lead_discipline AS LeadDiscipline, m.role AS Role, c.opened_at AS OpenedAt " +
            "FROM case_members m JOIN cases c ON c.id = m.case_id JOIN units u ON u.id = c.unit_id LEFT JOIN teams t ON t.id = c.team_id " +
            "WHERE m.user_id = @userId AND m.removed_at IS NULL ORDER BY c.id DESC", new { userId })).ToList();
}

public sealed class ExpertCaseView
{
    public required ExpertCaseRow Case { get; init; }
    public required IReadOnlyList<CaseEntry> Entries { get; init; }
}

/// <summary>
/// What an Expert (occupational health physician, confidential counsellor …) sees of a case (SPEC §2, issue 13 item 3):
/// only a case they have an active seat on, and of it only the team or unit, its status and lead discipline, and the
/// entries the lead discipline shared with them — never signals, reports, the analysis or other entries. Every read and
/// every refusal is in the audit trail.
/// </summary>
public sealed class ExpertCaseQuery(DbConnectionFactory connections, CurrentUser user, AuditTrail audit)
{
    public async Task<IReadOnlyList<ExpertCaseRow>> ListAsync()
    {
        await using var connection = await connections.OpenAsync();
        var rows = await ExpertCaseRow.ForAsync(connection, user.Id);
        await audit.AppendAsync(user.UserName, "case.read", "expert-cases", $"list; {rows.Count} case(s)");
        return rows;
    }

    /// <summary>The case as its Expert sees it, with the read audited; null (and the refusal audited) for any other case.</summary>
    public async Task<ExpertCaseView?> ReadAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        var row = (await ExpertCaseRow.ForAsync(connection, user.Id)).FirstOrDefault(r => r.Id == caseId);
        if (row is null)
        {
            await user.RecordDenialAsync($"case:{caseId}", "expert");
            return null;
        }
        var entries = (await connection.QueryAsync<CaseEntry>(
            "SELECT e.id AS Id, e.kind AS Kind, e.body AS Body, e.involves_team_lead AS InvolvesTeamLead, e.shared_with_experts AS SharedWithExperts, " +
            "u.display_name AS Author, e.created_at AS CreatedAt FROM case_entries e LEFT JOIN users u ON u.id = e.author_user_id " +
            "WHERE e.case_id = @caseId AND e.shared_with_experts = 1 ORDER BY e.id", new { caseId })).ToList();
        await audit.AppendAsync(user.UserName, "case.read", $"case:{caseId}", $"expert; {entries.Count} shared entr(y/ies)");
        return new ExpertCaseView { Case = row, Entries = entries };
    }
}

[Authorize(Roles = Access.ExpertCases)]
[Route("/expert/cases")]
public sealed class ExpertCasesController(ExpertCaseQuery query) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index() => View("ExpertCases", await query.ListAsync());

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id) => await query.ReadAsync(id) is { } view ? View("ExpertCase", view) : NotFound();
}
