using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Dashboard;
using TeamCheckup.Web.Features.Privacy;
using TeamCheckup.Web.Features.Reports.Documents;

namespace TeamCheckup.Web.Features.Reports;

/// <summary>
/// The chief report's heat map (issue 14, item 4): the unit's districts and teams × four measures, each cell coloured by
/// its band (<see cref="BandLimits"/>, from the configured triage rules) with its figure in it. A team whose figures may
/// not be shown (below k, or hidden to protect a sibling) gets grey cells that say so; the bands are defined under the map.
/// </summary>
public static class ChiefHeatMap
{
    public static HeatMap Build(IStringLocalizer t, UnitFigures rolled, BandLimits limits)
    {
        var culture = CultureInfo.CurrentCulture;
        var rows = new List<HeatMapRow>();
        foreach (var district in rolled.Districts)
        {
            rows.Add(Row(t, district.Total, district.Total.Name, isTeam: false, culture));
            rows.AddRange(district.Teams.Select(team => Row(t, team, "   " + team.Name, isTeam: true, culture)));
        }
        rows.Add(Row(t, rolled.Total, rolled.Total.Name, isTeam: false, culture));
        var teams = rolled.Districts.SelectMany(d => d.Teams).ToList();
        var attention = teams.Where(team => Levels(team).Any(l => l == HeatLevel.Attention)).Select(team => team.Name).ToList();
        var alt = t["Report.Heat.Alt", teams.Count(x => x.IsShown), teams.Count, attention.Count,
            attention.Count == 0 ? "—" : string.Join(", ", attention)].Value;
        string N(double v, string format) => v.ToString(format, culture);
        return new HeatMap(t["Report.Heat.Title"],
            [t["Rpt.Short.Ps"], t["Rpt.Short.Satisfaction"], t["Rpt.Short.Workload"], t["Rpt.Short.Experienced"]], rows,
            [new(HeatLevel.Attention, t["Report.Heat.Attention"]), new(HeatLevel.Watch, t["Report.Heat.Watch"]), new(HeatLevel.Good, t["Report.Heat.Good"]),
             new(null, t["Report.Heat.NoFigure"])],
            alt,
            t["Report.Heat.Bands", N(limits.PsLow, "0"), N(limits.PsHigh, "0"), N(limits.SatisfactionLow, "0.0"), N(limits.SatisfactionHigh, "0.0"),
                N(BandLimits.WorkloadTooHigh, "0.0"), N(BandLimits.WorkloadTooLow, "0.0"), ReportText.Percent(limits.UnacceptableShare), ReportText.Percent(limits.UnacceptableShare / 2)]);
    }

    private static IEnumerable<HeatLevel?> Levels(GroupFigures f) => [Level(f.PsBand), Level(f.SatisfactionBand), Level(f.WorkloadBand), Level(f.ExperiencedBand)];

    private static HeatLevel? Level(Band? band) => band switch
    {
        Band.Low => HeatLevel.Attention,
        Band.Medium => HeatLevel.Watch,
        Band.High => HeatLevel.Good,
        _ => null,
    };

    private static HeatMapRow Row(IStringLocalizer t, GroupFigures f, string label, bool isTeam, CultureInfo culture)
    {
        if (!f.IsShown)
        {
            // "afgeschermd" where a figure exists but may not be shown, "—" where there are no results.
            var why = isTeam && f.Respondents == 0 ? "—" : t["Rpt.Hidden"].Value;
            return new HeatMapRow(label, [new(why, null), new(why, null), new(why, null), new(why, null)], !isTeam);
        }
        HeatCell Cell(double? value, string format, Band? band, double scale = 1, string suffix = "") =>
            value is { } v ? new HeatCell((v * scale).ToString(format, culture) + suffix, Level(band)) : new HeatCell("—", null);
        return new HeatMapRow(label,
        [
            Cell(f.PsIndex, "0", f.PsBand), Cell(f.Satisfaction, "0.0", f.SatisfactionBand), Cell(f.Workload, "0.0", f.WorkloadBand),
            Cell(f.ExperiencedShare, "0", f.ExperiencedBand, 100, " %"),
        ], !isTeam);
    }
}
