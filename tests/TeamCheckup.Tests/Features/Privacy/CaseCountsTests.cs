using System.Globalization;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Privacy;

/// <summary>The rules for case counts in reports (docs/reports.md): exact for the handling discipline, protected elsewhere.</summary>
public class CaseCountsTests
{
    private static readonly CultureInfo Dutch = new("nl-NL");
    private static readonly Dictionary<string, int> Counts = new() { ["a"] = 2, ["b"] = 5, ["c"] = 9, ["d"] = 0 };

    [Test]
    public void The_handling_discipline_sees_every_count_exactly()
    {
        var cells = CaseCounts.Display(Counts, CaseCountReader.HandlingDiscipline, 5, "afgeschermd", Dutch);
        Assert.That(cells, Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "2", ["b"] = "5", ["c"] = "9", ["d"] = "0" }));
        Assert.That(CaseCounts.Display(1, CaseCountReader.HandlingDiscipline, 5, Dutch), Is.EqualTo("1"));
    }

    [TestCase(CaseCountReader.OtherUnitsAnonymousReports)]
    [TestCase(CaseCountReader.NotHandling)]
    public void Other_readers_get_small_counts_suppressed_with_their_next_smallest_sibling(CaseCountReader reader)
    {
        var cells = CaseCounts.Display(Counts, reader, 5, "afgeschermd", Dutch);
        Assert.That(cells, Is.EquivalentTo(new Dictionary<string, string> { ["a"] = "< 5", ["b"] = "afgeschermd", ["c"] = "9", ["d"] = "0" }));
        Assert.That(CaseCounts.Display(1, reader, 5, Dutch), Is.EqualTo("< 5"));
    }

    [Test]
    public void Only_a_report_about_one_unit_names_teams()
    {
        Assert.That(CaseCounts.MayNameTeams(reportIsForOneUnit: true), Is.True);
        Assert.That(CaseCounts.MayNameTeams(reportIsForOneUnit: false), Is.False);
    }

    [Test]
    public void Working_days_between_skip_weekends_and_holidays()
    {
        // Friday 24 April 2026 → Tuesday 28 April: Monday 27 April is King's Day.
        Assert.That(WorkingDays.Between(new DateOnly(2026, 4, 24), new DateOnly(2026, 4, 28)), Is.EqualTo(1));
        Assert.That(WorkingDays.Between(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1)), Is.EqualTo(0));
        Assert.That(WorkingDays.Between(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 8)), Is.EqualTo(5));
        Assert.That(WorkingDays.Add(new DateOnly(2026, 6, 1), 5), Is.EqualTo(new DateOnly(2026, 6, 8)), "Between is the inverse of Add");
    }
}
