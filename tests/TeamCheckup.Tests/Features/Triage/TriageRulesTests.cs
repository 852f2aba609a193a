using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Tests.Features.Triage;

/// <summary>
/// The rules of SPEC §6 as pure functions: every threshold just under, at and over, with the default
/// thresholds and with thresholds an Administrator changed; n &lt; k suppresses the pulse rules.
/// </summary>
[TestFixture]
public sealed class TriageRulesTests
{
    private static readonly RuleSettings Defaults = RuleSettings.Default;

    /// <summary>Thresholds an Administrator moved: every value differs from the default.</summary>
    private static readonly RuleSettings Changed = new(LowSatisfactionMean: 7.0, LowPsIndex: 70, DropSatisfaction: 0.5, DropPsIndex: 5, UnacceptableShare: 0.30);

    /// <summary>A round whose figures trip no rule at the default thresholds.</summary>
    private static RoundSignal Good(int respondents = 10, int k = 5) => new()
    {
        RoundId = 2, PeriodStart = new DateOnly(2026, 4, 1), Respondents = respondents, K = k,
        PsIndex = 80, SatisfactionMean = 8.0, ExperiencedShare = 0.0, TensionFlag = false,
    };

    private static Evaluation Evaluate(RoundSignal current, RoundSignal? previous = null, RuleSettings? rules = null) =>
        TriageRules.Round(new TriageRules.RoundPayload(current, previous), rules ?? Defaults);

    private static string[] Rules(Evaluation evaluation) => evaluation.Fired.Select(f => f.Rule).ToArray();

    private static RoundSignal With(Action<RoundSignal> change, int respondents = 10, int k = 5)
    {
        var round = Good(respondents, k);
        change(round);
        return round;
    }

    [Test]
    public void Defaults_are_the_values_of_the_spec()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Defaults.LowSatisfactionMean, Is.EqualTo(6.0));
            Assert.That(Defaults.LowPsIndex, Is.EqualTo(60));
            Assert.That(Defaults.DropSatisfaction, Is.EqualTo(1.0));
            Assert.That(Defaults.DropPsIndex, Is.EqualTo(10));
            Assert.That(Defaults.UnacceptableShare, Is.EqualTo(0.20));
        });
    }

    [Test]
    public void A_good_round_fires_nothing_and_opens_no_case()
    {
        var evaluation = Evaluate(Good(), Good());
        Assert.Multiple(() =>
        {
            Assert.That(evaluation.Fired, Is.Empty);
            Assert.That(evaluation.OpensOrJoinsCase, Is.False);
            Assert.That(evaluation.RulesUsed, Is.EqualTo(Defaults));
        });
    }

    [Test]
    public void A_round_payload_without_a_round_fires_nothing()
    {
        var evaluation = TriageRules.Round(new TriageRules.RoundPayload(null, Good()), Defaults);
        Assert.That(evaluation.Fired, Is.Empty);
    }

    // ---- low satisfaction: mean < 6.0 (default) --------------------------------------------------

    [TestCase(5.99, true)]
    [TestCase(5.0, true)]
    [TestCase(6.0, false)]
    [TestCase(6.01, false)]
    public void Low_satisfaction_fires_below_the_default_mean_of_6(double mean, bool fires)
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = mean));
        Assert.That(Rules(evaluation).Contains("low-satisfaction"), Is.EqualTo(fires));
    }

    [TestCase(6.99, true)]
    [TestCase(7.0, false)]
    [TestCase(7.01, false)]
    [TestCase(6.5, true)]
    public void Low_satisfaction_follows_a_changed_mean_threshold(double mean, bool fires)
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = mean), rules: Changed with { LowPsIndex = 0 });
        Assert.That(Rules(evaluation).Contains("low-satisfaction"), Is.EqualTo(fires));
    }

    [Test]
    public void Low_satisfaction_is_led_by_HRM_with_normal_priority()
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = 5.0));
        var fired = evaluation.Fired.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fired.Rule, Is.EqualTo("low-satisfaction"));
            Assert.That(fired.Discipline, Is.EqualTo(Disciplines.Hrm));
            Assert.That(fired.Priority, Is.EqualTo(Priorities.Normal));
            Assert.That(fired.Detail, Does.Contain("5.00").And.Contain("6.0").And.Contain("n=10"));
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Hrm));
            Assert.That(evaluation.Priority, Is.EqualTo(Priorities.Normal));
        });
    }

    // ---- low satisfaction: psychological-safety index < 60 (default) ------------------------------

    [TestCase(59.9, true)]
    [TestCase(40, true)]
    [TestCase(60, false)]
    [TestCase(60.1, false)]
    public void Low_psychological_safety_fires_below_the_default_index_of_60(double index, bool fires)
    {
        var evaluation = Evaluate(With(r => r.PsIndex = index));
        Assert.That(Rules(evaluation).Contains("low-satisfaction"), Is.EqualTo(fires));
        if (fires) Assert.That(evaluation.Fired.Single().Detail, Does.Contain("psychological safety"));
    }

    [TestCase(69.9, true)]
    [TestCase(70, false)]
    [TestCase(70.1, false)]
    public void Low_psychological_safety_follows_a_changed_index_threshold(double index, bool fires)
    {
        var evaluation = Evaluate(With(r => r.PsIndex = index), rules: Changed);
        Assert.That(Rules(evaluation).Contains("low-satisfaction"), Is.EqualTo(fires));
    }

    [Test]
    public void Low_satisfaction_and_low_psychological_safety_together_are_one_rule()
    {
        var evaluation = Evaluate(With(r => { r.SatisfactionMean = 4.0; r.PsIndex = 30; }));
        Assert.That(Rules(evaluation), Is.EqualTo(new[] { "low-satisfaction" }));
    }

    // ---- drop versus the previous round -----------------------------------------------------------

    [TestCase(8.0, 7.0, true)]   // exactly −1.0
    [TestCase(7.3, 6.3, true)]   // −1.0 that floating point makes 0.9999999999999996
    [TestCase(7.1, 6.1, true)]
    [TestCase(8.0, 6.5, true)]   // over
    [TestCase(8.0, 7.01, false)] // just under
    [TestCase(8.0, 8.5, false)]  // a rise
    public void Satisfaction_drop_fires_at_one_point_or_more_by_default(double previous, double current, bool fires)
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = current), With(r => r.SatisfactionMean = previous));
        Assert.That(Rules(evaluation).Contains("drop"), Is.EqualTo(fires));
        if (fires) Assert.That(evaluation.Fired.Single(f => f.Rule == "drop").Detail, Does.Contain("satisfaction"));
    }

    [TestCase(8.0, 7.5, true)]
    [TestCase(8.0, 7.0, true)]
    [TestCase(8.0, 7.51, false)]
    public void Satisfaction_drop_follows_a_changed_threshold(double previous, double current, bool fires)
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = current), With(r => r.SatisfactionMean = previous), Changed with { LowSatisfactionMean = 1 });
        Assert.That(Rules(evaluation).Contains("drop"), Is.EqualTo(fires));
    }

    [TestCase(80, 70, true)]    // exactly −10
    [TestCase(85, 60, true)]    // over (and 60 is not yet low)
    [TestCase(80, 70.1, false)] // just under
    [TestCase(70, 80, false)]   // a rise
    public void Psychological_safety_drop_fires_at_ten_points_or_more_by_default(double previous, double current, bool fires)
    {
        var evaluation = Evaluate(With(r => r.PsIndex = current), With(r => r.PsIndex = previous));
        Assert.That(Rules(evaluation), fires ? Is.EqualTo(new[] { "drop" }) : Is.Empty);
    }

    [TestCase(80, 75, true)]
    [TestCase(80, 75.1, false)]
    public void Psychological_safety_drop_follows_a_changed_threshold(double previous, double current, bool fires)
    {
        var evaluation = Evaluate(With(r => r.PsIndex = current), With(r => r.PsIndex = previous), Changed);
        Assert.That(Rules(evaluation).Contains("drop"), Is.EqualTo(fires));
    }

    [Test]
    public void A_drop_in_both_figures_is_one_drop()
    {
        var evaluation = Evaluate(With(r => { r.SatisfactionMean = 6.5; r.PsIndex = 65; }), With(r => { r.SatisfactionMean = 8.5; r.PsIndex = 85; }));
        Assert.That(Rules(evaluation), Is.EqualTo(new[] { "drop" }));
    }

    [Test]
    public void No_drop_without_a_previous_round()
    {
        var evaluation = Evaluate(With(r => r.SatisfactionMean = 6.0));
        Assert.That(evaluation.Fired, Is.Empty);
    }

    [TestCase(4, 5, 10, 5, TestName = "Drop_needs_n_at_least_k_in_the_previous_round")]
    [TestCase(10, 5, 4, 5, TestName = "Drop_needs_n_at_least_k_in_the_current_round")]
    [TestCase(6, 7, 10, 5, TestName = "Drop_uses_the_k_of_the_previous_round_itself")]
    public void Drop_needs_n_at_least_k_in_both_rounds(int previousN, int previousK, int currentN, int currentK)
    {
        var previous = With(r => { r.SatisfactionMean = 9.0; r.PsIndex = 95; }, previousN, previousK);
        var current = With(r => { r.SatisfactionMean = 6.5; r.PsIndex = 65; }, currentN, currentK);
        Assert.That(Rules(Evaluate(current, previous)), Does.Not.Contain("drop"));
    }

    [Test]
    public void Drop_fires_when_both_rounds_have_exactly_k_respondents()
    {
        var previous = With(r => r.SatisfactionMean = 9.0, respondents: 5, k: 5);
        var current = With(r => r.SatisfactionMean = 7.0, respondents: 5, k: 5);
        Assert.That(Rules(Evaluate(current, previous)), Is.EqualTo(new[] { "drop" }));
    }

    [Test]
    public void Drop_with_missing_figures_does_not_fire()
    {
        var previous = With(r => { r.SatisfactionMean = null; r.PsIndex = null; });
        var current = With(r => { r.SatisfactionMean = 6.5; r.PsIndex = 61; });
        Assert.That(Evaluate(current, previous).Fired, Is.Empty);
    }

    // ---- unacceptable behaviour: experienced share ≥ 20 % -----------------------------------------

    [TestCase(1, 5, true)]   // exactly 20 %
    [TestCase(2, 10, true)]  // exactly 20 %
    [TestCase(3, 15, true)]  // exactly 20 %
    [TestCase(3, 10, true)]  // over
    [TestCase(1, 6, false)]  // 16.7 %
    [TestCase(19, 100, false)] // just under
    [TestCase(0, 10, false)]
    public void Unacceptable_behaviour_fires_from_twenty_percent_experienced(int experienced, int respondents, bool fires)
    {
        var evaluation = Evaluate(With(r => r.ExperiencedShare = experienced / (double)respondents, respondents));
        Assert.That(Rules(evaluation).Contains("unacceptable-behaviour"), Is.EqualTo(fires));
    }

    [TestCase(0.29, false)]
    [TestCase(0.30, true)]
    [TestCase(0.31, true)]
    [TestCase(0.20, false)]
    public void Unacceptable_behaviour_follows_a_changed_share(double share, bool fires)
    {
        var evaluation = Evaluate(With(r => r.ExperiencedShare = share), rules: Changed);
        Assert.That(Rules(evaluation).Contains("unacceptable-behaviour"), Is.EqualTo(fires));
    }

    [Test]
    public void Unacceptable_behaviour_is_led_by_VIK_with_high_priority()
    {
        var evaluation = Evaluate(With(r => r.ExperiencedShare = 0.4));
        var fired = evaluation.Fired.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fired.Rule, Is.EqualTo("unacceptable-behaviour"));
            Assert.That(fired.Discipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(fired.Priority, Is.EqualTo(Priorities.High));
            Assert.That(fired.Detail, Does.Contain("40%").And.Contain("20%"));
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.Priority, Is.EqualTo(Priorities.High));
        });
    }

    [Test]
    public void Unacceptable_behaviour_together_with_HRM_rules_gives_VIK_the_lead_and_high_priority()
    {
        var evaluation = Evaluate(
            With(r => { r.SatisfactionMean = 5.0; r.ExperiencedShare = 0.25; r.TensionFlag = true; }),
            With(r => r.SatisfactionMean = 8.0));
        Assert.Multiple(() =>
        {
            Assert.That(Rules(evaluation), Is.EquivalentTo(new[] { "tension", "low-satisfaction", "drop", "unacceptable-behaviour" }));
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.Priority, Is.EqualTo(Priorities.High));
        });
    }

    // ---- tension flag -----------------------------------------------------------------------------

    [Test]
    public void Tension_flag_fires_for_HRM_with_normal_priority()
    {
        var evaluation = Evaluate(With(r => { r.TensionFlag = true; r.TensionDescription = "conflict about rosters"; }));
        var fired = evaluation.Fired.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fired.Rule, Is.EqualTo("tension"));
            Assert.That(fired.Discipline, Is.EqualTo(Disciplines.Hrm));
            Assert.That(fired.Priority, Is.EqualTo(Priorities.Normal));
            Assert.That(evaluation.OpensOrJoinsCase, Is.True);
        });
    }

    [Test]
    public void Tension_flag_fires_even_without_enough_respondents()
    {
        // The tension flag is the team lead's, not a pulse aggregate: n < k does not hide it.
        var evaluation = Evaluate(With(r => { r.TensionFlag = true; r.SatisfactionMean = 2.0; r.PsIndex = 10; r.ExperiencedShare = 1.0; }, respondents: 2, k: 5));
        Assert.That(Rules(evaluation), Is.EqualTo(new[] { "tension" }));
    }

    [Test]
    public void Tension_flag_fires_for_a_round_without_any_pulse_answers()
    {
        var round = new RoundSignal { RoundId = 1, Respondents = 0, K = 5, TensionFlag = true };
        Assert.That(Rules(Evaluate(round)), Is.EqualTo(new[] { "tension" }));
    }

    // ---- n < k suppresses the pulse rules ---------------------------------------------------------

    [TestCase(4, 5)]
    [TestCase(0, 5)]
    [TestCase(2, 3)]
    [TestCase(9, 10)]
    public void Fewer_respondents_than_k_suppress_every_pulse_rule(int respondents, int k)
    {
        var previous = With(r => { r.SatisfactionMean = 9.5; r.PsIndex = 99; }, respondents: 20, k: 5);
        var current = With(r => { r.SatisfactionMean = 1.0; r.PsIndex = 0; r.ExperiencedShare = 1.0; }, respondents, k);
        var evaluation = Evaluate(current, previous);
        Assert.That(evaluation.Fired, Is.Empty);
    }

    [Test]
    public void Exactly_k_respondents_shows_the_pulse_rules()
    {
        var current = With(r => { r.SatisfactionMean = 1.0; r.ExperiencedShare = 1.0; }, respondents: 5, k: 5);
        Assert.That(Rules(Evaluate(current)), Is.EquivalentTo(new[] { "low-satisfaction", "unacceptable-behaviour" }));
    }

    // ---- incidents and anonymous reports always fire ----------------------------------------------

    [TestCase("Discrimination", "VIK")]
    [TestCase("Harassment", "VIK")]
    [TestCase("Integrity", "VIK")]
    [TestCase("Aggression", "HRM")]
    [TestCase("Conflict", "HRM")]
    [TestCase("DrasticEvent", "HRM")]
    [TestCase("Other", "HRM")]
    public void Incidents_always_fire_and_their_category_picks_the_lead(string category, string lead)
    {
        foreach (var severity in IncidentCategories.Severities)
        {
            var evaluation = TriageRules.Incident(new IncidentPayload(category, severity), Defaults, fromReport: false);
            var fired = evaluation.Fired.Single();
            Assert.Multiple(() =>
            {
                Assert.That(fired.Rule, Is.EqualTo("incident"));
                Assert.That(fired.Discipline, Is.EqualTo(lead));
                Assert.That(evaluation.LeadDiscipline, Is.EqualTo(lead));
                Assert.That(evaluation.OpensOrJoinsCase, Is.True);
                Assert.That(fired.Detail, Does.StartWith("incident:").And.Contain(category).And.Contain(severity));
            });
        }
    }

    [Test]
    public void Every_category_has_a_lead_discipline_of_VIK_or_HRM()
    {
        var leads = IncidentCategories.All.ToDictionary(c => c, IncidentCategories.LeadDiscipline);
        Assert.That(leads.Where(l => l.Value == Disciplines.Vik).Select(l => l.Key),
            Is.EquivalentTo(new[] { "Discrimination", "Harassment", "Integrity" }));
        Assert.That(leads.Values, Is.All.AnyOf(Disciplines.Vik, Disciplines.Hrm));
    }

    [TestCase("High", "High")]
    [TestCase("Medium", "Normal")]
    [TestCase("Low", "Normal")]
    public void Incident_priority_follows_severity(string severity, string priority)
    {
        foreach (var category in IncidentCategories.All)
        {
            var evaluation = TriageRules.Incident(new IncidentPayload(category, severity), Defaults, fromReport: false);
            Assert.That(evaluation.Priority, Is.EqualTo(priority), category);
        }
    }

    [Test]
    public void Incidents_fire_whatever_the_thresholds()
    {
        var strict = new RuleSettings(0, 0, 100, 100, 1.0);
        var evaluation = TriageRules.Incident(new IncidentPayload("Other", "Low"), strict, fromReport: false);
        Assert.Multiple(() =>
        {
            Assert.That(evaluation.OpensOrJoinsCase, Is.True);
            Assert.That(evaluation.RulesUsed, Is.EqualTo(strict));
        });
    }

    [TestCase("Discrimination", "High")]
    [TestCase("Harassment", "High")]
    [TestCase("Integrity", "High")]
    [TestCase("Aggression", "Normal")]
    [TestCase("Conflict", "Normal")]
    [TestCase("DrasticEvent", "Normal")]
    [TestCase("Other", "Normal")]
    public void Anonymous_reports_always_fire_and_are_led_by_VIK(string category, string priority)
    {
        // FileReportHandler writes every report with severity Medium.
        var evaluation = TriageRules.Incident(new IncidentPayload(category, "Medium"), Defaults, fromReport: true);
        var fired = evaluation.Fired.Single();
        Assert.Multiple(() =>
        {
            Assert.That(fired.Rule, Is.EqualTo("incident"));
            Assert.That(fired.Discipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.Priority, Is.EqualTo(priority));
            Assert.That(fired.Detail, Does.StartWith("report:"));
        });
    }

    [Test]
    public void An_anonymous_report_with_high_severity_is_high_priority()
    {
        var evaluation = TriageRules.Incident(new IncidentPayload("Conflict", "High"), Defaults, fromReport: true);
        Assert.That(evaluation.Priority, Is.EqualTo(Priorities.High));
    }

    // ---- Evaluate: the signal payloads as stored --------------------------------------------------

    [Test]
    public void Evaluate_reads_an_incident_payload_as_RegisterIncident_writes_it()
    {
        var evaluation = TriageRules.Evaluate(SignalSources.Incident, """{"category":"Harassment","severity":"High"}""", Defaults);
        Assert.Multiple(() =>
        {
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.Priority, Is.EqualTo(Priorities.High));
        });
    }

    [Test]
    public void Evaluate_reads_a_report_payload_as_a_report()
    {
        var evaluation = TriageRules.Evaluate(SignalSources.AnonymousReport, """{"category":"Conflict","severity":"Medium"}""", Defaults);
        Assert.Multiple(() =>
        {
            Assert.That(evaluation.LeadDiscipline, Is.EqualTo(Disciplines.Vik));
            Assert.That(evaluation.Fired.Single().Detail, Does.StartWith("report:"));
        });
    }

    [Test]
    public void Evaluate_reads_a_round_payload_as_SaveReview_writes_it()
    {
        var current = With(r => { r.SatisfactionMean = 5.5; r.ExperiencedShare = 0.2; });
        var previous = With(r => r.SatisfactionMean = 7.0);
        var payload = System.Text.Json.JsonSerializer.Serialize(new { round = current, previous }, RoundSignal.Json);
        var evaluation = TriageRules.Evaluate(SignalSources.RoundCompleted, payload, Defaults);
        Assert.That(Rules(evaluation), Is.EquivalentTo(new[] { "low-satisfaction", "drop", "unacceptable-behaviour" }));
    }

    [Test]
    public void Evaluate_of_an_unknown_source_fires_nothing()
    {
        Assert.That(TriageRules.Evaluate("Something", "{}", Defaults).Fired, Is.Empty);
    }
}
