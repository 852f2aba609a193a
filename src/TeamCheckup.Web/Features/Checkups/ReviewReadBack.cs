using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>One dimension of a completed review beside the same dimension of the team's previous completed round.</summary>
public sealed record DimensionReadBack(string Dimension, int? Score, string? Note, int? PreviousScore)
{
    public int? Change => Score is { } now && PreviousScore is { } then ? now - then : null;
}

public sealed class AgreementReadBack
{
    public int Id { get; set; }
    public string What { get; set; } = "";
    public string SupportingParty { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public string Status { get; set; } = "";
    public string? FollowUpNote { get; set; }
    /// <summary>Made in this round (else: an earlier agreement followed up in it).</summary>
    public bool IsNew { get; set; }
}

public sealed class ReviewReadBackPage
{
    public required RoundPage Page { get; init; }
    /// <summary>The team's previous completed round, if any.</summary>
    public RoundState? Previous { get; init; }
    public required IReadOnlyList<DimensionReadBack> Dimensions { get; init; }
    public required IReadOnlyList<BottleneckEntry> Bottlenecks { get; init; }
    public required IReadOnlyList<AgreementReadBack> Agreements { get; init; }
}

/// <summary>A completed round's review as it was frozen, read from the database (the review form is not involved),
/// with the scores of the team's previous completed round beside it. Agreements are the ones made in this round and
/// those followed up in it, with their status as it stands now.</summary>
public sealed class ReviewReadBackQuery(DbConnectionFactory connections, RoundQuery rounds)
{
    public async Task<ReviewReadBackPage?> RunAsync(int roundId)
    {
        if (await rounds.PageAsync(roundId) is not { } page) return null;
        var round = page.Round;
        await using var connection = await connections.OpenAsync();
        var previous = await connection.QuerySingleOrDefaultAsync<RoundState>(
            $"SELECT {RoundState.Columns} FROM checkup_rounds r WHERE r.team_id = @TeamId AND r.period_start < @PeriodStart AND r.completed_at IS NOT NULL " +
            $"ORDER BY r.period_start DESC {connections.Dialect.Page(0, 1)}", new { round.TeamId, round.PeriodStart });
        var earlier = (await connection.QueryAsync<DimensionEntry>(
            "SELECT dimension AS Dimension, score AS Score, note AS Note FROM review_dimensions WHERE round_id = @id", new { id = previous?.Id ?? 0 }))
            .ToDictionary(d => d.Dimension);
        var dimensions = page.Review.Dimensions
            .Select(d => new DimensionReadBack(d.Dimension, d.Score, d.Note, earlier.GetValueOrDefault(d.Dimension)?.Score)).ToList();
        var agreements = (await connection.QueryAsync<AgreementReadBack>(
            "SELECT id AS Id, what AS What, supporting_party AS SupportingParty, owner AS Owner, due_date AS DueDate, status AS Status, " +
            "follow_up_note AS FollowUpNote, CASE WHEN origin_round_id = @roundId THEN 1 ELSE 0 END AS IsNew FROM agreements " +
            "WHERE team_id = @TeamId AND (origin_round_id = @roundId OR last_round_id = @roundId) ORDER BY due_date, id",
            new { roundId, round.TeamId })).ToList();
        return new ReviewReadBackPage
        {
            Page = page, Previous = previous, Dimensions = dimensions, Bottlenecks = page.Review.Bottlenecks, Agreements = agreements,
        };
    }
}
