using TeamCheckup.Web.Features.Competencies;
using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>
/// The rules of issue 17, item 4 at their edges: the shortfall in person-equivalents, the fall-back warning (shortfall grew by
/// at least one person over two quarters), the inflow read from successive compositions and its target, and the target
/// figures for gender through the same largest-remainder rule as origin (the old API unchanged).
/// </summary>
public sealed class TargetTrendsTests
{
    private static readonly Quarter Q = new(2026, 2);
    private static readonly Dictionary<string, double> Half = new() { ["Woman"] = 50, ["Man"] = 50, ["OtherOrUnknown"] = 0 };

    private static TrendPoint Point(Quarter q, int women, int men, IReadOnlyDictionary<string, double>? target = null) =>
        new(q, target ?? Half, new Dictionary<string, int> { ["Woman"] = women, ["Man"] = men, ["OtherOrUnknown"] = 0 });

    [Test]
    public void The_shortfall_is_target_share_times_people_counted_minus_the_count_and_never_below_zero()
    {
        var point = Point(Q, 3, 7);
        Assert.Multiple(() =>
        {
            Assert.That(point.Shortfall("Woman"), Is.EqualTo(2.0).Within(1e-9));
            Assert.That(point.Shortfall("Man"), Is.EqualTo(0.0), "a surplus is no shortfall");
            Assert.That(point.Share("Woman"), Is.EqualTo(30.0).Within(1e-9));
            Assert.That(new TrendPoint(Q, null, point.Counts).Shortfall("Woman"), Is.Null, "no target, no shortfall");
            Assert.That(new TrendPoint(Q, Half, null).Shortfall("Woman"), Is.Null, "no composition, no shortfall");
        });
    }

    [Test]
    public void A_shortfall_grown_by_exactly_one_person_over_two_quarters_is_a_fall_back()
    {
        // 5 of 10 women (no shortfall); Q: 4 of 10 (shortfall 1) → grew by exactly 1.
        var points = new[] { Point(Q.Previous.Previous, 5, 5), Point(Q.Previous, 5, 5), Point(Q, 4, 6) };
        Assert.That(FallBack.Categories(points, GenderCategories.All), Is.EqualTo(new[] { "Woman" }));
    }

    [Test]
    public void A_shortfall_grown_by_less_than_one_person_is_not()
    {
        // 20 people, 45 % target: Q-2 9 women (shortfall 0), Q 9 of 20 with the target at 49.5 % → shortfall 0.9.
        var target = new Dictionary<string, double> { ["Woman"] = 49.5, ["Man"] = 50.5, ["OtherOrUnknown"] = 0 };
        var before = new TrendPoint(Q.Previous.Previous, new Dictionary<string, double> { ["Woman"] = 45, ["Man"] = 55, ["OtherOrUnknown"] = 0 },
            new Dictionary<string, int> { ["Woman"] = 9, ["Man"] = 11, ["OtherOrUnknown"] = 0 });
        var now = new TrendPoint(Q, target, new Dictionary<string, int> { ["Woman"] = 9, ["Man"] = 11, ["OtherOrUnknown"] = 0 });
        Assert.That(now.Shortfall("Woman")!.Value - before.Shortfall("Woman")!.Value, Is.EqualTo(0.9).Within(1e-9));
        Assert.That(FallBack.Categories([before, now], GenderCategories.All), Is.Empty);
    }

    [Test]
    public void Only_the_quarter_two_back_counts_not_the_one_in_between()
    {
        // Shortfall 0 → 3 → 1: against Q-2 it grew by 1 (warning), although it improved since Q-1.
        var points = new[] { Point(Q.Previous.Previous, 5, 5), Point(Q.Previous, 2, 8), Point(Q, 4, 6) };
        Assert.That(FallBack.Categories(points, GenderCategories.All), Is.EqualTo(new[] { "Woman" }));
        // 3 → 3: no growth, no warning, even with a large shortfall.
        Assert.That(FallBack.Categories([Point(Q.Previous.Previous, 2, 8), Point(Q, 2, 8)], GenderCategories.All), Is.Empty);
    }

    [Test]
    public void A_growing_surplus_is_no_fall_back_and_without_the_quarter_two_back_there_is_no_warning()
    {
        Assert.That(FallBack.Categories([Point(Q.Previous.Previous, 5, 5), Point(Q, 8, 2)], GenderCategories.All), Is.EqualTo(new[] { "Man" }), "men fell to 2 of 10; women's growing surplus is no warning");
        Assert.That(FallBack.Categories([Point(Q.Previous.Previous, 5, 5), Point(Q, 8, 2)], ["Woman"]), Is.Empty, "women's surplus grew");
        Assert.That(FallBack.Categories([Point(Q.Previous, 5, 5), Point(Q, 2, 8)], GenderCategories.All), Is.Empty, "no figures two quarters back");
        Assert.That(FallBack.Categories([new TrendPoint(Q.Previous.Previous, Half, null), Point(Q, 2, 8)], GenderCategories.All), Is.Empty, "no composition two quarters back");
        Assert.That(FallBack.Categories([], GenderCategories.All), Is.Empty);
    }

    [Test]
    public void The_men_fall_back_when_their_shortfall_grows()
    {
        Assert.That(FallBack.Categories([Point(Q.Previous.Previous, 5, 5), Point(Q, 7, 3)], GenderCategories.All), Is.EqualTo(new[] { "Man" }));
    }

    [Test]
    public void Inflow_is_the_sum_of_the_increases_between_successive_compositions()
    {
        IReadOnlyDictionary<string, int> V(int nl, int eu, int oe) => new Dictionary<string, int> { ["Netherlands"] = nl, ["Europe"] = eu, ["OutsideEurope"] = oe };
        var inflow = Inflow.Of([V(30, 2, 4), V(31, 2, 6), V(29, 3, 6), V(30, 3, 5)], PopulationCategories.All);
        Assert.That(inflow, Is.EqualTo(new Dictionary<string, int> { ["Netherlands"] = 2, ["Europe"] = 1, ["OutsideEurope"] = 2 }));
        Assert.That(Inflow.Of([V(30, 2, 4)], PopulationCategories.All).Values.Sum(), Is.Zero, "one record shows no inflow");
        var target = Inflow.Target(new Dictionary<string, double> { ["Netherlands"] = 72.5, ["Europe"] = 7.5, ["OutsideEurope"] = 20 }, 5, PopulationCategories.All);
        Assert.That(target, Is.EqualTo(new Dictionary<string, int> { ["Netherlands"] = 4, ["Europe"] = 0, ["OutsideEurope"] = 1 }), "3.625 → 3 + 1, 0.375, 1.0");
    }

    [Test]
    public void Gender_targets_use_the_same_rule_and_the_origin_api_is_unchanged()
    {
        var gender = TargetFigures.Derive(new Dictionary<string, double> { ["Woman"] = 50.4, ["Man"] = 49.1, ["OtherOrUnknown"] = 0.5 },
            new Dictionary<string, int> { ["Woman"] = 12, ["Man"] = 30, ["OtherOrUnknown"] = 0 }, 42, GenderCategories.All);
        Assert.That(gender.Select(g => (g.Category, g.InflowTarget, g.TargetCount)), Is.EqualTo(new[] { ("Woman", 5, 21), ("Man", 5, 21), ("OtherOrUnknown", 0, 0) }));
        Assert.That(gender.Sum(g => g.InflowTarget), Is.EqualTo(TargetFigures.InflowBlock));
        var origin = TargetFigures.Derive(new Dictionary<string, double> { ["Netherlands"] = 72.5, ["Europe"] = 9.5, ["OutsideEurope"] = 18 }, null, 48);
        Assert.That(origin.Select(o => o.Category), Is.EqualTo(PopulationCategories.All));
    }
}
