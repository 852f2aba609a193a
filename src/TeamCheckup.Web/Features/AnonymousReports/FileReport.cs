using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.AnonymousReports;

public sealed class ReportForm
{
    public const int DescriptionMax = 4000;
    public int UnitId { get; set; }
    public int? TeamId { get; set; }
    public string? Category { get; set; }
    [DataType(DataType.MultilineText)] public string? Description { get; set; }
}

public sealed class ReportFormValidator : AbstractValidator<ReportForm>
{
    public ReportFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.UnitId).GreaterThan(0).WithMessage(_ => t["Report.Validation.Unit"]);
        RuleFor(f => f.Category).Must(c => c is not null && IncidentCategories.All.Contains(c)).WithMessage(_ => t["Incident.Validation.Category"]);
        RuleFor(f => f.Description).NotEmpty().WithMessage(_ => t["Report.Validation.Description"])
            .MaximumLength(ReportForm.DescriptionMax).WithMessage(_ => t["Review.Validation.TooLong", t["Incident.Description"], ReportForm.DescriptionMax]);
    }
}

public sealed class ReplyForm
{
    public const int BodyMax = 4000;
    public string? Key { get; set; }
    [DataType(DataType.MultilineText)] public string? Body { get; set; }
}

public sealed class ReplyFormValidator : AbstractValidator<ReplyForm>
{
    public ReplyFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Body).NotEmpty().WithMessage(_ => t["Report.Validation.Reply"])
            .MaximumLength(ReplyForm.BodyMax).WithMessage(_ => t["Review.Validation.TooLong", t["Report.Reply"], ReplyForm.BodyMax]);
    }
}

/// <summary>
/// Files an anonymous report: no identity, IP, user agent or time finer than the day is stored;
/// the reporter gets the key once. The report, its first message and its signal commit together.
/// </summary>
public sealed class FileReportHandler(DbConnectionFactory connections, Clock clock, IOptions<AnonymousReportLimits> limits, SignalWriter signals)
{
    /// <summary>Ok with the key; or not: the unit or team does not fit, or the unit's reports of today are at the limit.</summary>
    public sealed record Filed(bool Ok, string? Key, bool OverLimit = false);

    public async Task<Filed> HandleAsync(ReportForm form)
    {
        var today = clock.Today;
        var key = CaseKeys.Create();
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var unitOk = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM units WHERE id = @UnitId AND is_active = 1", new { form.UnitId }, transaction) == 1;
        var teamOk = form.TeamId is null || await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @TeamId AND d.unit_id = @UnitId AND t.is_active = 1",
            new { form.TeamId, form.UnitId }, transaction) == 1;
        if (!unitOk || !teamOk) return new Filed(false, null);
        var filedToday = await connection.ExecuteScalarAsync<long>(
            $"SELECT COUNT(*) FROM anonymous_reports {connections.Dialect.LockForUpdate} WHERE unit_id = @UnitId AND received_on = @today", new { form.UnitId, today }, transaction);
        if (filedToday >= limits.Value.MaxReportsPerUnitPerDay) return new Filed(false, null, OverLimit: true);

        var reportId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO anonymous_reports (unit_id, team_id, category, lookup_id, key_hash, key_salt, received_on) " +
            $"VALUES (@UnitId, @TeamId, @Category, @LookupId, @Hash, @Salt, @today);{connections.Dialect.SelectNewId}",
            new { form.UnitId, form.TeamId, form.Category, key.LookupId, key.Hash, key.Salt, today }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO report_messages (report_id, from_reporter, is_internal, is_feedback, body, created_on) VALUES (@reportId, 1, 0, 0, @body, @today)",
            new { reportId, body = form.Description!.Trim(), today }, transaction);
        // The writer stamps the signal with the day only and queues no job for it (SPEC §9 P7): the triage sweep,
        // which runs every minute whatever happened, turns it into a case.
        var signal = await signals.WriteAsync(connection, transaction,
            new NewSignal(SignalSources.AnonymousReport, form.TeamId, new IncidentPayload(form.Category!, "Medium"), UnitId: form.UnitId, ReportId: reportId));
        await transaction.CommitAsync();
        signals.QueueAfterCommit(signal);
        return new Filed(true, key.Display);
    }
}
