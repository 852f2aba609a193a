using Dapper;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>What the round page shows besides its steps: the round's results once its pulse closed (aggregates under the
/// round's own k, via <see cref="Anonymity.Apply"/>; never an answer or a comment), who supports the round, and whom the
/// team lead may still invite.</summary>
public sealed class RoundSupport
{
    public RoundFigures? Figures { get; init; }
    public IReadOnlyList<RoundAdvisor> Advisors { get; init; } = [];
    public IReadOnlyList<AdvisorCandidate> Candidates { get; init; } = [];
    /// <summary>True for an invited advisor reading the page (not the team lead).</summary>
    public bool ForAdvisor { get; init; }
}

public sealed class RoundResultsQuery(DbConnectionFactory connections)
{
    public async Task<RoundSupport> RunAsync(RoundState round, bool forAdvisor)
    {
        await using var connection = await connections.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<RoundWithResult>(
            $"SELECT {RoundWithResult.Columns} FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id WHERE r.id = @Id", new { round.Id });
        var advisors = (await RoundAdvisors.ListAsync(connection, round.Id)).ToList();
        var candidates = forAdvisor || round.Status == RoundStatus.Completed ? []
            : (await RoundAdvisors.CandidatesAsync(connection, null, round.TeamId, RoundAdvisors.Disciplines)).Where(c => advisors.All(a => a.UserId != c.UserId)).ToList();
        return new RoundSupport
        {
            Figures = row is null ? null : Anonymity.Apply(row.ToResult(), row.Thresholds),
            Advisors = advisors, Candidates = candidates, ForAdvisor = forAdvisor,
        };
    }
}
