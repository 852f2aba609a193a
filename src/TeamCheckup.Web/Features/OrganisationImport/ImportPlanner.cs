using System.Globalization;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>
/// Compares the file with the database. A row is matched by its code; a district or team the database holds without
/// that code (made by hand, or renumbered by HR) is matched by its name under the same parent and takes the file's
/// code, so history stays with it. What the file no longer names is deactivated, never deleted; a lead the file no
/// longer names loses the TeamLead role and the team scopes. The same file against the same database plans nothing.
/// </summary>
public static class ImportPlanner
{
    public static ImportPlan Plan(DesiredOrganisation want, CurrentOrganisation have)
    {
        var changes = new List<PlannedChange>();
        var unitIds = PlanUnits(want, have, changes);
        var districtIds = PlanDistricts(want, have, unitIds, changes);
        var teamIds = PlanTeams(want, have, districtIds, changes);
        PlanLeads(want, have, teamIds, changes);
        return new ImportPlan { Changes = changes };
    }

    private static Dictionary<string, int?> PlanUnits(DesiredOrganisation want, CurrentOrganisation have, List<PlannedChange> changes)
    {
        var byCode = have.Units.ToDictionary(u => u.Code.ToUpperInvariant());
        var ids = new Dictionary<string, int?>();
        foreach (var unit in want.Units)
        {
            var current = byCode.GetValueOrDefault(unit.Code);
            ids[unit.Code] = current?.Id;
            var fields = new List<FieldChange>();
            if (current is not null) Compare(fields, ImportColumns.Name, current.Name, unit.Name);
            Add(changes, ImportLevel.Unit, unit.Code, unit.Name, unit.Row, current?.Id, current?.IsActive, fields, unit);
        }
        foreach (var unit in have.Units.Where(u => u.IsActive && !ids.ContainsKey(u.Code.ToUpperInvariant())))
            changes.Add(Deactivation(ImportLevel.Unit, unit.Code, unit.Name, unit.Id));
        return ids;
    }

    private static Dictionary<string, int?> PlanDistricts(DesiredOrganisation want, CurrentOrganisation have, Dictionary<string, int?> unitIds, List<PlannedChange> changes)
    {
        var unitCodes = have.Units.ToDictionary(u => u.Id, u => u.Code.ToUpperInvariant());
        var matched = Match(want.Districts, have.Districts, d => d.Code, d => d.Code, d => unitIds[d.UnitCode], d => d.UnitId, d => d.Name, d => d.Name);
        var ids = new Dictionary<string, int?>();
        foreach (var district in want.Districts)
        {
            var current = matched.GetValueOrDefault(district.Code);
            ids[district.Code] = current?.Id;
            var fields = new List<FieldChange>();
            if (current is not null)
            {
                Compare(fields, ImportColumns.Code, current.Code?.ToUpperInvariant(), district.Code);
                Compare(fields, ImportColumns.Name, current.Name, district.Name);
                Compare(fields, ImportColumns.ParentCode, unitCodes.GetValueOrDefault(current.UnitId), district.UnitCode);
            }
            Add(changes, ImportLevel.District, district.Code, district.Name, district.Row, current?.Id, current?.IsActive, fields, district);
        }
        var kept = matched.Values.Select(d => d.Id).ToHashSet();
        foreach (var district in have.Districts.Where(d => d.IsActive && !kept.Contains(d.Id)))
            changes.Add(Deactivation(ImportLevel.District, district.Code ?? "", district.Name, district.Id));
        return ids;
    }

    private static Dictionary<string, int?> PlanTeams(DesiredOrganisation want, CurrentOrganisation have, Dictionary<string, int?> districtIds, List<PlannedChange> changes)
    {
        var districtCodes = have.Districts.ToDictionary(d => d.Id, d => d.Code?.ToUpperInvariant());
        var fileDistricts = want.Districts.Where(d => districtIds[d.Code] is not null).ToDictionary(d => districtIds[d.Code]!.Value, d => d.Code);
        var matched = Match(want.Teams, have.Teams, t => t.Code, t => t.Code, t => districtIds[t.DistrictCode], t => t.DistrictId, t => t.Name, t => t.Name);
        var ids = new Dictionary<string, int?>();
        foreach (var team in want.Teams)
        {
            var current = matched.GetValueOrDefault(team.Code);
            ids[team.Code] = current?.Id;
            var fields = new List<FieldChange>();
            if (current is not null)
            {
                Compare(fields, ImportColumns.Code, current.Code?.ToUpperInvariant(), team.Code);
                Compare(fields, ImportColumns.Name, current.Name, team.Name);
                Compare(fields, ImportColumns.ParentCode, fileDistricts.GetValueOrDefault(current.DistrictId) ?? districtCodes.GetValueOrDefault(current.DistrictId), team.DistrictCode);
                Compare(fields, ImportColumns.TeamType, current.TeamType, team.TeamType);
                Compare(fields, ImportColumns.Headcount, current.Headcount.ToString(CultureInfo.InvariantCulture), team.Headcount.ToString(CultureInfo.InvariantCulture));
                Compare(fields, ImportColumns.ServiceArea, current.ServiceArea, team.ServiceArea);
            }
            Add(changes, ImportLevel.Team, team.Code, team.Name, team.Row, current?.Id, current?.IsActive, fields, team);
        }
        var kept = matched.Values.Select(t => t.Id).ToHashSet();
        foreach (var team in have.Teams.Where(t => t.IsActive && !kept.Contains(t.Id)))
            changes.Add(Deactivation(ImportLevel.Team, team.Code ?? "", team.Name, team.Id));
        return ids;
    }

    private static void PlanLeads(DesiredOrganisation want, CurrentOrganisation have, Dictionary<string, int?> teamIds, List<PlannedChange> changes)
    {
        var codeOf = teamIds.Where(t => t.Value is not null).ToDictionary(t => t.Value!.Value, t => t.Key);
        var names = have.Teams.ToDictionary(t => t.Id, t => t.Code ?? t.Name);
        foreach (var lead in want.Leads)
        {
            var account = have.Accounts.GetValueOrDefault(lead.UserName);
            var current = account?.TeamIds ?? [];
            var toAdd = lead.TeamCodes.Where(code => teamIds[code] is not { } id || !current.Contains(id)).ToList();
            var toRemove = current.Where(id => !codeOf.TryGetValue(id, out var code) || !lead.TeamCodes.Contains(code)).Order().ToList();
            var fields = new List<FieldChange>();
            if (account is not null)
            {
                Compare(fields, ImportColumns.Name, account.DisplayName, lead.DisplayName);
                Compare(fields, ImportColumns.Email, account.Email, lead.Email);
                if (!account.IsLead) fields.Add(new FieldChange("role", null, Infrastructure.Auth.Roles.TeamLead));
            }
            if (toAdd.Count > 0 || toRemove.Count > 0)
                fields.Add(new FieldChange(ImportColumns.TeamCodes, Join(toRemove.Select(id => names.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture)))), Join(toAdd)));
            if (account is not null && fields.Count == 0) continue;
            changes.Add(new PlannedChange
            {
                Level = ImportLevel.Lead, Kind = account is null ? ChangeKind.Create : ChangeKind.Change, Key = lead.UserName, Name = lead.DisplayName,
                Row = lead.Row, ExistingId = account?.Id, Fields = fields, Desired = lead,
                TeamsToAdd = toAdd, TeamIdsToRemove = toRemove, AddsLeadRole = account is null || !account.IsLead,
            });
        }
        var named = want.Leads.Select(l => l.UserName).ToHashSet();
        foreach (var account in have.Accounts.Values.Where(a => a.IsLead && !named.Contains(a.UserName)).OrderBy(a => a.UserName, StringComparer.Ordinal))
            changes.Add(new PlannedChange
            {
                Level = ImportLevel.Lead, Kind = ChangeKind.Deactivate, Key = account.UserName, Name = account.DisplayName, ExistingId = account.Id,
                TeamIdsToRemove = account.TeamIds.Order().ToList(),
                Fields = [new FieldChange("role", Infrastructure.Auth.Roles.TeamLead, null)],
            });
    }

    /// <summary>Desired rows to current rows: first by code, then (for rows still unmatched) by name under the same parent,
    /// among current rows whose code the file does not use.</summary>
    private static Dictionary<string, THave> Match<TWant, THave>(IReadOnlyList<TWant> want, IReadOnlyList<THave> have,
        Func<TWant, string> code, Func<THave, string?> currentCode, Func<TWant, int?> parentId, Func<THave, int> currentParentId,
        Func<TWant, string> name, Func<THave, string> currentName) where THave : class
    {
        var byCode = have.Where(h => currentCode(h) is not null).ToDictionary(h => currentCode(h)!.ToUpperInvariant());
        var matched = new Dictionary<string, THave>();
        foreach (var w in want)
            if (byCode.TryGetValue(code(w), out var h)) matched[code(w)] = h;
        var fileCodes = want.Select(code).ToHashSet();
        var free = have.Where(h => currentCode(h) is not { } c || !fileCodes.Contains(c.ToUpperInvariant()))
            .GroupBy(h => (currentParentId(h), currentName(h).ToUpperInvariant())).ToDictionary(g => g.Key, g => g.First());
        foreach (var w in want.Where(w => !matched.ContainsKey(code(w))))
            if (parentId(w) is { } parent && free.Remove((parent, name(w).ToUpperInvariant()), out var h)) matched[code(w)] = h;
        return matched;
    }

    private static void Add(List<PlannedChange> changes, ImportLevel level, string key, string name, int row, int? id, bool? isActive,
        List<FieldChange> fields, object desired)
    {
        var kind = id is null ? ChangeKind.Create : isActive == false ? ChangeKind.Reactivate : fields.Count > 0 ? ChangeKind.Change : (ChangeKind?)null;
        if (kind is null) return;
        changes.Add(new PlannedChange { Level = level, Kind = kind.Value, Key = key, Name = name, Row = row, ExistingId = id, Fields = fields, Desired = desired });
    }

    private static PlannedChange Deactivation(ImportLevel level, string key, string name, int id) =>
        new() { Level = level, Kind = ChangeKind.Deactivate, Key = key, Name = name, ExistingId = id };

    private static void Compare(List<FieldChange> fields, string field, string? before, string? after)
    {
        if (!string.Equals(before ?? "", after ?? "", StringComparison.Ordinal)) fields.Add(new FieldChange(field, before, after));
    }

    private static string? Join(IEnumerable<string> values) => values.ToList() is { Count: > 0 } list ? string.Join(" | ", list) : null;
}
