using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Exports;
using TeamCheckup.Web.Features.Privacy;

namespace TeamCheckup.Web.Features.Dashboard;

/// <summary>
/// The unit overview's tables as cells: districts with their teams and the unit total, and the heat map. The overview
/// view shows these cells and the export writes them, so a team below k (or hidden to protect a sibling) reads
/// "alleen in totaal meegeteld" in the file as on the page, and a district below k "niet genoeg reacties".
/// </summary>
public static class UnitExportTables
{
    /// <summary>The figure cells of one line: respondents, index, its band, satisfaction, its band. A hidden team says why
    /// instead of each figure; a hidden total says "not enough responses".</summary>
    public static IReadOnlyList<string> Figures(GroupFigures f, bool isTeam, IStringLocalizer t, CultureInfo culture)
    {
        if (!f.IsShown)
        {
            var why = !isTeam ? t["Anonymity.NotEnough"].Value : f.Respondents == 0 ? t["Overview.NoResults"].Value : t["Overview.OnlyInRollUp"].Value;
            return ["", why, why, why, why];
        }
        return
        [
            f.Respondents.ToString(culture), f.PsIndex?.ToString("0", culture) ?? "", f.PsBand is { } ps ? t["Band." + ps].Value : "",
            f.Satisfaction?.ToString("0.0", culture) ?? "", f.SatisfactionBand is { } s ? t["Band." + s].Value : "",
        ];
    }

    /// <summary>"61 · Hoog" as the page writes a figure with its band (the two cells of the file in one).</summary>
    public static string WithBand(string value, string band) => band.Length == 0 || value == band ? value : $"{value} · {band}";

    public static string Status(TeamStatusLine team, IStringLocalizer t) => string.Join(" ", new[]
    {
        team.CurrentRound is { } round ? t["RoundStatus." + round.Status].Value : null,
        team.IsOverdue ? t["RoundStatus.Overdue"].Value : null,
    }.OfType<string>());

    public static ExportTable Overview(UnitOverview model, IStringLocalizer t, CultureInfo culture)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var district in model.Districts)
        {
            rows.Add([district.RollUp.Name, t["Org.District"], "", "", .. Figures(district.RollUp, false, t, culture)]);
            foreach (var team in district.Teams)
                rows.Add([team.Figures.Name, t["Org.Team"], Status(team, t), team.ResultsPeriod ?? "", .. Figures(team.Figures, true, t, culture)]);
        }
        if (model.UnitRollUp is { } unit) rows.Add([unit.Name, t["Org.Unit"], "", "", .. Figures(unit, false, t, culture)]);
        return new ExportTable(t["Overview.Teams"],
            [t["Export.Name"], t["Export.Level"], t["Overview.RoundStatus"], t["Overview.ResultsOf"], t["Dashboard.Respondents"],
             t["Overview.PsIndex"], t["Export.Band", t["Overview.PsIndex"]], t["Overview.Satisfaction"], t["Export.Band", t["Overview.Satisfaction"]]], rows);
    }

    public static ExportTable HeatMap(UnitOverview model, IStringLocalizer t)
    {
        Band[] across = [Band.Low, Band.Medium, Band.High];
        return new ExportTable(t["Overview.HeatMap"],
            ["", .. across.Select(s => $"{t["Overview.Satisfaction"]}: {t["Band." + s]}")],
            new[] { Band.High, Band.Medium, Band.Low }.Select(ps => (IReadOnlyList<string>)
                [$"{t["Overview.PsIndex"]}: {t["Band." + ps]}", .. across.Select(s => model.HeatMap.GetValueOrDefault((ps, s)).ToString(CultureInfo.InvariantCulture))]).ToList());
    }

    public static IReadOnlyList<ExportTable> All(UnitOverview model, IStringLocalizer t, CultureInfo culture) =>
        [Overview(model, t, culture), HeatMap(model, t)];
}
