using System.Globalization;
using Dapper;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.Checkups;

public sealed class RoundPage
{
    public required RoundState Round { get; init; }
    public required string TeamName { get; init; }
    public required int Headcount { get; init; }
    public required ReviewForm Review { get; init; }
}

/// <summary>Loads a round with its review for the team lead's round page and review form.</summary>
public sealed class RoundQuery(DbConnectionFactory connections)
{
    public async Task<RoundState?> StateAsync(int roundId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<RoundState>($"SELECT {RoundState.Columns} FROM checkup_rounds r WHERE r.id = @roundId", new { roundId });
    }

    public async Task<RoundPage?> PageAsync(int roundId)
    {
        await using var connection = await connections.OpenAsync();
        var round = await connection.QuerySingleOrDefaultAsync<RoundState>($"SELECT {RoundState.Columns} FROM checkup_rounds r WHERE r.id = @roundId", new { roundId });
        if (round is null) return null;
        var team = await connection.QuerySingleAsync<TeamRow>("SELECT name AS Name, headcount AS Headcount FROM teams WHERE id = @TeamId", new { round.TeamId });

        var dimensions = (await connection.QueryAsync<DimensionEntry>(
            "SELECT dimension AS Dimension, score AS Score, note AS Note FROM review_dimensions WHERE round_id = @roundId", new { roundId }))
            .ToDictionary(d => d.Dimension);
        var bottlenecks = (await connection.QueryAsync<BottleneckEntry>(
            "SELECT category AS Category, description AS Description, severity AS Severity FROM bottlenecks WHERE round_id = @roundId ORDER BY id",
            new { roundId })).ToList();
        // Follow-up: every agreement of the team still open, plus those this round already touched.
        var followUps = (await connection.QueryAsync<AgreementFollowUp>(
            "SELECT a.id AS Id, a.status AS Status, a.follow_up_note AS FollowUpNote, a.what AS What, a.supporting_party AS SupportingParty, " +
            "a.owner AS Owner, a.due_date AS DueDate, o.period_start AS OriginStart, o.cadence_months AS OriginCadence " +
            "FROM agreements a JOIN checkup_rounds o ON o.id = a.origin_round_id " +
            "WHERE a.team_id = @TeamId AND (a.status IN ('Open', 'InProgress') OR a.last_round_id = @roundId) ORDER BY a.due_date, a.id",
            new { round.TeamId, roundId })).ToList();

        var review = new ReviewForm
        {
            Dimensions = ReviewVocabulary.Dimensions.Select(d => dimensions.GetValueOrDefault(d) ?? new DimensionEntry { Dimension = d }).ToList(),
            Bottlenecks = bottlenecks,
            FollowUps = followUps,
            TensionFlag = round.TensionFlag,
            TensionDescription = round.TensionDescription,
            PeriodStart = round.PeriodStart,
        };
        return new RoundPage { Round = round, TeamName = team.Name, Headcount = team.Headcount, Review = review };
    }

    /// <summary>Fills the display-only fields of posted follow-ups (what, owner, due date) from the database.</summary>
    public async Task DescribeFollowUpsAsync(int teamId, List<AgreementFollowUp> followUps)
    {
        if (followUps.Count == 0) return;
        await using var connection = await connections.OpenAsync();
        var stored = (await connection.QueryAsync<AgreementFollowUp>(
            "SELECT id AS Id, what AS What, supporting_party AS SupportingParty, owner AS Owner, due_date AS DueDate FROM agreements " +
            "WHERE team_id = @teamId AND id IN @ids", new { teamId, ids = followUps.Select(f => f.Id).ToArray() })).ToDictionary(a => a.Id);
        followUps.RemoveAll(f => !stored.ContainsKey(f.Id));
        foreach (var followUp in followUps)
        {
            var row = stored[followUp.Id];
            (followUp.What, followUp.SupportingParty, followUp.Owner, followUp.DueDate) = (row.What, row.SupportingParty, row.Owner, row.DueDate);
        }
    }

    /// <summary>The current round of a team: the newest by period.</summary>
    public async Task<int?> CurrentRoundIdAsync(int teamId)
    {
        await using var connection = await connections.OpenAsync();
        return await connection.ExecuteScalarAsync<int?>(
            $"SELECT id FROM checkup_rounds WHERE team_id = @teamId ORDER BY period_start DESC {connections.Dialect.Page(0, 1)}", new { teamId });
    }

    private sealed class TeamRow { public string Name { get; set; } = ""; public int Headcount { get; set; } }
}
