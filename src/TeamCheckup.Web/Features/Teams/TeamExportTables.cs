using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Teams;

/// <summary>
/// The tables of the team dashboard as cells: the pulse results over the rounds, the competency mix with its gaps and the
/// inflow targets with the composition counts. The dashboard view renders these very cells, the CSV/XLSX export writes
/// them, and the team report's pulse table formats its figures with <see cref="Figure"/>, so a figure suppressed on the
/// page ("niet genoeg reacties", "&lt; 5", "afgeschermd") is suppressed in every file.
/// </summary>
public static class TeamExportTables
{
    /// <summary>One guarded pulse figure: the value in the page's format, or "not enough responses".</summary>
    public static string Figure(Guarded<double> figure, string format, string notEnough, CultureInfo culture, double scale = 1) =>
        figure is { IsShown: true, Value: { } v } ? (v * scale).ToString(format, culture) : notEnough;

    public static ExportTable Results(TeamDashboard model, IStringLocalizer t, CultureInfo culture)
    {
        var notEnough = t["Anonymity.NotEnough"].Value;
        var notCompared = t["Questionnaire.Trend.NotCompared"].Value;
        string Trend(RoundTrend r, string figure, Guarded<double> g, string format) =>
            model.TrendBasis.IsLeftOut(r.Round.Id, figure) ? notCompared : Figure(g, format, notEnough, culture);
        var rows = model.Rounds.Where(r => r.Figures is not null).Select(r =>
        {
            var f = r.Figures!;
            return (IReadOnlyList<string>)
            [
                r.Round.Period.Label(culture), f.Respondents.ToString(culture),
                r.ResponseRate is { } rate ? (rate * 100).ToString("0", culture) : "—",
                Trend(r, TrendFigures.PsIndex, f.PsychologicalSafetyIndex, "0"),
                Trend(r, TrendFigures.Satisfaction, f.Satisfaction, "0.0"),
                Trend(r, TrendFigures.Workload, f.Workload, "0.0"),
                Figure(f.ExperiencedShare, "0", notEnough, culture, 100),
                Figure(f.WitnessedShare, "0", notEnough, culture, 100),
            ];
        }).ToList();
        return new ExportTable(t["Dashboard.Trend"],
            [t["Dashboard.Period"], t["Dashboard.Respondents"], t["Dashboard.ResponseRate"], t["Dashboard.PsIndex"], t["Dashboard.Satisfaction"],
             t["Dashboard.Workload"], t["Dashboard.Experienced"], t["Dashboard.Witnessed"]], rows);
    }

    /// <summary>The competency mix of the latest round with one: desired, actual and the gap ("2 tekort" / "geen tekort").</summary>
    public static ExportTable CompetencyGaps(TeamDashboard model, IStringLocalizer t, CultureInfo culture) =>
        new(t["Review.Competencies"],
            [t["Review.Competency"], t["Review.Desired"], t["Review.Actual"], t["Dashboard.Gap"]],
            model.Mix.Select(m => (IReadOnlyList<string>)
            [
                culture.TwoLetterISOLanguageName == "en" ? m.NameEn : m.NameNl, m.Desired.ToString(culture), m.Actual.ToString(culture), Gap(m, t),
            ]).ToList());

    public static string Gap(MixRow m, IStringLocalizer t) => m.Gap > 0 ? t["Dashboard.Short", m.Gap] : t["Dashboard.NoGap"];

    /// <summary>The service-area targets against the composition counts (special-category data: counts through <see cref="SmallCounts"/>).</summary>
    public static ExportTable? Diversity(TeamDashboard model, IStringLocalizer t, CultureInfo culture)
    {
        if (model.Diversity is not { Shares.Count: > 0 } diversity) return null;
        var cells = diversity.CompositionCells(model.K, t["Rpt.Hidden"], culture);
        var block = Competencies.TargetFigures.InflowBlock;
        return new ExportTable(t["Dashboard.Diversity"],
            [t["Dashboard.Group"], t["Dashboard.PopulationShare"], t["Dashboard.InflowTarget", block], t["Dashboard.CurrentCount"]],
            diversity.Targets.Select(x => (IReadOnlyList<string>)
            [
                t["Population." + x.Category], x.PopulationShare.ToString("0.#", culture) + " %", x.InflowTarget.ToString(culture),
                cells.TryGetValue(x.Category, out var cell) ? cell : "—",
            ]).ToList());
    }

    /// <summary>The gender shares of the service area against the composition counts by gender (through <see cref="SmallCounts"/>).</summary>
    public static ExportTable? GenderDiversity(TeamDashboard model, IStringLocalizer t, CultureInfo culture)
    {
        if (model.Diversity is not { GenderShares.Count: > 0 } diversity) return null;
        var cells = diversity.GenderComposition is null ? new Dictionary<string, string>() : Privacy.SmallCounts.Display(diversity.GenderComposition, model.K, t["Rpt.Hidden"], culture);
        var block = Competencies.TargetFigures.InflowBlock;
        return new ExportTable(t["Targets.GenderTitle"],
            [t["Dashboard.Group"], t["Dashboard.PopulationShare"], t["Dashboard.InflowTarget", block], t["Dashboard.CurrentCount"]],
            diversity.GenderTargets.Select(x => (IReadOnlyList<string>)
            [
                t["Gender." + x.Category], x.PopulationShare.ToString("0.#", culture) + " %", x.InflowTarget.ToString(culture),
                cells.TryGetValue(x.Category, out var cell) ? cell : "—",
            ]).ToList());
    }

    /// <summary>Every table the dashboard shows this user: the pulse results for the team's own lead only (as on the page).</summary>
    public static IReadOnlyList<ExportTable> All(TeamDashboard model, bool isLead, IStringLocalizer t, CultureInfo culture) =>
        new[] { isLead ? Results(model, t, culture) : null, model.Mix.Count > 0 ? CompetencyGaps(model, t, culture) : null, Diversity(model, t, culture), GenderDiversity(model, t, culture) }
            .OfType<ExportTable>().ToList();
}
