using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Dapper;
using FluentValidation;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Cases;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// "Hulp vragen": a team lead asks HRM or VIK for support in the check-up (source document: the team lead is intensively
/// supported by HRM and VIK). Not a case — no signal, no triage, nothing confidential — but an item in that discipline's
/// queue with a deadline by urgency, until one of its advisors of the unit accepts it.
/// </summary>
public static class SupportVocabulary
{
    public const string Urgent = "Urgent", Soon = "Soon", Normal = "Normal";
    public static readonly IReadOnlyList<string> Urgencies = [Urgent, Soon, Normal];
    public static readonly IReadOnlyList<string> Topics = [.. ReviewVocabulary.Dimensions, "Other"];

    /// <summary>Working days to accept: 2 when urgent (as a high-priority triage), 5 soon, 10 otherwise.</summary>
    public static int WorkingDaysFor(string urgency) => urgency switch { Urgent => 2, Soon => 5, _ => 10 };

    public static DateOnly DueOn(DateOnly asked, string urgency) => WorkingDays.Add(asked, WorkingDaysFor(urgency));

    public static string TopicKey(string topic) => topic == "Other" ? "Support.Topic.Other" : "Dimension." + topic;
}

public sealed class SupportRequestForm
{
    public const int Max = 2000;
    public string? Discipline { get; set; }
    public string? Topic { get; set; }
    public string? Urgency { get; set; }
    [DataType(DataType.MultilineText)] public string? Details { get; set; }
    /// <summary>The round asked from, if any (checked against the team on the server).</summary>
    public int? RoundId { get; set; }
}

public sealed class SupportRequestFormValidator : AbstractValidator<SupportRequestForm>
{
    public SupportRequestFormValidator(IStringLocalizer<SharedResource> t)
    {
        RuleFor(f => f.Discipline).Must(d => d is not null && RoundAdvisors.Disciplines.Contains(d)).WithMessage(_ => t["Support.Validation.Discipline"]);
        RuleFor(f => f.Topic).Must(d => d is not null && SupportVocabulary.Topics.Contains(d)).WithMessage(_ => t["Support.Validation.Topic"]);
        RuleFor(f => f.Urgency).Must(d => d is not null && SupportVocabulary.Urgencies.Contains(d)).WithMessage(_ => t["Support.Validation.Urgency"]);
        RuleFor(f => f.Details).NotEmpty().WithMessage(_ => t["Support.Validation.Details"])
            .MaximumLength(SupportRequestForm.Max).WithMessage(_ => t["Review.Validation.TooLong", t["Support.Details"], SupportRequestForm.Max]);
    }
}

/// <summary>An open or accepted request, as the queue and the round show it.</summary>
public sealed class SupportRequestRow
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public string TeamName { get; set; } = "";
    public int? RoundId { get; set; }
    public string Discipline { get; set; } = "";
    public string Topic { get; set; } = "";
    public string Urgency { get; set; } = "";
    public string Details { get; set; } = "";
    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAt { get; set; }
    public DateOnly DueOn { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTime? AcceptedAt { get; set; }

    public const string Select =
        "SELECT q.id AS Id, q.team_id AS TeamId, t.name AS TeamName, q.round_id AS RoundId, q.discipline AS Discipline, q.topic AS Topic, q.urgency AS Urgency, " +
        "q.details AS Details, r.display_name AS RequestedBy, q.requested_at AS RequestedAt, q.due_on AS DueOn, a.display_name AS AcceptedBy, q.accepted_at AS AcceptedAt " +
        "FROM support_requests q JOIN teams t ON t.id = q.team_id JOIN users r ON r.id = q.requested_by_user_id LEFT JOIN users a ON a.id = q.accepted_by_user_id";
}

/// <summary>The open support requests of an advisor's discipline in the units they hold: one definition for the queue
/// and the home count, so the count always matches the list.</summary>
public static class SupportQueue
{
    private const string Visible = "q.accepted_at IS NULL AND q.discipline = @discipline AND q.unit_id IN @unitIds";

    public static Task<IEnumerable<SupportRequestRow>> OpenAsync(DbConnection connection, DynamicParameters parameters) =>
        connection.QueryAsync<SupportRequestRow>($"{SupportRequestRow.Select} WHERE {Visible} ORDER BY q.due_on, q.id", parameters);

    public static Task<int> CountAsync(DbConnection connection, DynamicParameters parameters) =>
        connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM support_requests q WHERE {Visible}", parameters);

    /// <summary>Support is asked of HRM or VIK; a Communications advisor has no support queue.</summary>
    public static bool HasQueue(string discipline) => RoundAdvisors.Disciplines.Contains(discipline);
}

/// <summary>The team lead asks for support: stored with its deadline, audited, and every advisor of the discipline who holds
/// the team's unit or district is told (what about and how urgent stay in the app; the notice names the team only).</summary>
public sealed class RequestSupportHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, Notifier notifier)
{
    public async Task<int> HandleAsync(int teamId, SupportRequestForm form)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var team = await connection.QuerySingleAsync<(long UnitId, string Name)>(
            "SELECT d.unit_id, t.name FROM teams t JOIN districts d ON d.id = t.district_id WHERE t.id = @teamId", new { teamId }, transaction);
        var roundId = form.RoundId is { } rid && await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM checkup_rounds WHERE id = @rid AND team_id = @teamId", new { rid, teamId }, transaction) > 0 ? rid : (int?)null;
        var dueOn = SupportVocabulary.DueOn(clock.Today, form.Urgency!);
        var id = (int)await connection.ExecuteScalarAsync<long>(
            "INSERT INTO support_requests (team_id, unit_id, round_id, discipline, topic, urgency, details, requested_by_user_id, requested_at, due_on) " +
            "VALUES (@teamId, @unitId, @roundId, @Discipline, @Topic, @Urgency, @details, @userId, @now, @dueOn); " + connections.Dialect.SelectNewId,
            new { teamId, unitId = (int)team.UnitId, roundId, form.Discipline, form.Topic, form.Urgency, details = form.Details!.Trim(), userId = user.Id, now = clock.UtcNow, dueOn },
            transaction);
        foreach (var advisor in await RoundAdvisors.CandidatesAsync(connection, transaction, teamId, [form.Discipline!]))
            await notifier.QueueAsync(connection, transaction, new NotificationEvent(advisor.UserId, NotificationKinds.SupportRequested, $"support-requested:{id}",
                teamId, "/queue#support", [team.Name, NotificationText.Date(dueOn)], id));
        await audit.AppendAsync(connection, transaction, user.UserName, "support.requested", $"support:{id}", $"{form.Discipline} {form.Urgency}");
        await transaction.CommitAsync();
        return id;
    }
}

/// <summary>An advisor of the request's discipline and unit accepts it: the request leaves the queue, the advisor joins the
/// round it was asked from (or the team's round under way), and the team lead is told.</summary>
public sealed class AcceptSupportHandler(DbConnectionFactory connections, AuditTrail audit, CurrentUser user, Clock clock, Notifier notifier, RoundQuery rounds)
{
    public async Task<int?> HandleAsync(int requestId)
    {
        await using var connection = await connections.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var request = await connection.QuerySingleOrDefaultAsync<SupportRequestRow>(
            $"{SupportRequestRow.Select} WHERE q.id = @requestId AND q.accepted_at IS NULL", new { requestId }, transaction);
        if (request is null) return null;
        var me = (await RoundAdvisors.CandidatesAsync(connection, transaction, request.TeamId, [request.Discipline])).FirstOrDefault(c => c.UserId == user.Id);
        if (me is null) return null;
        var now = clock.UtcNow;
        await connection.ExecuteAsync("UPDATE support_requests SET accepted_by_user_id = @userId, accepted_at = @now WHERE id = @requestId AND accepted_at IS NULL",
            new { userId = user.Id, now, requestId }, transaction);
        var roundId = request.RoundId ?? await rounds.CurrentRoundIdAsync(request.TeamId);
        var open = roundId is { } r && await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM checkup_rounds WHERE id = @r AND completed_at IS NULL", new { r }, transaction) > 0;
        var requester = await connection.ExecuteScalarAsync<int>("SELECT requested_by_user_id FROM support_requests WHERE id = @requestId", new { requestId }, transaction);
        if (open)
            await RoundAdvisors.InviteAsync(connection, transaction, notifier, clock, roundId!.Value, request.TeamId, me, requester, requestId);
        await notifier.QueueAsync(connection, transaction, new NotificationEvent(requester, NotificationKinds.SupportAccepted, $"support-accepted:{requestId}",
            request.TeamId, open ? $"/rounds/{roundId}" : $"/teams/{request.TeamId}", [request.TeamName], requestId));
        await audit.AppendAsync(connection, transaction, user.UserName, "support.accepted", $"support:{requestId}", open ? $"round:{roundId}" : null);
        await transaction.CommitAsync();
        return open ? roundId : 0;
    }
}
