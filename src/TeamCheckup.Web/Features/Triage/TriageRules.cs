using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Cases;

namespace TeamCheckup.Web.Features.Triage;

/// <summary>The editable thresholds of SPEC §6 (settings rows rule.*), and the overdue check-up rule: a round not
/// completed <see cref="OverdueAfterDays"/> days after its period started opens a case led by
/// <see cref="OverdueDiscipline"/> with <see cref="OverduePriority"/>.</summary>
public sealed record RuleSettings(double LowSatisfactionMean, double LowPsIndex, double DropSatisfaction, double DropPsIndex, double UnacceptableShare,
    int OverdueAfterDays = 30, string OverdueDiscipline = Disciplines.Hrm, string OverduePriority = Priorities.Normal)
{
    public static readonly RuleSettings Default = new(6.0, 60, 1.0, 10, 0.20);

    /// <summary>Who may lead an overdue check-up case (Communications never leads a case).</summary>
    public static readonly IReadOnlyList<string> LeadDisciplines = [Disciplines.Hrm, Disciplines.Vik];
    public static readonly IReadOnlyList<string> PriorityValues = [Priorities.Normal, Priorities.High];

    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>
    {
        [nameof(LowSatisfactionMean)] = "rule.low_satisfaction.mean",
        [nameof(LowPsIndex)] = "rule.low_satisfaction.ps_index",
        [nameof(DropSatisfaction)] = "rule.drop.satisfaction",
        [nameof(DropPsIndex)] = "rule.drop.ps_index",
        [nameof(UnacceptableShare)] = "rule.unacceptable.share",
        [nameof(OverdueAfterDays)] = "rule.overdue.days",
        [nameof(OverdueDiscipline)] = "rule.overdue.discipline",
        [nameof(OverduePriority)] = "rule.overdue.priority",
    };

    public static async Task<RuleSettings> LoadAsync(DbConnection connection, DbTransaction? transaction = null)
    {
        var values = (await connection.QueryAsync<(string Name, string Value)>("SELECT name, value FROM settings WHERE name LIKE 'rule.%'", transaction: transaction))
            .ToDictionary(v => v.Name, v => v.Value);
        double Get(string property, double fallback) =>
            values.TryGetValue(Keys[property], out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        string Pick(string property, IReadOnlyList<string> allowed, string fallback) =>
            values.TryGetValue(Keys[property], out var text) && allowed.Contains(text) ? text : fallback;
        return new RuleSettings(
            Get(nameof(LowSatisfactionMean), Default.LowSatisfactionMean), Get(nameof(LowPsIndex), Default.LowPsIndex),
            Get(nameof(DropSatisfaction), Default.DropSatisfaction), Get(nameof(DropPsIndex), Default.DropPsIndex),
            Get(nameof(UnacceptableShare), Default.UnacceptableShare),
            (int)Get(nameof(OverdueAfterDays), Default.OverdueAfterDays),
            Pick(nameof(OverdueDiscipline), LeadDisciplines, Default.OverdueDiscipline),
            Pick(nameof(OverduePriority), PriorityValues, Default.OverduePriority));
    }
}

/// <summary>One rule that fired, with the figures that made it fire. <see cref="Detail"/> is the invariant text for the
/// audit trail and logs; what a reader sees is <see cref="DetailKey"/> (a resource key, "Rule.Detail.*") formatted with
/// <see cref="Args"/> in the reader's language and number format (<see cref="RuleDetails"/>).</summary>
public sealed record FiredRule(string Rule, string Discipline, string Priority, string Detail, string? DetailKey = null, IReadOnlyList<double>? Args = null);

public sealed record Evaluation(IReadOnlyList<FiredRule> Fired, RuleSettings RulesUsed)
{
    public bool OpensOrJoinsCase => Fired.Count > 0;
    public string LeadDiscipline => Fired.Any(f => f.Discipline == Disciplines.Vik) ? Disciplines.Vik : Disciplines.Hrm;
    public string Priority => Fired.Any(f => f.Priority == Priorities.High) ? Priorities.High : Priorities.Normal;
}

/// <summary>
/// The rules of SPEC §6, as pure functions of a signal's payload and the thresholds in force.
/// Pulse rules only look at rounds with n ≥ k (both rounds, for the drop rule).
/// </summary>
public static class TriageRules
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Evaluation Evaluate(string source, string payload, RuleSettings rules) => source switch
    {
        SignalSources.Incident => Incident(JsonSerializer.Deserialize<IncidentPayload>(payload, Json)!, rules, fromReport: false),
        SignalSources.AnonymousReport => Incident(JsonSerializer.Deserialize<IncidentPayload>(payload, Json)!, rules, fromReport: true),
        SignalSources.RoundCompleted => Round(JsonSerializer.Deserialize<RoundPayload>(payload, Json)!, rules),
        // The pulse's figures only: its tension flag raises its own signal when the review is saved.
        SignalSources.PulseClosed => Round(JsonSerializer.Deserialize<RoundPayload>(payload, Json)!, rules, withTension: false),
        SignalSources.Tension => new Evaluation([Tension], rules),
        SignalSources.RoundOverdue => Overdue(JsonSerializer.Deserialize<OverduePayload>(payload, Json)!, rules),
        _ => new Evaluation([], rules),
    };

    private static readonly FiredRule Tension = new("tension", Disciplines.Hrm, Priorities.Normal, "tension flagged in the review", "Rule.Detail.Tension", []);

    public static Evaluation Overdue(OverduePayload overdue, RuleSettings rules) =>
        new([new FiredRule("overdue-checkup", rules.OverdueDiscipline, rules.OverduePriority,
            string.Format(CultureInfo.InvariantCulture, "round not completed {0} days after its period started on {1:yyyy-MM-dd}", overdue.DaysAfterStart, overdue.PeriodStart),
            "Rule.Detail.Overdue", [overdue.DaysAfterStart])], rules);

    public static Evaluation Incident(IncidentPayload incident, RuleSettings rules, bool fromReport)
    {
        // Anonymous reports are VIK's (SPEC §2); incidents follow their category.
        var discipline = fromReport ? Disciplines.Vik : IncidentCategories.LeadDiscipline(incident.Category);
        var priority = incident.Severity == "High" || (fromReport && IncidentCategories.LeadDiscipline(incident.Category) == Disciplines.Vik)
            ? Priorities.High : Priorities.Normal;
        return new Evaluation([new FiredRule("incident", discipline, priority, $"{(fromReport ? "report" : "incident")}: {incident.Category}, {incident.Severity}")], rules);
    }

    public static Evaluation Round(RoundPayload payload, RuleSettings rules, bool withTension = true)
    {
        var fired = new List<FiredRule>();
        var current = payload.Round;
        if (current is null) return new Evaluation(fired, rules);
        var ci = CultureInfo.InvariantCulture;
        if (withTension && current.TensionFlag)
            fired.Add(Tension);

        var shown = current.Respondents >= current.K;
        if (shown && current.SatisfactionMean is { } satisfaction && satisfaction < rules.LowSatisfactionMean)
            fired.Add(new FiredRule("low-satisfaction", Disciplines.Hrm, Priorities.Normal, string.Format(ci, "satisfaction {0:0.00} < {1:0.0} (n={2})", satisfaction, rules.LowSatisfactionMean, current.Respondents),
                "Rule.Detail.LowSatisfaction", [satisfaction, rules.LowSatisfactionMean, current.Respondents]));
        else if (shown && current.PsIndex is { } ps && ps < rules.LowPsIndex)
            fired.Add(new FiredRule("low-satisfaction", Disciplines.Hrm, Priorities.Normal, string.Format(ci, "psychological safety {0:0.0} < {1:0} (n={2})", ps, rules.LowPsIndex, current.Respondents),
                "Rule.Detail.LowPsIndex", [ps, rules.LowPsIndex, current.Respondents]));

        var previous = payload.Previous;
        if (shown && previous is not null && previous.Respondents >= previous.K)
        {
            var satisfactionDrop = previous.SatisfactionMean - current.SatisfactionMean;
            var psDrop = previous.PsIndex - current.PsIndex;
            // A small tolerance so that a drop of exactly the threshold counts despite floating point.
            if (satisfactionDrop >= rules.DropSatisfaction - 1e-9)
                fired.Add(new FiredRule("drop", Disciplines.Hrm, Priorities.Normal, string.Format(ci, "satisfaction −{0:0.00} (threshold {1:0.0})", satisfactionDrop, rules.DropSatisfaction),
                    "Rule.Detail.DropSatisfaction", [satisfactionDrop!.Value, rules.DropSatisfaction]));
            else if (psDrop >= rules.DropPsIndex - 1e-9)
                fired.Add(new FiredRule("drop", Disciplines.Hrm, Priorities.Normal, string.Format(ci, "psychological safety −{0:0.0} (threshold {1:0})", psDrop, rules.DropPsIndex),
                    "Rule.Detail.DropPsIndex", [psDrop!.Value, rules.DropPsIndex]));
        }

        if (shown && current.ExperiencedShare is { } share && share >= rules.UnacceptableShare - 1e-9)
            fired.Add(new FiredRule("unacceptable-behaviour", Disciplines.Vik, Priorities.High, string.Format(ci, "{0:0%} experienced unacceptable behaviour (threshold {1:0%})", share, rules.UnacceptableShare),
                "Rule.Detail.Unacceptable", [share, rules.UnacceptableShare]));
        return new Evaluation(fired, rules);
    }

    public sealed record RoundPayload(RoundSignal? Round, RoundSignal? Previous);
}
