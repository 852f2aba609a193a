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

        // The mix of this round, or else of the team's previous round as a starting point.
        var mixRound = await connection.ExecuteScalarAsync<int?>(
            "SELECT r.id FROM checkup_rounds r WHERE r.team_id = @TeamId AND r.period_start <= @PeriodStart " +
            "AND EXISTS (SELECT 1 FROM round_competencies c WHERE c.round_id = r.id) ORDER BY r.period_start DESC " + connections.Dialect.Page(0, 1),
            new { round.TeamId, round.PeriodStart });
        var mix = (await connection.QueryAsync<CompetencyEntry>(
            "SELECT competency_id AS CompetencyId, desired AS Desired, actual AS Actual FROM round_competencies WHERE round_id = @id", new { id = mixRound ?? 0 }))
            .ToDictionary(c => c.CompetencyId);
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var competencies = (await connection.QueryAsync<Competencies.Competency>(
            $"SELECT {Competencies.CatalogueHandler.Columns} FROM competencies WHERE is_active = 1 OR id IN @ids ORDER BY name_nl", new { ids = mix.Keys.ToArray() }))
            .Select(c => new CompetencyEntry { CompetencyId = c.Id, Name = c.Name(culture), Desired = mix.GetValueOrDefault(c.Id)?.Desired, Actual = mix.GetValueOrDefault(c.Id)?.Actual })
            .ToList();
        var descriptions = await Competencies.CompetencyDescriptions.ForTeamAsync(connection, round.TeamId, culture);
        foreach (var entry in competencies) entry.Descriptions = descriptions.GetValueOrDefault(entry.CompetencyId) ?? [];
        var measures = (await connection.QueryAsync<MeasureFollowUp>(
            "SELECT id AS Id, status AS Status, what AS What, owner AS Owner, due_date AS DueDate FROM competency_measures " +
            "WHERE team_id = @TeamId AND (status IN ('Open', 'InProgress') OR round_id = @roundId) ORDER BY due_date, id", new { round.TeamId, roundId })).ToList();

        var review = new ReviewForm
        {
            Competencies = competencies,
            MeasureFollowUps = measures,
            Headcount = team.Headcount,
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

    /// <summary>Fills the names of posted competency rows and the texts of posted measure follow-ups (display only).</summary>
    public async Task DescribeCompetenciesAsync(ReviewForm form, int teamId)
    {
        await using var connection = await connections.OpenAsync();
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        var names = (await connection.QueryAsync<Competencies.Competency>($"SELECT {Competencies.CatalogueHandler.Columns} FROM competencies"))
            .ToDictionary(c => c.Id, c => c.Name(culture));
        form.Competencies.RemoveAll(c => !names.ContainsKey(c.CompetencyId));
        var descriptions = await Competencies.CompetencyDescriptions.ForTeamAsync(connection, teamId, culture);
        foreach (var entry in form.Competencies)
        {
            entry.Name = names[entry.CompetencyId];
            entry.Descriptions = descriptions.GetValueOrDefault(entry.CompetencyId) ?? [];
        }
        var measures = (await connection.QueryAsync<MeasureFollowUp>(
            "SELECT id AS Id, what AS What, owner AS Owner, due_date AS DueDate FROM competency_measures WHERE id IN @ids",
            new { ids = form.MeasureFollowUps.Select(m => m.Id).ToArray() })).ToDictionary(m => m.Id);
        form.MeasureFollowUps.RemoveAll(m => !measures.ContainsKey(m.Id));
        foreach (var m in form.MeasureFollowUps) (m.What, m.Owner, m.DueDate) = (measures[m.Id].What, measures[m.Id].Owner, measures[m.Id].DueDate);
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
