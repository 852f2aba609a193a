using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public sealed class StaffMessageForm
{
    public const int Max = 4000;
    public int ReportId { get; set; }
    [DataType(DataType.MultilineText)] public string? Body { get; set; }
    /// <summary>An internal note: never shown to the reporter.</summary>
    public bool IsInternal { get; set; }
    /// <summary>The substantive answer (feedback) the reporter is owed within 3 months.</summary>
    public bool IsFeedback { get; set; }
}

public sealed class StaffMessageFormValidator : AbstractValidator<StaffMessageForm>
{
    public StaffMessageFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Body).NotEmpty().WithMessage(_ => t["Report.Validation.Reply"])
            .MaximumLength(StaffMessageForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Report.Reply"], StaffMessageForm.Max]);
        RuleFor(f => f.IsFeedback).Equal(false).When(f => f.IsInternal).WithMessage(_ => t["Case.Validation.InternalFeedback"]);
    }
}

/// <summary>
/// VIK's side of an anonymous report: a reply to the reporter (the first one acknowledges the
/// report; one marked as feedback answers it) or an internal note that the reporter never sees.
/// </summary>
public sealed class ReplyToReporterHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> HandleAsync(int caseId, StaffMessageForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // Only the case's VIK members handle the report (EU directive 2019/1937): nobody else writes in its thread.
        if (!await ReportReaders.IsHandlerAsync(connection, transaction, caseId, user)) return false;
        var belongs = await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM signals WHERE case_id = @caseId AND report_id = @ReportId", new { caseId, form.ReportId }, transaction);
        if (belongs == 0) return false;
        await connection.ExecuteAsync(
            "INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, author_user_id, created_on, created_at) " +
            "VALUES (@ReportId, 0, @IsInternal, @IsFeedback, @body, @userId, @today, @now)",
            new { form.ReportId, form.IsInternal, form.IsFeedback, body = form.Body!.Trim(), userId = user.Id, today = clock.Today, now },
            transaction);
        if (!form.IsInternal)
            await connection.ExecuteAsync(
                "UPDATE anonymous_reports SET acknowledged_at = COALESCE(acknowledged_at, @now), " +
                "feedback_at = CASE WHEN @IsFeedback = 1 THEN COALESCE(feedback_at, @now) ELSE feedback_at END WHERE id = @ReportId",
                new { now, form.IsFeedback, form.ReportId }, transaction);
        await audit.AppendAsync(connection, transaction, user.UserName, form.IsInternal ? "report.internal-note" : "report.reply",
            $"case:{caseId}", $"report:{form.ReportId}{(form.IsFeedback ? "; feedback" : "")}");
        await transaction.CommitAsync();
        return true;
    }
}
