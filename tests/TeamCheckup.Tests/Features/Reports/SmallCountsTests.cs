using System.Globalization;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Tests.Features.Reports;

/// <summary>Small counts in report tables (SPEC §9 P2, P3): "&lt; k" below k, and the next-smallest sibling hidden
/// wherever a small count could otherwise be worked out from a total.</summary>
public class SmallCountsTests
{
    private static readonly CultureInfo Dutch = new("nl-NL");
    private const string Hidden = "afgeschermd";

    private static IReadOnlyDictionary<string, string> Show(int k, params (string Key, int Count)[] counts) =>
        SmallCounts.Display(counts.ToDictionary(c => c.Key, c => c.Count), k, Hidden, Dutch);

    [Test]
    public void Counts_of_k_and_more_and_zero_are_shown_as_they_are()
    {
        var shown = Show(5, ("a", 5), ("b", 0), ("c", 12), ("d", 1234));
        Assert.That(shown, Is.EqualTo(new Dictionary<string, string> { ["a"] = "5", ["b"] = "0", ["c"] = "12", ["d"] = "1234" }));
    }

    [Test]
    public void A_count_below_k_shows_less_than_k_and_hides_the_next_smallest_sibling()
    {
        var shown = Show(5, ("conflict", 7), ("aggression", 5), ("other", 2), ("checkup", 6), ("integrity", 0));
        Assert.That(shown, Is.EqualTo(new Dictionary<string, string>
        {
            ["conflict"] = "7", ["aggression"] = Hidden, ["other"] = "< 5", ["checkup"] = "6", ["integrity"] = "0",
        }), "with 2 alone hidden, total − shown would give it back; hiding 5 as well leaves only 7 unexplained");
    }

    [Test]
    public void Small_counts_that_together_reach_k_need_no_further_hiding()
    {
        var shown = Show(5, ("a", 2), ("b", 3), ("c", 10), ("d", 8));
        Assert.That(shown, Is.EqualTo(new Dictionary<string, string> { ["a"] = "< 5", ["b"] = "< 5", ["c"] = "10", ["d"] = "8" }));
    }

    [Test]
    public void Two_small_counts_below_k_together_hide_one_more()
    {
        var shown = Show(5, ("a", 1), ("b", 2), ("c", 9), ("d", 6));
        Assert.That(shown, Is.EqualTo(new Dictionary<string, string> { ["a"] = "< 5", ["b"] = "< 5", ["c"] = "9", ["d"] = Hidden }));
    }

    [Test]
    public void When_only_small_counts_exist_they_all_show_less_than_k()
    {
        var shown = Show(5, ("a", 1), ("b", 4), ("c", 0));
        Assert.That(shown, Is.EqualTo(new Dictionary<string, string> { ["a"] = "< 5", ["b"] = "< 5", ["c"] = "0" }));
    }

    [Test]
    public void The_threshold_is_the_one_given()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Show(3, ("a", 2), ("b", 3), ("c", 4)), Is.EqualTo(new Dictionary<string, string> { ["a"] = "< 3", ["b"] = Hidden, ["c"] = "4" }));
            Assert.That(Show(10, ("a", 9), ("b", 10), ("c", 40)), Is.EqualTo(new Dictionary<string, string> { ["a"] = "< 10", ["b"] = Hidden, ["c"] = "40" }));
        });
    }

    [Test]
    public void No_small_count_can_be_recovered_from_the_total_in_any_table()
    {
        // Every table of up to six groups with counts 0–12 drawn from a fixed seed: the hidden cells hold
        // k or more together (so "total − shown" never isolates a small group), unless nothing else is left to hide.
        var random = new Random(7);
        for (var run = 0; run < 500; run++)
        {
            var k = random.Next(3, 7);
            var counts = Enumerable.Range(0, random.Next(2, 7)).ToDictionary(i => $"g{i}", _ => random.Next(0, 13));
            var shown = SmallCounts.Display(counts, k, Hidden, Dutch);
            FromDatabase.AssertSuppressed(counts, shown, k, Hidden, Dutch);
        }
    }
}
