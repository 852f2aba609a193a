using TeamCheckup.Web.Features.Competencies;

namespace TeamCheckup.Tests.Features.Competencies;

/// <summary>The arithmetic of SPEC §8: competency gaps and target figures from a service-area profile.</summary>
public sealed class TargetFiguresTests
{
    [TestCase(6, 2, 4)]
    [TestCase(3, 3, 0)]
    [TestCase(3, 5, -2)]
    public void Gap_is_desired_minus_actual(int desired, int actual, int gap) =>
        Assert.That(CompetencyGap.Of(desired, actual), Is.EqualTo(gap));

    [Test]
    public void Total_shortage_ignores_surpluses_elsewhere() =>
        Assert.That(CompetencyGap.TotalShortage([(6, 2), (3, 5), (4, 3)]), Is.EqualTo(5));

    [Test]
    public void Inflow_targets_follow_the_population_and_add_up_to_the_block()
    {
        var targets = TargetFigures.Derive(new Dictionary<string, double> { ["Netherlands"] = 72.5, ["Europe"] = 9.5, ["OutsideEurope"] = 18 }, null, 48);
        // Quotas per 10: 7.25, 0.95, 1.8 → floors 7, 0, 1 (8) → the two largest remainders (0.95, 0.8) get one each.
        Assert.That(targets.Select(t => t.InflowTarget), Is.EqualTo(new[] { 7, 1, 2 }));
        Assert.That(targets.Sum(t => t.InflowTarget), Is.EqualTo(TargetFigures.InflowBlock));
        // The same shares applied to the headcount: 34.8, 4.56, 8.64 → 34, 4, 8 (+2 by remainder: 0.8 and 0.64).
        Assert.That(targets.Select(t => t.TargetCount), Is.EqualTo(new[] { 35, 4, 9 }));
        Assert.That(targets.Sum(t => t.TargetCount), Is.EqualTo(48));
    }

    [Test]
    public void Current_shares_are_computed_from_the_counts_entered()
    {
        var targets = TargetFigures.Derive(new Dictionary<string, double> { ["Netherlands"] = 80, ["Europe"] = 10, ["OutsideEurope"] = 10 },
            new Dictionary<string, int> { ["Netherlands"] = 30, ["Europe"] = 4, ["OutsideEurope"] = 6 }, 40);
        Assert.That(targets.Select(t => t.CurrentCount), Is.EqualTo(new int?[] { 30, 4, 6 }));
        Assert.That(targets.Select(t => t.CurrentShare), Is.EqualTo(new double?[] { 75, 10, 15 }));
    }

    [Test]
    public void Largest_remainder_never_loses_or_invents_a_person()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var raw = Enumerable.Range(0, 3).Select(_ => random.NextDouble()).ToArray();
            var total = random.Next(1, 60);
            var quotas = raw.Select(r => r / raw.Sum() * total).ToList();
            var result = TargetFigures.LargestRemainder(quotas, total);
            Assert.That(result.Sum(), Is.EqualTo(total));
            for (var j = 0; j < 3; j++) Assert.That(result[j], Is.InRange((int)Math.Floor(quotas[j]), (int)Math.Floor(quotas[j]) + 1));
        }
    }
}
