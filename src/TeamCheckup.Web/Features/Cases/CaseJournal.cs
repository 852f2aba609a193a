using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Cases;

/// <summary>One entry of a case's journal: its kind (an <see cref="EntryForm"/> kind or a workflow step such as
/// StatusChange, Outcome, IntegrityOutcome, Link), its body, who wrote it (null: the system) and when.</summary>
public sealed record JournalEntry(int CaseId, string Kind, string Body, int? AuthorUserId, DateTime At)
{
    /// <summary>An action or agreement meant for the team lead (shown on the case summary).</summary>
    public bool InvolvesTeamLead { get; init; }
    /// <summary>Shared with the Experts seated on the case.</summary>
    public bool SharedWithExperts { get; init; }
    /// <summary>The team lead's answer to this entry.</summary>
    public int? RespondsToEntryId { get; init; }
}

/// <summary>
/// The one home for writing a case's journal: every step that leaves an entry (an analysis, a status change, an outcome,
/// a link, a communication plan, a lead that moves, the team lead's answer) writes it here, in the caller's transaction.
/// </summary>
public static class CaseJournal
{
    private const string Insert =
        "INSERT INTO case_entries (case_id, kind, body, involves_team_lead, shared_with_experts, author_user_id, created_at, responds_to_entry_id) " +
        "VALUES (@CaseId, @Kind, @Body, @InvolvesTeamLead, @SharedWithExperts, @AuthorUserId, @At, @RespondsToEntryId)";

    /// <summary>Writes the entry; returns its id.</summary>
    public static async Task<int> AddAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, JournalEntry entry) =>
        (int)await connection.ExecuteScalarAsync<long>($"{Insert};{dialect.SelectNewId}", entry, transaction);
}
