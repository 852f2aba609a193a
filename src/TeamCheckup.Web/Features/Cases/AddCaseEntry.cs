using System.ComponentModel.DataAnnotations;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Cases;

public sealed class EntryForm
{
    public const int Max = 4000;
    public const string SharedSummary = "SharedSummary";
    /// <summary>The kinds a person writes. A shared summary is VIK's account of the case's anonymous reports for the rest of
    /// the expert team, who never read the reports themselves; only the case's VIK members write one.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["Action", "Agreement", "Monitoring", "Note", SharedSummary];
    /// <summary>The kinds that can be meant for the team lead.</summary>
    public static readonly IReadOnlyList<string> ForTeamLeadKinds = ["Action", "Agreement"];
    public string? Kind { get; set; }
    [DataType(DataType.MultilineText)] public string? Body { get; set; }
    /// <summary>An action or agreement meant for the team lead: shown (without case detail) on the lead's team page and case
    /// summary, where the lead confirms or comments on it (<see cref="TeamLeadResponseHandler"/>).</summary>
    public bool InvolvesTeamLead { get; set; }
    /// <summary>Shown to the case's Experts (occupational health, confidential counsellor …); only the lead discipline shares.</summary>
    public bool ShareWithExperts { get; set; }
}

public sealed class EntryFormValidator : AbstractValidator<EntryForm>
{
    public EntryFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Kind).Must(k => k is not null && EntryForm.Kinds.Contains(k)).WithMessage(_ => t["Case.Validation.EntryKind"]);
        RuleFor(f => f.Body).NotEmpty().WithMessage(_ => t["Case.Validation.EntryBody"])
            .MaximumLength(EntryForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Case.EntryBody"], EntryForm.Max]);
    }
}

/// <summary>Actions, agreements, monitoring notes and plain notes on an open case.</summary>
public sealed class AddCaseEntryHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock)
{
    public async Task<bool> HandleAsync(int caseId, EntryForm form)
    {
        var now = clock.UtcNow;
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var lead = await connection.QuerySingleOrDefaultAsync<string>("SELECT lead_discipline FROM cases WHERE id = @caseId AND closed_at IS NULL", new { caseId }, transaction);
        if (lead is null) return false;
        if (form.Kind == EntryForm.SharedSummary && !await ReportReaders.IsHandlerAsync(connection, transaction, caseId, user)) return false;
        if (form.ShareWithExperts && !CaseMemberCandidates.MayChangeTeam(user, lead)) return false;
        await connection.ExecuteAsync("UPDATE cases SET updated_at = @now WHERE id = @caseId", new { now, caseId }, transaction);
        await CaseJournal.AddAsync(connection, transaction, connections.Dialect, new JournalEntry(caseId, form.Kind!, form.Body!.Trim(), user.Id, now)
        {
            InvolvesTeamLead = EntryForm.ForTeamLeadKinds.Contains(form.Kind) && form.InvolvesTeamLead, SharedWithExperts = form.ShareWithExperts,
        });
        await audit.AppendAsync(connection, transaction, user.UserName, "case.entry", $"case:{caseId}", form.Kind);
        await transaction.CommitAsync();
        return true;
    }
}
