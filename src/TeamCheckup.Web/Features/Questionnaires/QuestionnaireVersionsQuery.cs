using System.Data.Common;
using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Questionnaires;

public enum VersionState { Draft, Published, InUse }

/// <summary>One questionnaire version as the Administrator's list shows it.</summary>
public sealed class VersionRow
{
    public int Id { get; set; }
    public int Version { get; set; }
    public int? BasedOnVersion { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateOnly? EffectiveFrom { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? FirstUsedAt { get; set; }
    public int Rounds { get; set; }
    public string Definition { get; set; } = "";

    /// <summary>A version some round took can never change again (SPEC §4); a published one not yet taken can be withdrawn.</summary>
    public VersionState State => FirstUsedAt is not null || Rounds > 0 ? VersionState.InUse : EffectiveFrom is null ? VersionState.Draft : VersionState.Published;
    public bool IsDraft => State == VersionState.Draft;
}

/// <summary>The questionnaire versions, newest first, with how many rounds took each.</summary>
public sealed class QuestionnaireVersionsQuery(DbConnectionFactory connections)
{
    private const string Select =
        "SELECT q.id AS Id, q.version AS Version, q.based_on_version AS BasedOnVersion, q.created_at AS CreatedAt, q.created_by AS CreatedBy, " +
        "q.effective_from AS EffectiveFrom, q.published_at AS PublishedAt, q.first_used_at AS FirstUsedAt, q.definition AS Definition, " +
        "(SELECT COUNT(*) FROM checkup_rounds r WHERE r.questionnaire_version_id = q.id) AS Rounds FROM questionnaire_versions q";

    public async Task<IReadOnlyList<VersionRow>> ListAsync()
    {
        await using var connection = await connections.OpenAsync();
        return (await connection.QueryAsync<VersionRow>($"{Select} ORDER BY q.version DESC")).ToList();
    }

    public async Task<VersionRow?> FindAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await FindAsync(connection, null, id);
    }

    public static Task<VersionRow?> FindAsync(DbConnection connection, DbTransaction? transaction, int id) =>
        connection.QuerySingleOrDefaultAsync<VersionRow>($"{Select} WHERE q.id = @id", new { id }, transaction);
}
