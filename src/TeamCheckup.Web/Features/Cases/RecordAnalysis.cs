using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>A person who may be recorded at the analysis table: a member of the case's expert team or a lead of its team.</summary>
public sealed record AnalysisSeat(int UserId, string Name, bool IsTeamLead);

/// <summary>
/// Who may sit at a case's analysis table (SPEC §6: "the analysis with the team lead"): the active members of its
/// expert team and the active team leads of its team. The one list the form offers and the validator checks.
/// </summary>
public static class AnalysisSeats
{
    public static async Task<IReadOnlyList<AnalysisSeat>> ListAsync(DbConnection connection, int caseId, DbTransaction? transaction = null)
    {
        var leads = await connection.QueryAsync<(long Id, string Name)>(
            "SELECT us.id, us.display_name FROM cases c JOIN user_scopes s ON s.scope_type = 'Team' AND s.scope_id = c.team_id " +
            "JOIN user_roles r ON r.user_id = s.user_id AND r.role = @lead JOIN users us ON us.id = s.user_id AND us.is_active = 1 WHERE c.id = @caseId",
            new { caseId, lead = Roles.TeamLead }, transaction);
        var members = await connection.QueryAsync<(long Id, string Name)>(
            "SELECT DISTINCT u.id, u.display_name FROM case_members m JOIN users u ON u.id = m.user_id WHERE m.case_id = @caseId AND m.removed_at IS NULL",
            new { caseId }, transaction);
        return leads.Select(l => new AnalysisSeat((int)l.Id, l.Name, true))
            .Concat(members.Select(m => new AnalysisSeat((int)m.Id, m.Name, false)))
            .DistinctBy(s => s.UserId).ToList();
    }
}

public sealed class AnalysisForm
{
    public const int Max = 8000, ReasonMax = 2000;
    /// <summary>The day the analysis was held (a day, never a time).</summary>
    public DateOnly? HeldOn { get; set; }
    /// <summary>Who took part: ids out of <see cref="AnalysisSeats"/>.</summary>
    public List<int> ParticipantIds { get; set; } = [];
    /// <summary>Why no team lead was at the table (required then, for a case about a team).</summary>
    [DataType(DataType.MultilineText)] public string? WithoutTeamLeadReason { get; set; }
    /// <summary>The conclusion of the analysis.</summary>
    [DataType(DataType.MultilineText)] public string? Analysis { get; set; }

    /// <summary>Filled by the controller from the case, never from the post.</summary>
    [BindNever] public IReadOnlyList<AnalysisSeat> Seats { get; set; } = [];
    [BindNever] public bool CaseHasTeam { get; set; }

    public bool WithTeamLead => Seats.Any(s => s.IsTeamLead && ParticipantIds.Contains(s.UserId));
}

public sealed class AnalysisFormValidator : AbstractValidator<AnalysisForm>
{
    public AnalysisFormValidator(IStringLocalizer<SharedResource> t, Clock clock)
    {
        RuleFor(f => f.HeldOn).NotNull().WithMessage(_ => t["Case.Validation.AnalysisHeldOn"])
            .Must(d => d is null || d <= clock.Today).WithMessage(_ => t["Case.Validation.AnalysisHeldOnFuture"]);
        RuleFor(f => f.ParticipantIds).NotEmpty().WithMessage(_ => t["Case.Validation.AnalysisParticipants"])
            .Must((f, ids) => ids.All(id => f.Seats.Any(s => s.UserId == id))).WithMessage(_ => t["Case.Validation.AnalysisParticipantUnknown"]);
        // A case about a team is analysed with its team lead, or the record says why not.
        RuleFor(f => f.WithoutTeamLeadReason).NotEmpty().When(f => f.CaseHasTeam && !f.WithTeamLead)
            .WithMessage(_ => t["Case.Validation.AnalysisTeamLead"])
            .MaximumLength(AnalysisForm.ReasonMax).WithMessage(_ => t["Review.Validation.TooLong", t["Case.AnalysisWithoutLeadReason"], AnalysisForm.ReasonMax]);
        RuleFor(f => f.Analysis).NotEmpty().WithMessage(_ => t["Case.Validation.Analysis"])
            .MaximumLength(AnalysisForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Case.Analysis"], AnalysisForm.Max]);
    }
}

/// <summary>The triage analysis made with the team lead: when, with whom, why without the team lead if so, and its
/// conclusion. It meets the triage deadline and moves a new case to Triage; recording it again revises it.</summary>
public sealed class RecordAnalysisHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    /// <summary>Fills the form's seats from the case (before validation).</summary>
    public async Task DescribeAsync(int caseId, AnalysisForm form)
    {
        await using var connection = await connections.OpenAsync();
        form.Seats = await AnalysisSeats.ListAsync(connection, caseId);
        form.CaseHasTeam = await connection.ExecuteScalarAsync<int?>("SELECT team_id FROM cases WHERE id = @caseId", new { caseId }) is not null;
    }

    public async Task<bool> HandleAsync(int caseId, AnalysisForm form)
    {
        var now = clock.UtcNow;
        var withLead = form.WithTeamLead;
        var reason = withLead ? null : form.WithoutTeamLeadReason?.Trim() is { Length: > 0 } r ? r : null;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var updated = await connection.ExecuteAsync(
            "UPDATE cases SET analysis = @analysis, analysis_at = COALESCE(analysis_at, @now), analysis_held_on = @HeldOn, " +
            "analysis_without_lead_reason = @reason, updated_at = @now, " +
            "status = CASE WHEN status = @new THEN @triage ELSE status END WHERE id = @caseId AND closed_at IS NULL",
            new { analysis = form.Analysis!.Trim(), now, form.HeldOn, reason, @new = CaseStatuses.New, triage = CaseStatuses.Triage, caseId }, transaction);
        if (updated == 0) return false;
        await connection.ExecuteAsync("DELETE FROM case_analysis_participants WHERE case_id = @caseId", new { caseId }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO case_analysis_participants (case_id, user_id, is_team_lead) VALUES (@caseId, @UserId, @IsTeamLead)",
            form.Seats.Where(s => form.ParticipantIds.Contains(s.UserId)).Select(s => new { caseId, s.UserId, s.IsTeamLead }), transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, "Analysis", form.Analysis!.Trim(), user.Id, now));
        await audit.AppendAsync(connection, transaction, user.UserName, "case.analysis", $"case:{caseId}", withLead ? "with team lead" : "without team lead");
        await transaction.CommitAsync();
        return true;
    }
}

/// <summary>The analysis as recorded: the day, who was there, and why without the team lead.</summary>
public sealed class AnalysisRecord
{
    public DateOnly? HeldOn { get; init; }
    public string? WithoutTeamLeadReason { get; init; }
    public IReadOnlyList<AnalysisSeat> Participants { get; init; } = [];
    public bool WithTeamLead => Participants.Any(p => p.IsTeamLead);

    public static async Task<AnalysisRecord> LoadAsync(DbConnection connection, int caseId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT analysis_held_on AS HeldOn, analysis_without_lead_reason AS Reason FROM cases WHERE id = @caseId", new { caseId }) ?? new Row();
        var people = await connection.QueryAsync<(long Id, string Name, bool Lead)>(
            "SELECT p.user_id, u.display_name, p.is_team_lead FROM case_analysis_participants p JOIN users u ON u.id = p.user_id " +
            "WHERE p.case_id = @caseId ORDER BY p.is_team_lead DESC, u.display_name", new { caseId });
        return new AnalysisRecord
        {
            HeldOn = row.HeldOn, WithoutTeamLeadReason = row.Reason,
            Participants = people.Select(p => new AnalysisSeat((int)p.Id, p.Name, p.Lead)).ToList(),
        };
    }

    private sealed class Row
    {
        public DateOnly? HeldOn { get; set; }
        public string? Reason { get; set; }
    }
}
