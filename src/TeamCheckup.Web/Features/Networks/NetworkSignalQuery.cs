using Dapper;
using TeamCheckup.Web.Infrastructure.Auth;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Networks;

public class SignalRow
{
    public int Id { get; set; }
    public int NetworkId { get; set; }
    public string NetworkName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Theme { get; set; } = "";
    /// <summary>Null: the signal is about the whole organisation.</summary>
    public int? UnitId { get; set; }
    public string? UnitName { get; set; }
    public string Title { get; set; } = "";
    public DateOnly FiledOn { get; set; }
    public DateOnly AcknowledgeBy { get; set; }
    public DateOnly AnswerBy { get; set; }
    public DateOnly? AcknowledgedOn { get; set; }
    public DateOnly? AnsweredOn { get; set; }

    public bool IsAcknowledged => AcknowledgedOn is not null;
    public bool IsAnswered => AnsweredOn is not null;
    /// <summary>The step leadership owes now, and by when: acknowledge first, then answer; null when answered.</summary>
    public (string Step, DateOnly Due)? Owed => !IsAcknowledged ? ("Acknowledge", AcknowledgeBy) : !IsAnswered ? ("Answer", AnswerBy) : null;
    public bool IsLate(DateOnly today) => Owed is { } owed && today > owed.Due;
}

public sealed class SignalDetail : SignalRow
{
    public string Body { get; set; } = "";
    public List<SignalEntry> Entries { get; set; } = [];
}

/// <summary>One entry of the thread. A network's entries are shown under the network's name (the representative speaks
/// for the network); leadership's under the name of the chief who wrote them.</summary>
public sealed class SignalEntry
{
    public int Id { get; set; }
    public string Kind { get; set; } = "";
    public bool FromNetwork { get; set; }
    public string Body { get; set; } = "";
    public string AuthorName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>The networks' signals as their two sides see them: the representatives (their networks' signals) and
/// leadership (the signals of the units they hold; the organisation-wide Leadership sees every signal).</summary>
public sealed class NetworkSignalQuery(DbConnectionFactory connections)
{
    private const string Select =
        "SELECT s.id AS Id, s.network_id AS NetworkId, n.name AS NetworkName, s.kind AS Kind, s.theme AS Theme, s.unit_id AS UnitId, u.name AS UnitName, " +
        "s.title AS Title, s.filed_on AS FiledOn, s.acknowledge_by AS AcknowledgeBy, s.answer_by AS AnswerBy, s.acknowledged_on AS AcknowledgedOn, " +
        "s.answered_on AS AnsweredOn{0} FROM network_signals s JOIN networks n ON n.id = s.network_id LEFT JOIN units u ON u.id = s.unit_id ";

    /// <summary>Open signals first (by the date leadership owes its next step), then the answered ones, newest first.</summary>
    private const string Order =
        " ORDER BY CASE WHEN s.answered_on IS NULL THEN 0 ELSE 1 END, CASE WHEN s.acknowledged_on IS NULL THEN s.acknowledge_by ELSE s.answer_by END, s.id DESC";

    public async Task<IReadOnlyList<SignalRow>> ForNetworksAsync(IReadOnlySet<int> networkIds)
    {
        if (networkIds.Count == 0) return [];
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<SignalRow>(string.Format(Select, "") + "WHERE s.network_id IN @ids" + Order, new { ids = networkIds.ToArray() })).ToList();
    }

    /// <summary>The leadership queue of a scope: the signals about the units held; with the organisation-wide scope, all.</summary>
    public async Task<IReadOnlyList<SignalRow>> ForLeadershipAsync(ResolvedScope scope)
    {
        await using var connection = await connections.OpenAsync();
        if (scope.Organisation)
            return (await connection.QueryAsync<SignalRow>(string.Format(Select, "") + "WHERE 1 = 1" + Order)).ToList();
        if (scope.UnitIds.Count == 0) return [];
        return (await connection.QueryAsync<SignalRow>(string.Format(Select, "") + "WHERE s.unit_id IN @ids" + Order, new { ids = scope.UnitIds.ToArray() })).ToList();
    }

    public async Task<SignalDetail?> FindAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        var signal = await connection.QuerySingleOrDefaultAsync<SignalDetail>(string.Format(Select, ", s.body AS Body") + "WHERE s.id = @id", new { id });
        if (signal is null) return null;
        signal.Entries = (await connection.QueryAsync<SignalEntry>(
            "SELECT e.id AS Id, e.kind AS Kind, e.from_network AS FromNetwork, e.body AS Body, " +
            "CASE WHEN e.from_network = 1 THEN n.name ELSE a.display_name END AS AuthorName, e.created_at AS CreatedAt " +
            "FROM network_signal_entries e JOIN network_signals s ON s.id = e.signal_id JOIN networks n ON n.id = s.network_id " +
            "JOIN users a ON a.id = e.author_id WHERE e.signal_id = @id ORDER BY e.id", new { id })).ToList();
        return signal;
    }
}

/// <summary>
/// Who may do what with a signal (issue 17 item 1), on the server: a Network representative reads and follows up the
/// signals of the networks they speak for; a Chief handles (reads, acknowledges, answers) the signals about a unit they
/// hold, and the organisation-wide Leadership the signals about the whole organisation and, as the escalation point,
/// every other one.
/// </summary>
public sealed class NetworkSignalAccess(CurrentUser user)
{
    public async Task<bool> MayFollowAsync(SignalRow signal) => await user.SpeaksForNetworkAsync(signal.NetworkId);

    public async Task<bool> MayHandleAsync(SignalRow signal)
    {
        if (!user.IsInRole(Roles.Chief)) return false;
        var scope = await user.ScopeAsync();
        return scope.Organisation || (signal.UnitId is { } unit && scope.UnitIds.Contains(unit));
    }
}
