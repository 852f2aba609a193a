using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>A team lead's answer to an action meant for them: a confirmation, or a comment.</summary>
public static class TeamLeadResponses
{
    public const string Confirmed = "TeamLeadConfirmed", Comment = "TeamLeadComment";
    public static readonly IReadOnlyList<string> All = [Confirmed, Comment];
}

/// <summary>An action or agreement meant for the team lead, with the lead's answers: what, when, never who wrote it.</summary>
public sealed class TeamLeadAction
{
    public int Id { get; set; }
    public string Kind { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<TeamLeadAnswer> Answers { get; } = [];
}

public sealed class TeamLeadAnswer
{
    public int RespondsTo { get; set; }
    public string Kind { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// What the team lead sees of a case about their team (SPEC §2, §9 P4): its status, lead discipline, triage deadline,
/// whether and when the analysis was held with a team lead, and the actions meant for them. Never signals, report or
/// incident text, the analysis's conclusion, the expert team or who wrote what.
/// </summary>
public sealed class TeamLeadCaseSummary
{
    public required CaseHeaderSummary Header { get; init; }
    public required DateOnly? AnalysisHeldOn { get; init; }
    public required bool AnalysisWithTeamLead { get; init; }
    public required IReadOnlyList<TeamLeadAction> Actions { get; init; }
}

public sealed class CaseHeaderSummary
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public string TeamName { get; set; } = "";
    public string Status { get; set; } = "";
    public string LeadDiscipline { get; set; } = "";
    public DateTime OpenedAt { get; set; }
    public DateOnly TriageDueOn { get; set; }
    public DateTime? AnalysisAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}

public sealed class TeamLeadCaseQuery(DbConnectionFactory connections)
{
    /// <summary>The team of the case, or null when there is none (callers check the user leads it).</summary>
    public async Task<int?> TeamOfAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int?>("SELECT team_id FROM cases WHERE id = @caseId", new { caseId });
    }

    public async Task<TeamLeadCaseSummary?> RunAsync(int caseId)
    {
        await using var connection = await connections.OpenAsync();
        var header = await connection.QuerySingleOrDefaultAsync<CaseHeaderSummary>(
            "SELECT c.id AS Id, c.team_id AS TeamId, t.name AS TeamName, c.status AS Status, c.lead_discipline AS LeadDiscipline, c.opened_at AS OpenedAt, " +
            "c.triage_due_on AS TriageDueOn, c.analysis_at AS AnalysisAt, c.closed_at AS ClosedAt FROM cases c JOIN teams t ON t.id = c.team_id WHERE c.id = @caseId",
            new { caseId });
        if (header is null) return null;
        var analysis = await AnalysisRecord.LoadAsync(connection, caseId);
        var actions = (await connection.QueryAsync<TeamLeadAction>(
            "SELECT id AS Id, kind AS Kind, body AS Body, created_at AS CreatedAt FROM case_entries WHERE case_id = @caseId AND involves_team_lead = 1 ORDER BY id",
            new { caseId })).ToList();
        var answers = await connection.QueryAsync<TeamLeadAnswer>(
            "SELECT responds_to_entry_id AS RespondsTo, kind AS Kind, body AS Body, created_at AS CreatedAt FROM case_entries " +
            "WHERE case_id = @caseId AND kind IN @kinds AND responds_to_entry_id IS NOT NULL ORDER BY id", new { caseId, kinds = TeamLeadResponses.All });
        var byId = actions.ToDictionary(a => a.Id);
        foreach (var answer in answers)
            if (byId.TryGetValue(answer.RespondsTo, out var action)) action.Answers.Add(answer);
        return new TeamLeadCaseSummary
        {
            Header = header, AnalysisHeldOn = analysis.HeldOn, AnalysisWithTeamLead = analysis.WithTeamLead, Actions = actions,
        };
    }
}

public sealed class TeamLeadResponseForm
{
    public const int Max = 2000;
    public int EntryId { get; set; }
    /// <summary><see cref="TeamLeadResponses.Confirmed"/> or <see cref="TeamLeadResponses.Comment"/>.</summary>
    public string? Response { get; set; }
    [DataType(DataType.MultilineText)] public string? Comment { get; set; }
}

public sealed class TeamLeadResponseFormValidator : AbstractValidator<TeamLeadResponseForm>
{
    public TeamLeadResponseFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.EntryId).GreaterThan(0).WithMessage(_ => t["Case.Validation.ResponseEntry"]);
        RuleFor(f => f.Response).Must(r => r is not null && TeamLeadResponses.All.Contains(r)).WithMessage(_ => t["Case.Validation.ResponseKind"]);
        RuleFor(f => f.Comment).NotEmpty().When(f => f.Response == TeamLeadResponses.Comment).WithMessage(_ => t["Case.Validation.ResponseComment"])
            .MaximumLength(TeamLeadResponseForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["TeamLeadCase.Comment"], TeamLeadResponseForm.Max]);
    }
}

/// <summary>The team lead confirms or comments on an action meant for them: an entry on the case page, audited. Only on an
/// open case, only on an entry of this case marked for the team lead.</summary>
public sealed class TeamLeadResponseHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> HandleAsync(int caseId, TeamLeadResponseForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var meant = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_entries e JOIN cases c ON c.id = e.case_id WHERE e.id = @EntryId AND e.case_id = @caseId " +
            "AND e.involves_team_lead = 1 AND c.closed_at IS NULL", new { form.EntryId, caseId }, transaction);
        if (meant == 0) return false;
        await connection.ExecuteAsync("UPDATE cases SET updated_at = @now WHERE id = @caseId", new { now, caseId }, transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, form.Response!, form.Comment?.Trim() ?? "", user.Id, now) { RespondsToEntryId = form.EntryId });
        await audit.AppendAsync(connection, transaction, user.UserName, "case.team-lead-response", $"case:{caseId}", form.Response);
        await transaction.CommitAsync();
        return true;
    }
}
