using System.Data.Common;
using System.Globalization;
using Dapper;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// How many respondents gave each answer to each question of a round (table round_answer_counts), written with the
/// round's results when its pulse closes: the reports' stacked distributions and the social-safety answers by category.
/// Raw counts; every display passes the anonymity rules (Features/Privacy) first.
/// </summary>
public static class RoundAnswerCounts
{
    public const string SocialSafety = "social_safety", ExperiencedCategory = "experienced_category", WitnessedCategory = "witnessed_category";
    public static readonly IReadOnlyList<string> PsItems = ["ps1", "ps2", "ps3", "ps4", "ps5", "ps6", "ps7"];

    public static async Task SaveAsync(DbConnection connection, DbTransaction transaction, int roundId, IReadOnlyList<PulseAnswers> answers)
    {
        await connection.ExecuteAsync("DELETE FROM round_answer_counts WHERE round_id = @roundId", new { roundId }, transaction);
        var counts = Count(answers);
        if (counts.Count == 0) return;
        // One statement for the round (at most 3 parameters per answer, far below SQL Server's 2,100).
        var parameters = new DynamicParameters(new { roundId });
        var values = counts.Select((c, i) =>
        {
            parameters.Add($"i{i}", c.Key.Item);
            parameters.Add($"a{i}", c.Key.Answer);
            parameters.Add($"n{i}", c.Value);
            return $"(@roundId, @i{i}, @a{i}, @n{i})";
        }).ToList();
        await connection.ExecuteAsync($"INSERT INTO round_answer_counts (round_id, item_key, answer, respondents) VALUES {string.Join(", ", values)}",
            parameters, transaction);
    }

    /// <summary>The counts per (question, answer) of a set of answers.</summary>
    public static IReadOnlyDictionary<(string Item, string Answer), int> Count(IEnumerable<PulseAnswers> answers)
    {
        var counts = new Dictionary<(string, string), int>();
        void Add(string item, string? answer) { if (answer is not null) counts[(item, answer)] = counts.GetValueOrDefault((item, answer)) + 1; }
        string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        foreach (var a in answers)
        {
            var items = a.PsychologicalSafetyItems;
            for (var i = 0; i < items.Length; i++) Add(PsItems[i], N(items[i]));
            Add("satisfaction", N(a.Satisfaction));
            Add("workload", N(a.Workload));
            if (a.Aftercare is { } aftercare) Add("aftercare", N(aftercare));
            Add(SocialSafety, a.SocialSafety);
            if (a.SocialSafetyCategory is { Length: > 0 } category)
            {
                if (a.SocialSafety == SocialSafetyAnswers.Experienced) Add(ExperiencedCategory, category);
                else if (a.SocialSafety == SocialSafetyAnswers.Witnessed) Add(WitnessedCategory, category);
            }
        }
        return counts;
    }
}

/// <summary>
/// The latest round with results of each team and the one before it (table team_latest_results), refreshed in the same
/// transaction as a round's results: the chief's unit overview and its attention list read it instead of grouping every
/// round of the unit per request (docs/PERFORMANCE.md).
/// </summary>
public static class TeamLatestResults
{
    public static async Task RefreshAsync(DbConnection connection, DbTransaction transaction, int roundId)
    {
        var teamId = await connection.ExecuteScalarAsync<int>("SELECT team_id FROM checkup_rounds WHERE id = @roundId", new { roundId }, transaction);
        var latest = (await connection.QueryAsync<int>(
            "SELECT r.id FROM checkup_rounds r JOIN round_results x ON x.round_id = r.id WHERE r.team_id = @teamId ORDER BY r.period_start DESC, r.id DESC",
            new { teamId }, transaction)).Take(2).ToList();
        await connection.ExecuteAsync("DELETE FROM team_latest_results WHERE team_id = @teamId", new { teamId }, transaction);
        if (latest.Count == 0) return;
        await connection.ExecuteAsync("INSERT INTO team_latest_results (team_id, round_id, previous_round_id) VALUES (@teamId, @round, @previous)",
            new { teamId, round = latest[0], previous = latest.Count > 1 ? latest[1] : (int?)null }, transaction);
    }
}
