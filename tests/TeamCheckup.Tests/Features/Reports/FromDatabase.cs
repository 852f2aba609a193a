using System.Globalization;
using System.Text.Json;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>
/// The figures a report should show, worked out by the tests straight from the raw tables (pulse answers,
/// cases, signals), with the scale definitions of SPEC §4 — never through the report builders or the stored
/// round results.
/// </summary>
public static class FromDatabase
{
    public static readonly CultureInfo Dutch = new("nl-NL");
    public static readonly CultureInfo English = new("en-GB");

    public sealed record Pulse(int Respondents, double PsIndex, double Satisfaction, double Workload, double ExperiencedShare, double WitnessedShare, int Headcount);

    /// <summary>Pulse figures of a team's round starting in the quarter, from its raw answers; null when there is no round.</summary>
    public static async Task<Pulse?> PulseAsync(TestApp app, int teamId, Quarter quarter)
    {
        var rows = await app.QueryAsync<(long Respondents, double? Ps, double? Satisfaction, double? Workload, double? Experienced, double? Witnessed, long Headcount)>(
            // Edmondson: items 1, 3 and 5 reverse-coded (8 − answer), mean of seven items on 1–7 rescaled to 0–100.
            "SELECT COUNT(p.id), AVG(((8 - p.ps1) + p.ps2 + (8 - p.ps3) + p.ps4 + (8 - p.ps5) + p.ps6 + p.ps7) / 7.0 - 1) / 6.0 * 100, " +
            "AVG(p.satisfaction * 1.0), AVG(p.workload * 1.0), AVG(CASE WHEN p.social_safety = 'Experienced' THEN 1.0 ELSE 0.0 END), " +
            "AVG(CASE WHEN p.social_safety = 'Witnessed' THEN 1.0 ELSE 0.0 END), r.headcount_at_open " +
            "FROM checkup_rounds r LEFT JOIN pulse_responses p ON p.round_id = r.id WHERE r.team_id = @teamId AND r.period_start = @start GROUP BY r.id, r.headcount_at_open",
            new { teamId, start = quarter.Start });
        if (rows.Count == 0) return null;
        var r = rows[0];
        return new Pulse((int)r.Respondents, r.Ps ?? 0, r.Satisfaction ?? 0, r.Workload ?? 0, r.Experienced ?? 0, r.Witnessed ?? 0, (int)r.Headcount);
    }

    public sealed class CaseRow
    {
        public long Id { get; set; }
        public long UnitId { get; set; }
        public long? TeamId { get; set; }
        public string? TeamName { get; set; }
        public string Discipline { get; set; } = "";
        public DateTime OpenedAt { get; set; }
        public DateTime? AnalysisAt { get; set; }
        public DateOnly TriageDueOn { get; set; }
        public DateTime? ClosedAt { get; set; }
        public string? Category { get; set; }
        public string? Outcome { get; set; }

        public IReadOnlyList<string> Rules => Outcome is null ? []
            : JsonDocument.Parse(Outcome).RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()!).ToList();
    }

    /// <summary>Every case with its (one) signal's category — "CheckUp" for a case from a completed round.</summary>
    public static Task<List<CaseRow>> CasesAsync(TestApp app) => app.QueryAsync<CaseRow>(
        "SELECT c.id AS Id, c.unit_id AS UnitId, c.team_id AS TeamId, t.name AS TeamName, c.lead_discipline AS Discipline, c.opened_at AS OpenedAt, " +
        "c.analysis_at AS AnalysisAt, c.triage_due_on AS TriageDueOn, c.closed_at AS ClosedAt, COALESCE(i.category, a.category, 'CheckUp') AS Category, s.outcome AS Outcome " +
        "FROM cases c LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN signals s ON s.case_id = c.id " +
        "LEFT JOIN incidents i ON i.id = s.incident_id LEFT JOIN anonymous_reports a ON a.id = s.report_id ORDER BY c.id");

    public static DateTime StartOf(Quarter quarter) => quarter.Start.ToDateTime(TimeOnly.MinValue);
    public static DateTime EndOf(Quarter quarter) => quarter.Next.Start.ToDateTime(TimeOnly.MinValue);

    public static bool OpenedIn(this CaseRow c, Quarter q) => c.OpenedAt >= StartOf(q) && c.OpenedAt < EndOf(q);
    public static bool ClosedIn(this CaseRow c, Quarter q) => c.ClosedAt >= StartOf(q) && c.ClosedAt < EndOf(q);
    public static bool OpenAtEndOf(this CaseRow c, Quarter q) => c.OpenedAt < EndOf(q) && (c.ClosedAt is null || c.ClosedAt >= EndOf(q));

    /// <summary>Percentile with linear interpolation between closest ranks (as a spreadsheet's PERCENTILE.INC).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /// <summary>
    /// Checks a column of counts as a report shows them against the true counts (SPEC §9 P3): zero and counts that
    /// may be shown are exact; 1 … k − 1 shows "&lt; k"; a count of k or more is only hidden (as
    /// <paramref name="hiddenLabel"/>) when needed to protect a small one, and then it is the smallest such count;
    /// the hidden cells together never hold fewer than k unless nothing is left to hide.
    /// </summary>
    public static void AssertSuppressed(IReadOnlyDictionary<string, int> counts, IReadOnlyDictionary<string, string> shown, int k, string hiddenLabel, CultureInfo culture)
    {
        Assert.That(shown.Keys, Is.EquivalentTo(counts.Keys), "one cell per group");
        var small = counts.Where(c => c.Value is > 0 && c.Value < k).Select(c => c.Key).ToList();
        var hidden = shown.Where(s => s.Value == hiddenLabel).Select(s => s.Key).ToList();
        Assert.Multiple(() =>
        {
            foreach (var key in small) Assert.That(shown[key], Is.EqualTo($"< {k}"), $"{key} ({counts[key]}) is below k");
            foreach (var key in hidden) Assert.That(counts[key], Is.GreaterThanOrEqualTo(k), $"{key} is hidden only to protect another");
            foreach (var (key, count) in counts.Where(c => !small.Contains(c.Key) && !hidden.Contains(c.Key)))
                Assert.That(shown[key], Is.EqualTo(count.ToString(culture)), $"{key} is shown exactly");
            var suppressedTotal = counts.Where(c => small.Contains(c.Key) || hidden.Contains(c.Key)).Sum(c => c.Value);
            var bigEnough = counts.Where(c => c.Value >= k).Select(c => c.Key).ToList();
            if (suppressedTotal is > 0 && suppressedTotal < k)
                Assert.That(bigEnough.Except(hidden), Is.Empty, "while the hidden cells hold fewer than k, the rest must be hidden too");
            if (hidden.Count > 0)
            {
                var shownBig = bigEnough.Except(hidden).ToList();
                Assert.That(shownBig.All(s => counts[s] >= hidden.Max(h => counts[h])), Is.True, "the next-smallest count is the one hidden");
                Assert.That(hidden.Sum(h => counts[h]) - counts[hidden.OrderBy(h => counts[h]).Last()] + small.Sum(s => counts[s]), Is.LessThan(k),
                    "no more is hidden than needed");
            }
        });
    }

    /// <summary>Rows of the table that follows the line <paramref name="header"/>: label → rest of the line, for the given labels.</summary>
    public static Dictionary<string, string> Cells(PdfText pdf, string header, IEnumerable<string> labels)
    {
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        var start = lines.IndexOf(header);
        if (start < 0) Assert.Fail($"no line \"{header}\" in:\n{pdf.Text}");
        var result = new Dictionary<string, string>();
        foreach (var label in labels)
        {
            var line = lines.Skip(start + 1).FirstOrDefault(l => l.StartsWith(label + " ", StringComparison.Ordinal));
            if (line is null) Assert.Fail($"no row \"{label}\" after \"{header}\" in:\n{pdf.Text}");
            result[label] = line![(label.Length + 1)..];
        }
        return result;
    }
}
