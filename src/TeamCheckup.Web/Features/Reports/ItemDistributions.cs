using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// Item-level results (issue 14, item 3): stacked distributions of the seven psychological-safety items, satisfaction,
/// workload (with its scale's words), aftercare and the social-safety question of one round, from round_answer_counts;
/// and the social-safety answers by category at the smallest level with k respondents (team, else district, else unit).
/// Nothing is shown for a group below k (a question answered by fewer than k — aftercare is optional — is left out too).
/// </summary>
public static class ItemDistributions
{
    public sealed record Counts(int Respondents, IReadOnlyDictionary<(string Item, string Answer), int> ByAnswer)
    {
        public int Of(string item, string answer) => ByAnswer.GetValueOrDefault((item, answer));
        public int Answered(string item) => ByAnswer.Where(c => c.Key.Item == item).Sum(c => c.Value);
    }

    public static async Task<Counts> ForRoundAsync(DbConnection connection, int roundId)
    {
        var rows = await connection.QueryAsync<(string Item, string Answer, int N)>(
            "SELECT item_key, answer, respondents FROM round_answer_counts WHERE round_id = @roundId", new { roundId });
        return ToCounts(rows);
    }

    /// <summary>The social-safety counts of a district's or unit's teams in a quarter (each team's latest round with results).</summary>
    public static async Task<Counts> SocialSafetyForGroupAsync(DbConnection connection, Quarter quarter, int? districtId, int? unitId)
    {
        var rows = await connection.QueryAsync<(string Item, string Answer, int N)>(
            "SELECT c.item_key, c.answer, SUM(c.respondents) FROM round_answer_counts c JOIN checkup_rounds r ON r.id = c.round_id " +
            "JOIN teams t ON t.id = r.team_id JOIN districts d ON d.id = t.district_id " +
            "WHERE c.item_key IN ('social_safety', 'experienced_category', 'witnessed_category') AND r.period_start >= @from AND r.period_start <= @to " +
            (districtId is null ? "AND d.unit_id = @unitId " : "AND t.district_id = @districtId ") +
            "AND NOT EXISTS (SELECT 1 FROM checkup_rounds r2 JOIN round_results x2 ON x2.round_id = r2.id " +
            "WHERE r2.team_id = r.team_id AND r2.period_start > r.period_start AND r2.period_start <= @to) GROUP BY c.item_key, c.answer",
            new { from = quarter.Start, to = quarter.End, districtId, unitId });
        return ToCounts(rows);
    }

    private static Counts ToCounts(IEnumerable<(string Item, string Answer, int N)> rows)
    {
        var map = rows.ToDictionary(r => (r.Item, r.Answer), r => r.N);
        var respondents = map.Where(c => c.Key.Item == RoundAnswerCounts.SocialSafety).Sum(c => c.Value);
        return new Counts(respondents, map);
    }

    /// <summary>The stacked distributions of one round (the caller has checked the round has k respondents).</summary>
    public static void AddForRound(ReportDocument document, IStringLocalizer t, QuestionnaireDefinition definition, Counts counts, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        string N(int n) => t["Report.Items.N", n.ToString(culture)];
        document.Add(new Heading(t["Report.Items.Heading"]));
        document.Add(new Paragraph(t["Report.Items.Intro", counts.Respondents, k], Muted: true));

        var scale = definition.PsychologicalSafety.Scale;
        var words = scale.For(culture);
        var values = Enumerable.Range(scale.Min, scale.Max - scale.Min + 1).ToList();
        var items = definition.PsychologicalSafety.Items;
        var bars = items.Select((item, i) => new DistributionBar(
            $"{i + 1}. {item.Text(culture)}{(item.Reverse ? " " + t["Report.Items.Reverse"] : "")}",
            values.Select(v => counts.Of(item.Key, V(v))).ToList(), N(counts.Answered(item.Key)))).ToList();
        AddBlock(document, t, t["Report.Items.Ps"], values.Select((v, i) => $"{v} {words.ElementAtOrDefault(i)}".Trim()).ToList(),
            values.Select((_, i) => (int)Math.Round(i * 6.0 / Math.Max(1, values.Count - 1))).ToList(), bars);

        // Satisfaction (1–10) in five groups: 1–5 insufficient, 6, 7, 8, 9–10.
        (string Label, int From, int To, int Tone)[] marks =
            [(t["Report.Items.Mark.Low"], 1, 5, 0), ("6", 6, 6, 2), ("7", 7, 7, 4), ("8", 8, 8, 5), ("9–10", 9, 10, 6)];
        AddBlock(document, t, definition.Satisfaction.Text(culture), marks.Select(m => m.Label).ToList(), marks.Select(m => m.Tone).ToList(),
            [new DistributionBar(t["Dashboard.Satisfaction"], marks.Select(m => Enumerable.Range(m.From, m.To - m.From + 1).Sum(v => counts.Of("satisfaction", V(v)))).ToList(), N(counts.Answered("satisfaction")))]);

        AddRange(document, t, definition.Workload, "workload", t["Dashboard.Workload"], [3, 4, 6, 1, 0], counts, k);
        AddRange(document, t, definition.Aftercare, "aftercare", t["Report.Items.Aftercare"], [0, 1, 3, 5, 6], counts, k);

        var options = definition.SocialSafety.Options;
        string[] answers = [SocialSafetyAnswers.No, SocialSafetyAnswers.Witnessed, SocialSafetyAnswers.Experienced];
        AddBlock(document, t, definition.SocialSafety.Text(culture), answers.Select(a => options.TryGetValue(a, out var text) ? text.For(culture) : a).ToList(), [5, 2, 0],
            [new DistributionBar(t["Report.Items.SocialSafety"], answers.Select(a => counts.Of(RoundAnswerCounts.SocialSafety, a)).ToList(), N(counts.Respondents))]);
    }

    /// <summary>A 1–5 question with its scale's words (workload: 3 = good, 4 = too high), left out below k answers.</summary>
    private static void AddRange(ReportDocument document, IStringLocalizer t, RangeQuestion question, string key, string label, int[] tones, Counts counts, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        var answered = counts.Answered(key);
        if (!Anonymity.MayShow(answered, k))
        {
            document.Add(new Paragraph(t["Report.Items.TooFew", label, k], Muted: true));
            return;
        }
        var values = Enumerable.Range(question.Min, question.Max - question.Min + 1).ToList();
        var words = question.Labels?.For(culture) ?? [];
        AddBlock(document, t, question.Text(culture), values.Select((v, i) => $"{v} {words.ElementAtOrDefault(i)}".Trim()).ToList(),
            values.Select((_, i) => tones.ElementAtOrDefault(i)).ToList(),
            [new DistributionBar(label, values.Select(v => counts.Of(key, V(v))).ToList(), t["Report.Items.N", answered.ToString(culture)])]);
    }

    private static void AddBlock(ReportDocument document, IStringLocalizer t, string title, IReadOnlyList<string> segments, IReadOnlyList<int> tones, IReadOnlyList<DistributionBar> bars)
    {
        var alt = string.Join("; ", bars.Select(b => b.Label + ": " + string.Join(", ",
            b.Counts.Select((n, i) => (n, i)).Where(x => x.n > 0).Select(x => t["Report.Items.AltPart", x.n, segments[x.i]].Value))));
        document.Add(new Distribution(title, segments, tones, bars, t["Report.Items.Alt", title, alt]));
    }

    /// <summary>The social-safety answers by category at the smallest level with k respondents: this team, its district, its unit.</summary>
    public static void AddCategories(ReportDocument document, IStringLocalizer t, QuestionnaireDefinition definition, string levelName, Counts counts, int k)
    {
        var culture = CultureInfo.CurrentCulture;
        document.Add(new Heading(t["Report.Items.Categories"], 2));
        if (!Anonymity.MayShow(counts.Respondents, k))
        {
            document.Add(new Paragraph(t["Report.Items.CategoriesTooFew", k]));
            return;
        }
        var n = counts.Respondents;
        string Of(int count) => t["Report.Items.OfN", count.ToString(culture), n.ToString(culture)];
        var categories = definition.SocialSafety.Categories;
        document.Add(new Paragraph(t["Report.Items.CategoriesIntro", levelName, n,
            Of(counts.Of(RoundAnswerCounts.SocialSafety, SocialSafetyAnswers.Experienced)), Of(counts.Of(RoundAnswerCounts.SocialSafety, SocialSafetyAnswers.Witnessed))]));
        document.Add(new Table(
            [new TableColumn(t["Review.Category"], 2.4f), new TableColumn(t["Report.Items.Experienced"], 1.3f, true), new TableColumn(t["Report.Items.Witnessed"], 1.3f, true)],
            categories.Select(c => (IReadOnlyList<string>)[c.Value.For(culture),
                Of(counts.Of(RoundAnswerCounts.ExperiencedCategory, c.Key)), Of(counts.Of(RoundAnswerCounts.WitnessedCategory, c.Key))]).ToList(),
            t["Report.Items.CategoriesNote"]));
    }

    private static string V(int value) => value.ToString(CultureInfo.InvariantCulture);
}
