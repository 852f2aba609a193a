using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Web.Features.Checkups;

namespace TeamCheckup.Tests.Support;

/// <summary>Check-up rounds for tests. The Hangfire server does not run in tests, so the scheduling job is
/// called directly; codes are read from the page that shows them once, as a team lead would.</summary>
public static partial class Checkups
{
    /// <summary>Runs the round-scheduling job for today; returns team id → id of its current round.</summary>
    public static async Task<IReadOnlyDictionary<int, int>> EnsureRoundsAsync(TestApp app)
    {
        var today = app.Today;
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RoundSchedulingJob>().CreateDueRoundsAsync(today);
        var rows = await app.QueryAsync<(long TeamId, long RoundId)>(
            "SELECT team_id, id FROM checkup_rounds WHERE period_start <= @today AND period_end >= @today", new { today });
        return rows.ToDictionary(r => (int)r.TeamId, r => (int)r.RoundId);
    }

    /// <summary>Opens the round's pulse through its page and returns the codes the page shows.</summary>
    public static async Task<IReadOnlyList<string>> OpenPulseAsync(HttpClient teamLead, int roundId, int codes, int windowDays = 14)
    {
        using var response = await teamLead.SubmitFormAsync($"/rounds/{roundId}", new Dictionary<string, string?>
        {
            ["WindowDays"] = windowDays.ToString(), ["CodeCount"] = codes.ToString(),
        }, $"/rounds/{roundId}/pulse/open");
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) Assert.Fail($"opening the pulse of round {roundId}: {(int)response.StatusCode} {Html.Text(html)}");
        return CodesOnPage(html);
    }

    public static IReadOnlyList<string> CodesOnPage(string html) =>
        CodePattern().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();

    /// <summary>A complete, valid set of pulse answers for <paramref name="code"/>.</summary>
    public static Dictionary<string, string?> Answers(string code, int score = 5, string socialSafety = "No", string? comment = null) => new()
    {
        ["Code"] = code, ["Ps1"] = "3", ["Ps2"] = score.ToString(), ["Ps3"] = "2", ["Ps4"] = score.ToString(), ["Ps5"] = "2",
        ["Ps6"] = score.ToString(), ["Ps7"] = score.ToString(), ["Satisfaction"] = "7", ["Workload"] = "3", ["SocialSafety"] = socialSafety,
        ["SocialSafetyCategory"] = socialSafety == "No" ? null : "Bullying", ["Aftercare"] = "4", ["Comment"] = comment,
    };

    /// <summary>Answers the pulse with a code the way a team member does: open /p/{code}, fill in, send.</summary>
    public static async Task<HttpResponseMessage> AnswerPulseAsync(HttpClient anonymous, string code, Dictionary<string, string?>? answers = null) =>
        await anonymous.SubmitFormAsync($"/p/{code}", answers ?? Answers(code), "/p");

    [GeneratedRegex(@"data-code=""([0-9A-Z]{5}-[0-9A-Z]{5})""")]
    private static partial Regex CodePattern();
}
