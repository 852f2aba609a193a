using System.Data.Common;
using System.Globalization;
using Dapper;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Networks;

/// <summary>
/// The networks' signals on the escalation ladder, through the one <see cref="Notifier"/>: a filed signal and a follow-up
/// question tell the chiefs of its scope (the unit's chiefs, or the organisation-wide Leadership); at 75 % of the working
/// days to acknowledge or to answer they are warned; a breach tells them and escalates to Leadership; an acknowledgement
/// and every answer tell the network's representatives. A text names the signal's number, its unit (or "the whole
/// organisation"), the network and dates or days — never the signal's title or text. Every event has its key, so running
/// the deadline check twice adds nothing.
/// </summary>
public sealed class NetworkSignalNotices(Notifier notifier, Clock clock)
{
    /// <summary>A warning once this share of the working days is used.</summary>
    public const int WarningPercent = 75;
    public const string WholeOrganisation = "@Signal.WholeOrganisation";

    public async Task<int> FiledAsync(DbConnection connection, DbTransaction transaction, int signalId)
    {
        var s = await LoadAsync(connection, transaction, signalId);
        return await ToAllAsync(connection, transaction, await ChiefsOfScopeAsync(connection, transaction, s.UnitId), u => new NotificationEvent(
            u, NotificationKinds.NetworkSignalFiled, $"network-signal-filed:{s.Id}", null, LeadershipLink(s.Id),
            [s.Place, Number(s.Id), s.NetworkName, NotificationText.Date(s.AcknowledgeBy)], s.Id));
    }

    public async Task<int> FollowUpAsync(DbConnection connection, DbTransaction transaction, int signalId, int entryId)
    {
        var s = await LoadAsync(connection, transaction, signalId);
        return await ToAllAsync(connection, transaction, await ChiefsOfScopeAsync(connection, transaction, s.UnitId), u => new NotificationEvent(
            u, NotificationKinds.NetworkSignalFollowUp, $"network-signal-follow-up:{entryId}", null, LeadershipLink(s.Id), [s.Place, Number(s.Id), s.NetworkName], s.Id));
    }

    public async Task<int> AcknowledgedAsync(DbConnection connection, DbTransaction transaction, int signalId)
    {
        var s = await LoadAsync(connection, transaction, signalId);
        return await ToAllAsync(connection, transaction, await RepresentativesAsync(connection, transaction, s.NetworkId), u => new NotificationEvent(
            u, NotificationKinds.NetworkSignalAcknowledged, $"network-signal-acknowledged:{s.Id}", null, NetworkLink(s.Id), [s.Place, Number(s.Id)], s.Id));
    }

    public async Task<int> AnsweredAsync(DbConnection connection, DbTransaction transaction, int signalId, int entryId)
    {
        var s = await LoadAsync(connection, transaction, signalId);
        return await ToAllAsync(connection, transaction, await RepresentativesAsync(connection, transaction, s.NetworkId), u => new NotificationEvent(
            u, NotificationKinds.NetworkSignalAnswered, $"network-signal-answer:{entryId}", null, NetworkLink(s.Id), [s.Place, Number(s.Id)], s.Id));
    }

    /// <summary>The deadline check (run by the escalation ladder's job): warnings and breaches of every open signal.</summary>
    public async Task<int> DeadlinesAsync(DbConnection connection, DbTransaction transaction)
    {
        var today = clock.Today;
        var open = (await connection.QueryAsync<Signal>(Select + "WHERE s.acknowledged_on IS NULL OR s.answered_on IS NULL", transaction: transaction)).ToList();
        if (open.Count == 0) return 0;
        var leadership = await LeadershipAsync(connection, transaction);
        var created = 0;
        foreach (var s in open)
        {
            var chiefs = await ChiefsOfScopeAsync(connection, transaction, s.UnitId);
            foreach (var (step, due, met, warning, breach) in new[]
                     {
                         ("ack", s.AcknowledgeBy, s.AcknowledgedOn is not null, NotificationKinds.NetworkSignalAcknowledgeWarning, NotificationKinds.NetworkSignalAcknowledgeBreached),
                         ("answer", s.AnswerBy, s.AnsweredOn is not null, NotificationKinds.NetworkSignalAnswerWarning, NotificationKinds.NetworkSignalAnswerBreached),
                     })
            {
                var state = TriageDeadlines.WorkingDayState(s.FiledOn, due, today, met);
                if (TriageDeadlines.Percent(state) >= WarningPercent)
                    created += await ToAllAsync(connection, transaction, chiefs, u => new NotificationEvent(
                        u, warning, $"network-signal-{step}-warning:{s.Id}", null, LeadershipLink(s.Id), [s.Place, Number(s.Id), NotificationText.Date(due)], s.Id));
                if (state == DeadlineState.Breached)
                {
                    var late = Math.Max(1, WorkingDays.Between(due, today)).ToString(CultureInfo.InvariantCulture);
                    created += await ToAllAsync(connection, transaction, chiefs.Concat(leadership).Distinct(), u => new NotificationEvent(
                        u, breach, $"network-signal-{step}-breach:{s.Id}", null, LeadershipLink(s.Id), [s.Place, Number(s.Id), late], s.Id));
                }
            }
        }
        return created;
    }

    public static string LeadershipLink(int id) => $"/leadership/signals/{id}";
    public static string NetworkLink(int id) => $"/signals/{id}";
    private static string Number(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The chiefs a signal goes to: of its unit (a Unit scope), or the Leadership for the whole organisation.</summary>
    public static async Task<IReadOnlyList<int>> ChiefsOfScopeAsync(DbConnection connection, DbTransaction? transaction, int? unitId) =>
        unitId is null ? await LeadershipAsync(connection, transaction) : (await connection.QueryAsync<int>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = @chief JOIN user_scopes s ON s.user_id = u.id " +
            "WHERE u.is_active = 1 AND s.scope_type = @unit AND s.scope_id = @unitId", new { chief = Roles.Chief, unit = ScopeTypes.Unit, unitId }, transaction)).ToList();

    /// <summary>The organisation-wide Leadership: chiefs holding the Organisation scope.</summary>
    public static async Task<IReadOnlyList<int>> LeadershipAsync(DbConnection connection, DbTransaction? transaction) =>
        (await connection.QueryAsync<int>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = @chief JOIN user_scopes s ON s.user_id = u.id " +
            "WHERE u.is_active = 1 AND s.scope_type = @organisation", new { chief = Roles.Chief, organisation = ScopeTypes.Organisation }, transaction)).ToList();

    /// <summary>The active representatives of a network.</summary>
    public static async Task<IReadOnlyList<int>> RepresentativesAsync(DbConnection connection, DbTransaction? transaction, int networkId) =>
        (await connection.QueryAsync<int>(
            "SELECT DISTINCT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id AND ur.role = @role JOIN user_scopes s ON s.user_id = u.id " +
            "WHERE u.is_active = 1 AND s.scope_type = @network AND s.scope_id = @networkId", new { role = Roles.Network, network = ScopeTypes.Network, networkId }, transaction)).ToList();

    private async Task<int> ToAllAsync(DbConnection connection, DbTransaction transaction, IEnumerable<int> users, Func<int, NotificationEvent> make)
    {
        var added = 0;
        foreach (var user in users)
            if (await notifier.QueueAsync(connection, transaction, make(user))) added++;
        return added;
    }

    private const string Select =
        "SELECT s.id AS Id, s.network_id AS NetworkId, n.name AS NetworkName, s.unit_id AS UnitId, u.name AS UnitName, s.filed_on AS FiledOn, " +
        "s.acknowledge_by AS AcknowledgeBy, s.answer_by AS AnswerBy, s.acknowledged_on AS AcknowledgedOn, s.answered_on AS AnsweredOn " +
        "FROM network_signals s JOIN networks n ON n.id = s.network_id LEFT JOIN units u ON u.id = s.unit_id ";

    private static async Task<Signal> LoadAsync(DbConnection connection, DbTransaction transaction, int id) =>
        await connection.QuerySingleAsync<Signal>(Select + "WHERE s.id = @id", new { id }, transaction);

    private sealed class Signal
    {
        public int Id { get; set; }
        public int NetworkId { get; set; }
        public string NetworkName { get; set; } = "";
        public int? UnitId { get; set; }
        public string? UnitName { get; set; }
        public DateOnly FiledOn { get; set; }
        public DateOnly AcknowledgeBy { get; set; }
        public DateOnly AnswerBy { get; set; }
        public DateOnly? AcknowledgedOn { get; set; }
        public DateOnly? AnsweredOn { get; set; }
        public string Place => UnitName ?? WholeOrganisation;
    }
}
