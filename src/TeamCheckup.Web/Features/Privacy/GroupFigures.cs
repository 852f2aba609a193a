using TeamCheckup.Web.Features.Dashboard;

namespace TeamCheckup.Web.Features.Privacy;

/// <summary>
/// The pulse figures of a team, district or unit in an overview or report. <see cref="IsShown"/> is set by
/// <see cref="RollUps"/> only; nothing may display <see cref="PsIndex"/> or <see cref="Satisfaction"/> while
/// it is false (the bands are already null then).
/// </summary>
public sealed class GroupFigures
{
    public int Id { get; init; }
    public required string Name { get; init; }
    public int Respondents { get; init; }
    public bool IsShown { get; internal set; }
    public double? PsIndex { get; init; }
    public double? Satisfaction { get; init; }
    public double? Workload { get; init; }
    public double? ExperiencedShare { get; init; }
    /// <summary>Where the bands start (from the configured triage rules; the defaults otherwise).</summary>
    public BandLimits Limits { get; init; } = BandLimits.Default;
    public Band? PsBand => IsShown && PsIndex is { } v ? Limits.Ps(v) : null;
    public Band? SatisfactionBand => IsShown && Satisfaction is { } v ? Limits.Satisfaction(v) : null;
    public Band? WorkloadBand => IsShown && Workload is { } v ? Limits.Workload(v) : null;
    public Band? ExperiencedBand => IsShown && ExperiencedShare is { } v ? Limits.Experienced(v) : null;

    /// <summary>A total over <paramref name="parts"/>: respondents summed, figures as respondent-weighted means.</summary>
    public static GroupFigures Total(int id, string name, IReadOnlyCollection<GroupFigures> parts)
    {
        double? Weighted(Func<GroupFigures, double?> pick)
        {
            var valid = parts.Where(p => pick(p).HasValue && p.Respondents > 0).ToList();
            var total = valid.Sum(p => p.Respondents);
            return total == 0 ? null : valid.Sum(p => pick(p)!.Value * p.Respondents) / total;
        }
        return new GroupFigures
        {
            Id = id, Name = name, Respondents = parts.Sum(p => p.Respondents), PsIndex = Weighted(p => p.PsIndex), Satisfaction = Weighted(p => p.Satisfaction),
            Workload = Weighted(p => p.Workload), ExperiencedShare = Weighted(p => p.ExperiencedShare), Limits = parts.FirstOrDefault()?.Limits ?? BandLimits.Default,
        };
    }
}

/// <summary>A district's total and its teams, after suppression.</summary>
public sealed record DistrictFigures(GroupFigures Total, IReadOnlyList<GroupFigures> Teams);

/// <summary>A unit's districts and its total, after suppression.</summary>
public sealed record UnitFigures(IReadOnlyList<DistrictFigures> Districts, GroupFigures Total);

/// <summary>
/// Roll-ups of team figures into districts and a unit (SPEC §9 P3), for every page, PDF and export that
/// shows them: a team below k, and the next-smallest sibling wherever a difference would reveal it, is
/// counted only inside its district and unit totals; districts are suppressed among each other the same
/// way; a total is shown from k respondents.
/// </summary>
public static class RollUps
{
    public sealed record District(int Id, string Name, IReadOnlyList<GroupFigures> Teams);

    /// <summary>The k of a roll-up over rounds whose thresholds were fixed at different times: the strictest
    /// of the current setting and every round's own.</summary>
    public static int K(Thresholds current, IEnumerable<int?> roundKs) =>
        roundKs.Select(k => Thresholds.OfRound(k, null).K).Append(current.K).Max();

    public static UnitFigures Apply(int unitId, string unitName, IReadOnlyList<District> districts, int k)
    {
        var rolled = districts.Select(d => new DistrictFigures(GroupFigures.Total(d.Id, d.Name, d.Teams), d.Teams)).ToList();
        foreach (var district in rolled) ShowAmongSiblings(district.Teams, k);
        ShowAmongSiblings(rolled.Select(d => d.Total).ToList(), k);
        var unit = GroupFigures.Total(unitId, unitName, districts.SelectMany(d => d.Teams).ToList());
        unit.IsShown = Anonymity.MayShow(unit.Respondents, k);
        return new UnitFigures(rolled, unit);
    }

    /// <summary>A single total (a unit's trend point, a comparison group): shown from k respondents.</summary>
    public static GroupFigures Total(int id, string name, IReadOnlyCollection<GroupFigures> parts, int k)
    {
        var total = GroupFigures.Total(id, name, parts);
        total.IsShown = Anonymity.MayShow(total.Respondents, k);
        return total;
    }

    /// <summary>A comparison group beside one of its own members (a team beside its district, unit or the organisation; a unit
    /// beside the organisation): shown from k respondents, and only when the rest of the group — the group minus the member,
    /// which its reader can derive from the two figures — holds k respondents too (docs/reports.md, "Comparisons").</summary>
    /// <remarks><paramref name="memberRespondents"/> counts everything the report's readers may know of the group: the member
    /// and, for a team, every team that shares a lead with it (a lead of two teams subtracts both). A member with some but
    /// fewer than k respondents is hidden itself, so nothing is compared with it (the group minus the shown rest would give it).</remarks>
    public static bool MayCompare(int groupRespondents, int memberRespondents, int k) =>
        Anonymity.MayShow(groupRespondents, k) && Anonymity.MayShow(groupRespondents - memberRespondents, k);

    /// <summary>As <see cref="MayCompare(int, int, int)"/>, for a member whose own figure has <paramref name="ownRespondents"/>.</summary>
    public static bool MayCompare(int groupRespondents, int ownRespondents, int knownRespondents, int k) =>
        (ownRespondents == 0 || Anonymity.MayShow(ownRespondents, k)) && MayCompare(groupRespondents, Math.Max(ownRespondents, knownRespondents), k);
    /// <summary>A total shown beside one of its own parts (the unit's figure on a team's dashboard, §9 P3): shown from k
    /// respondents, only while that part's own figure is shown (else the total minus what the reader knows of the rest
    /// would give the suppressed part), and only while the parts the reader cannot see (<paramref name="knownParts"/>:
    /// the part itself and every other the reader may see) have k respondents together (else the total minus the known
    /// parts would give a group below k).</summary>
    public static GroupFigures TotalBeside(GroupFigures part, IReadOnlySet<int> knownParts, int id, string name, IReadOnlyCollection<GroupFigures> parts, int k)
    {
        var total = GroupFigures.Total(id, name, parts);
        var unknown = parts.Where(p => p.Id != part.Id && !knownParts.Contains(p.Id)).Sum(p => p.Respondents);
        total.IsShown = Anonymity.MayShow(total.Respondents, k) && Anonymity.MayShow(part.Respondents, k) && Anonymity.MayShow(unknown, k);
        return total;
    }

    private static void ShowAmongSiblings(IReadOnlyList<GroupFigures> siblings, int k)
    {
        var hidden = Anonymity.SuppressedSiblings(siblings.ToDictionary(s => s.Id, s => s.Respondents), k);
        foreach (var group in siblings) group.IsShown = Anonymity.MayShow(group.Respondents, k) && !hidden.Contains(group.Id);
    }
}
