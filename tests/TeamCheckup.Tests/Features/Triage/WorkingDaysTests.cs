using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Triage;

/// <summary>
/// Dutch working days (SPEC §6: the triage analysis within 2 working days for high priority, 5
/// otherwise) and the whistleblower deadlines of anonymous reports (SPEC §5: acknowledge within 7
/// days, feedback within 3 months, warnings at 50, 75 and 90 % of the time used).
/// </summary>
[TestFixture]
public sealed class WorkingDaysTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    // ---- Easter (computed, not looked up) ---------------------------------------------------------

    [TestCase(2000, "2000-04-23")]
    [TestCase(2008, "2008-03-23")]
    [TestCase(2011, "2011-04-24")]
    [TestCase(2019, "2019-04-21")]
    [TestCase(2024, "2024-03-31")]
    [TestCase(2025, "2025-04-20")]
    [TestCase(2026, "2026-04-05")]
    [TestCase(2027, "2027-03-28")]
    [TestCase(2030, "2030-04-21")]
    [TestCase(2038, "2038-04-25")]
    [TestCase(2285, "2285-03-22")] // the earliest possible date
    public void Easter_Sunday_of_known_years(int year, string expected)
    {
        Assert.That(WorkingDays.EasterSunday(year), Is.EqualTo(D(expected)));
    }

    [Test]
    public void Easter_is_always_a_Sunday_between_22_March_and_25_April()
    {
        for (var year = 1900; year <= 2199; year++)
        {
            var easter = WorkingDays.EasterSunday(year);
            Assert.That(easter.DayOfWeek, Is.EqualTo(DayOfWeek.Sunday), $"{year}");
            Assert.That(easter, Is.InRange(new DateOnly(year, 3, 22), new DateOnly(year, 4, 25)), $"{year}");
        }
    }

    // ---- King's Day -------------------------------------------------------------------------------

    [TestCase(2024, "2024-04-27")] // Saturday: stays
    [TestCase(2025, "2025-04-26")] // the 27th is a Sunday
    [TestCase(2026, "2026-04-27")]
    [TestCase(2027, "2027-04-27")]
    [TestCase(2031, "2031-04-26")] // the 27th is a Sunday
    [TestCase(2014, "2014-04-26")] // the first King's Day: the 27th was a Sunday
    public void Kings_Day_is_27_April_or_26_April_when_the_27th_is_a_Sunday(int year, string expected)
    {
        Assert.That(WorkingDays.KingsDay(year), Is.EqualTo(D(expected)));
        Assert.That(WorkingDays.Holidays(year), Does.Contain(D(expected)));
    }

    [Test]
    public void Kings_Day_on_a_weekday_is_not_a_working_day_but_the_day_after_is()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WorkingDays.IsWorkingDay(D("2026-04-27")), Is.False);
            Assert.That(WorkingDays.IsWorkingDay(D("2026-04-28")), Is.True);
            Assert.That(WorkingDays.IsWorkingDay(D("2027-04-27")), Is.False);
            Assert.That(WorkingDays.Holidays(2025), Does.Not.Contain(D("2025-04-27")));
        });
    }

    // ---- Liberation Day: a day off in lustrum years -----------------------------------------------

    [TestCase(2025, true)]
    [TestCase(2030, true)]
    [TestCase(2020, true)]
    [TestCase(2026, false)]
    [TestCase(2027, false)]
    [TestCase(2029, false)]
    public void Liberation_Day_is_a_holiday_in_lustrum_years_only(int year, bool holiday)
    {
        Assert.That(WorkingDays.Holidays(year).Contains(new DateOnly(year, 5, 5)), Is.EqualTo(holiday));
    }

    [Test]
    public void Liberation_Day_2025_is_not_a_working_day_and_2026_is()
    {
        Assert.Multiple(() =>
        {
            Assert.That(WorkingDays.IsWorkingDay(D("2025-05-05")), Is.False); // Monday, lustrum
            Assert.That(WorkingDays.IsWorkingDay(D("2026-05-05")), Is.True);  // Tuesday
        });
    }

    // ---- the full holiday list --------------------------------------------------------------------

    [Test]
    public void Holidays_of_2026()
    {
        Assert.That(WorkingDays.Holidays(2026), Is.EquivalentTo(new[]
        {
            D("2026-01-01"),                 // New Year's Day
            D("2026-04-05"), D("2026-04-06"), // Easter Sunday and Monday
            D("2026-04-27"),                 // King's Day
            D("2026-05-14"),                 // Ascension Day
            D("2026-05-24"), D("2026-05-25"), // Whit Sunday and Monday
            D("2026-12-25"), D("2026-12-26"), // Christmas
        }));
    }

    [Test]
    public void Holidays_of_2025_include_Liberation_Day()
    {
        Assert.That(WorkingDays.Holidays(2025), Is.EquivalentTo(new[]
        {
            D("2025-01-01"), D("2025-04-20"), D("2025-04-21"), D("2025-04-26"), D("2025-05-05"),
            D("2025-05-29"), D("2025-06-08"), D("2025-06-09"), D("2025-12-25"), D("2025-12-26"),
        }));
    }

    [Test]
    public void Good_Friday_is_a_working_day()
    {
        Assert.That(WorkingDays.IsWorkingDay(D("2026-04-03")), Is.True);
    }

    [TestCase("2026-01-10", false)] // Saturday
    [TestCase("2026-01-11", false)] // Sunday
    [TestCase("2026-01-12", true)]  // Monday
    [TestCase("2026-01-16", true)]  // Friday
    public void Weekends_are_not_working_days(string date, bool working)
    {
        Assert.That(WorkingDays.IsWorkingDay(D(date)), Is.EqualTo(working));
    }

    [Test]
    public void Adding_zero_working_days_is_the_start_itself()
    {
        Assert.That(WorkingDays.Add(D("2026-01-10"), 0), Is.EqualTo(D("2026-01-10")));
    }

    // ---- the triage deadline: 2 working days for High, 5 otherwise ---------------------------------

    [TestCase("2026-01-12", "High", "2026-01-14", TestName = "Triage_due_Monday_high_is_Wednesday")]
    [TestCase("2026-01-12", "Normal", "2026-01-19", TestName = "Triage_due_Monday_normal_is_next_Monday")]
    [TestCase("2026-01-09", "High", "2026-01-13", TestName = "Triage_due_Friday_high_skips_the_weekend")]
    [TestCase("2026-01-09", "Normal", "2026-01-16", TestName = "Triage_due_Friday_normal_skips_the_weekend")]
    [TestCase("2026-01-10", "High", "2026-01-13", TestName = "Triage_due_opened_on_Saturday_counts_from_Monday")]
    [TestCase("2026-01-11", "Normal", "2026-01-16", TestName = "Triage_due_opened_on_Sunday_counts_from_Monday")]
    [TestCase("2026-04-02", "High", "2026-04-07", TestName = "Triage_due_skips_Easter_Monday_but_not_Good_Friday")]
    [TestCase("2026-04-02", "Normal", "2026-04-10", TestName = "Triage_due_normal_across_Easter")]
    [TestCase("2026-04-24", "High", "2026-04-29", TestName = "Triage_due_skips_Kings_Day_2026")]
    [TestCase("2027-04-26", "High", "2027-04-29", TestName = "Triage_due_skips_Kings_Day_2027_on_a_Tuesday")]
    [TestCase("2025-05-02", "High", "2025-05-07", TestName = "Triage_due_skips_Liberation_Day_in_a_lustrum_year")]
    [TestCase("2026-05-04", "High", "2026-05-06", TestName = "Triage_due_counts_Liberation_Day_outside_a_lustrum_year")]
    [TestCase("2026-05-13", "High", "2026-05-18", TestName = "Triage_due_skips_Ascension_Day")]
    [TestCase("2026-05-13", "Normal", "2026-05-21", TestName = "Triage_due_normal_across_Ascension_Day")]
    [TestCase("2026-05-22", "High", "2026-05-27", TestName = "Triage_due_skips_Whit_Monday")]
    [TestCase("2025-06-06", "Normal", "2025-06-16", TestName = "Triage_due_normal_across_Whit_Monday_2025")]
    [TestCase("2026-12-24", "High", "2026-12-29", TestName = "Triage_due_skips_Christmas_on_a_Friday")]
    [TestCase("2026-12-24", "Normal", "2027-01-04", TestName = "Triage_due_skips_Christmas_and_New_Year")]
    [TestCase("2025-12-24", "High", "2025-12-30", TestName = "Triage_due_skips_both_Christmas_days")]
    public void Triage_due_date(string opened, string priority, string expected)
    {
        Assert.That(TriageDeadlines.TriageDueOn(D(opened), priority), Is.EqualTo(D(expected)));
    }

    [Test]
    public void Triage_due_date_is_always_a_working_day_and_the_right_count_away()
    {
        for (var day = D("2025-01-01"); day < D("2028-01-01"); day = day.AddDays(1))
        {
            foreach (var (priority, count) in new[] { (Priorities.High, 2), (Priorities.Normal, 5) })
            {
                var due = TriageDeadlines.TriageDueOn(day, priority);
                var between = 0;
                for (var d = day.AddDays(1); d <= due; d = d.AddDays(1)) if (WorkingDays.IsWorkingDay(d)) between++;
                Assert.That(WorkingDays.IsWorkingDay(due), Is.True, $"{day} {priority}");
                Assert.That(between, Is.EqualTo(count), $"{day} {priority}");
            }
        }
    }

    // ---- anonymous-report deadlines (whistleblower directive, art. 9) -----------------------------

    [TestCase("2026-03-10", "2026-03-17")]
    [TestCase("2026-12-28", "2027-01-04")]
    public void Acknowledgement_is_due_within_seven_days(string received, string expected)
    {
        Assert.That(TriageDeadlines.AcknowledgeBy(D(received)), Is.EqualTo(D(expected)));
    }

    [TestCase("2026-03-10", "2026-06-10")]
    [TestCase("2025-11-30", "2026-02-28")] // no 30 February: the last day of the month
    [TestCase("2026-10-15", "2027-01-15")]
    public void Feedback_is_due_within_three_months(string received, string expected)
    {
        Assert.That(TriageDeadlines.FeedbackBy(D(received)), Is.EqualTo(D(expected)));
    }

    // ---- deadline states: 50 / 75 / 90 % warnings, Breached, Met ----------------------------------

    [TestCase(0, DeadlineState.OnTrack)]
    [TestCase(49, DeadlineState.OnTrack)]
    [TestCase(50, DeadlineState.Warning50)]
    [TestCase(74, DeadlineState.Warning50)]
    [TestCase(75, DeadlineState.Warning75)]
    [TestCase(89, DeadlineState.Warning75)]
    [TestCase(90, DeadlineState.Warning90)]
    [TestCase(100, DeadlineState.Warning90)] // the due day itself is not yet breached
    [TestCase(101, DeadlineState.Breached)]
    [TestCase(200, DeadlineState.Breached)]
    public void Deadline_state_by_share_of_time_used(int daysUsed, DeadlineState expected)
    {
        var start = D("2026-01-01");
        var due = start.AddDays(100);
        Assert.That(TriageDeadlines.State(start, due, start.AddDays(daysUsed), met: false), Is.EqualTo(expected));
    }

    [TestCase(50)]
    [TestCase(101)]
    [TestCase(365)]
    public void A_met_deadline_is_Met_even_when_it_is_past(int daysUsed)
    {
        var start = D("2026-01-01");
        Assert.That(TriageDeadlines.State(start, start.AddDays(100), start.AddDays(daysUsed), met: true), Is.EqualTo(DeadlineState.Met));
    }

    [TestCase("2026-03-10", DeadlineState.OnTrack)]
    [TestCase("2026-03-13", DeadlineState.OnTrack)]   // 3/7 = 43 %
    [TestCase("2026-03-14", DeadlineState.Warning50)] // 4/7 = 57 %
    [TestCase("2026-03-15", DeadlineState.Warning50)] // 5/7 = 71 %
    [TestCase("2026-03-16", DeadlineState.Warning75)] // 6/7 = 86 %
    [TestCase("2026-03-17", DeadlineState.Warning90)] // the seventh day
    [TestCase("2026-03-18", DeadlineState.Breached)]
    public void Acknowledgement_deadline_states(string today, DeadlineState expected)
    {
        var received = D("2026-03-10");
        Assert.That(TriageDeadlines.State(received, TriageDeadlines.AcknowledgeBy(received), D(today), met: false), Is.EqualTo(expected));
    }

    [TestCase("2026-04-24", DeadlineState.OnTrack)]   // 45 of 92 days
    [TestCase("2026-04-25", DeadlineState.Warning50)] // 46 of 92 days = 50 %
    [TestCase("2026-05-17", DeadlineState.Warning50)] // 68 of 92 days = 74 %
    [TestCase("2026-05-18", DeadlineState.Warning75)] // 69 of 92 days = 75 %
    [TestCase("2026-05-31", DeadlineState.Warning75)] // 82 of 92 days = 89 %
    [TestCase("2026-06-01", DeadlineState.Warning90)] // 83 of 92 days = 90 %
    [TestCase("2026-06-10", DeadlineState.Warning90)]
    [TestCase("2026-06-11", DeadlineState.Breached)]
    public void Feedback_deadline_states(string today, DeadlineState expected)
    {
        var received = D("2026-03-10");
        Assert.That(TriageDeadlines.State(received, TriageDeadlines.FeedbackBy(received), D(today), met: false), Is.EqualTo(expected));
    }

    [Test]
    public void Triage_deadline_states_for_a_high_priority_case()
    {
        var opened = D("2026-01-09"); // Friday; due Tuesday 13th: 4 calendar days
        var due = TriageDeadlines.TriageDueOn(opened, Priorities.High);
        Assert.Multiple(() =>
        {
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-10"), false), Is.EqualTo(DeadlineState.OnTrack));
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-11"), false), Is.EqualTo(DeadlineState.Warning50));
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-12"), false), Is.EqualTo(DeadlineState.Warning75));
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-13"), false), Is.EqualTo(DeadlineState.Warning90));
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-14"), false), Is.EqualTo(DeadlineState.Breached));
            Assert.That(TriageDeadlines.State(opened, due, D("2026-01-14"), true), Is.EqualTo(DeadlineState.Met));
        });
    }

    [Test]
    public void A_deadline_due_on_its_start_day_is_at_90_percent_that_day()
    {
        var day = D("2026-01-12");
        Assert.Multiple(() =>
        {
            Assert.That(TriageDeadlines.State(day, day, day, false), Is.EqualTo(DeadlineState.Warning90));
            Assert.That(TriageDeadlines.State(day, day, day.AddDays(1), false), Is.EqualTo(DeadlineState.Breached));
        });
    }
}
