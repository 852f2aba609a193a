using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Incidents;

public sealed class IncidentForm
{
    public const int DescriptionMax = 4000;
    public int TeamId { get; set; }
    public DateOnly? IncidentDate { get; set; }
    public string? Category { get; set; }
    public string? Severity { get; set; }
    [DataType(DataType.MultilineText)] public string? Description { get; set; }
    /// <summary>Set by the controller (not posted): today, for the date rules.</summary>
    [BindNever] public DateOnly Today { get; set; }
}

public sealed class IncidentFormValidator : AbstractValidator<IncidentForm>
{
    public IncidentFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.TeamId).GreaterThan(0).WithMessage(_ => t["Incident.Validation.Team"]);
        RuleFor(f => f.IncidentDate).NotNull().WithMessage(_ => t["Incident.Validation.Date"]);
        RuleFor(f => f.IncidentDate).LessThanOrEqualTo(f => f.Today).When(f => f.IncidentDate.HasValue).WithMessage(_ => t["Incident.Validation.DateFuture"]);
        RuleFor(f => f.IncidentDate).GreaterThanOrEqualTo(f => f.Today.AddYears(-2)).When(f => f.IncidentDate.HasValue).WithMessage(_ => t["Incident.Validation.DateOld"]);
        RuleFor(f => f.Category).Must(c => c is not null && IncidentCategories.All.Contains(c)).WithMessage(_ => t["Incident.Validation.Category"]);
        RuleFor(f => f.Severity).Must(s => s is not null && IncidentCategories.Severities.Contains(s)).WithMessage(_ => t["Incident.Validation.Severity"]);
        RuleFor(f => f.Description).NotEmpty().WithMessage(_ => t["Incident.Validation.Description"])
            .MaximumLength(IncidentForm.DescriptionMax).WithMessage(_ => t["Review.Validation.TooLong", t["Incident.Description"], IncidentForm.DescriptionMax]);
    }
}

/// <summary>
/// Registers an incident or tension (SPEC §5) and, in the same transaction, the signal for the
/// triage engine; the processing job is enqueued after the commit.
/// </summary>
public sealed class RegisterIncidentHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, SignalWriter signals)
{
    public async Task<int> HandleAsync(IncidentForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var incidentId = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO incidents (team_id, incident_date, category, severity, description, registered_by, created_at) " +
            $"VALUES (@TeamId, @IncidentDate, @Category, @Severity, @description, @userId, @now);{connections.Dialect.SelectNewId}",
            new { form.TeamId, form.IncidentDate, form.Category, form.Severity, description = form.Description!.Trim(), userId = user.Id, now }, transaction);
        var signal = await signals.WriteAsync(connection, transaction,
            new NewSignal(SignalSources.Incident, form.TeamId, new IncidentPayload(form.Category!, form.Severity!), IncidentId: incidentId));
        await audit.AppendAsync(connection, transaction, user.UserName, "incident.registered", $"incident:{incidentId}", $"team:{form.TeamId}; {form.Category}; {form.Severity}");
        await transaction.CommitAsync();
        signals.QueueAfterCommit(signal);
        return incidentId;
    }
}
