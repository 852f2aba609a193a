using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public sealed class AnalysisForm
{
    public const int Max = 8000;
    [DataType(DataType.MultilineText)] public string? Analysis { get; set; }
}

public sealed class AnalysisFormValidator : AbstractValidator<AnalysisForm>
{
    public AnalysisFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Analysis).NotEmpty().WithMessage(_ => t["Case.Validation.Analysis"])
            .MaximumLength(AnalysisForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Case.Analysis"], AnalysisForm.Max]);
    }
}

/// <summary>The triage analysis made with the team lead: meets the triage deadline and moves a new case to Triage.</summary>
public sealed class RecordAnalysisHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> HandleAsync(int caseId, AnalysisForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var updated = await connection.ExecuteAsync(
            "UPDATE cases SET analysis = @analysis, analysis_at = COALESCE(analysis_at, @now), updated_at = @now, " +
            "status = CASE WHEN status = @new THEN @triage ELSE status END WHERE id = @caseId AND closed_at IS NULL",
            new { analysis = form.Analysis!.Trim(), now, @new = CaseStatuses.New, triage = CaseStatuses.Triage, caseId }, transaction);
        if (updated == 0) return false;
        await connection.ExecuteAsync(
            "INSERT INTO case_entries (case_id, kind, body, involves_team_lead, author_user_id, created_at) VALUES (@caseId, 'Analysis', @body, 0, @userId, @now)",
            new { caseId, body = form.Analysis!.Trim(), userId = user.Id, now }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, "case.analysis", $"case:{caseId}");
        await transaction.CommitAsync();
        return true;
    }
}
