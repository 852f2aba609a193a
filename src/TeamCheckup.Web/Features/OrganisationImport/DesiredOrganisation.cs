using System.Globalization;
using System.Text.RegularExpressions;
using TeamCheckup.Web.Features.Organisation;

namespace TeamCheckup.Web.Features.OrganisationImport;

public sealed record DesiredUnit(int Row, string Code, string Name);
public sealed record DesiredDistrict(int Row, string Code, string Name, string UnitCode);
public sealed record DesiredTeam(int Row, string Code, string Name, string DistrictCode, string TeamType, int Headcount, string? ServiceArea);
public sealed record DesiredLead(int Row, string UserName, string DisplayName, string? Email, IReadOnlyList<string> TeamCodes);

/// <summary>The organisation as the file describes it, once every row has passed the rules.</summary>
public sealed class DesiredOrganisation
{
    public List<DesiredUnit> Units { get; } = [];
    public List<DesiredDistrict> Districts { get; } = [];
    public List<DesiredTeam> Teams { get; } = [];
    public List<DesiredLead> Leads { get; } = [];
}

/// <summary>
/// The rules of the file, row by row and across rows (docs/organisation-import.md): every record names what it must,
/// codes are unique per kind, every parent and every team a lead leads is in the same file, names are unique under
/// their parent, team types and head counts are valid. Every problem is reported with its row, not only the first.
/// Codes compare in upper case; user names in lower case, as the app stores them.
/// </summary>
public static partial class DesiredOrganisationRules
{
    public const int MaxHeadcount = TeamForm.MaxHeadcount;

    public static (DesiredOrganisation Organisation, IReadOnlyList<ImportProblem> Problems) Check(IReadOnlyList<ImportRow> rows)
    {
        var organisation = new DesiredOrganisation();
        var problems = new List<ImportProblem>();
        foreach (var row in rows)
        {
            switch (row[ImportColumns.Record].ToLowerInvariant())
            {
                case "unit": Unit(row, organisation, problems); break;
                case "district": District(row, organisation, problems); break;
                case "team": Team(row, organisation, problems); break;
                case "lead": Lead(row, organisation, problems); break;
                case "": problems.Add(ImportProblem.At(row.Number, "Import.Problem.NoRecord")); break;
                default: problems.Add(ImportProblem.At(row.Number, "Import.Problem.UnknownRecord", row[ImportColumns.Record])); break;
            }
        }
        // References look at every row that names a code, valid or not: a team with a problem of its own is still
        // "in the file", and its lead should not get a second, misleading problem.
        string[] Named(string record) => rows.Where(r => r[ImportColumns.Record].Equals(record, StringComparison.OrdinalIgnoreCase))
            .Select(r => r[ImportColumns.Code].ToUpperInvariant()).Where(c => c.Length > 0).ToArray();
        var (units, districts) = (Named("unit").ToHashSet(), Named("district").ToHashSet());
        foreach (var row in rows)
        {
            var parent = row[ImportColumns.ParentCode].ToUpperInvariant();
            var record = row[ImportColumns.Record].ToLowerInvariant();
            if (record == "district" && parent.Length > 0 && !units.Contains(parent)) problems.Add(ImportProblem.At(row.Number, "Import.Problem.UnknownUnit", parent));
            if (record == "team" && parent.Length > 0 && !districts.Contains(parent)) problems.Add(ImportProblem.At(row.Number, "Import.Problem.UnknownDistrict", parent));
        }
        CheckAcrossRows(organisation, problems, units, districts, Named("team").ToHashSet());
        if (rows.Count > 0 && organisation.Teams.Count == 0 && problems.Count == 0)
            problems.Add(ImportProblem.File("Import.Problem.NoTeams"));
        return (organisation, problems.OrderBy(p => p.Row ?? 0).ToList());
    }

    private static void Unit(ImportRow row, DesiredOrganisation organisation, List<ImportProblem> problems)
    {
        var code = Code(row, problems, maxLength: 20, unit: true);
        var name = Name(row, problems, maxLength: 200);
        if (code is not null && name is not null) organisation.Units.Add(new DesiredUnit(row.Number, code, name));
    }

    private static void District(ImportRow row, DesiredOrganisation organisation, List<ImportProblem> problems)
    {
        var code = Code(row, problems, maxLength: 40);
        var name = Name(row, problems, maxLength: 200);
        var parent = Parent(row, problems);
        if (code is not null && name is not null && parent is not null) organisation.Districts.Add(new DesiredDistrict(row.Number, code, name, parent));
    }

    private static void Team(ImportRow row, DesiredOrganisation organisation, List<ImportProblem> problems)
    {
        var code = Code(row, problems, maxLength: 40);
        var name = Name(row, problems, maxLength: 200);
        var parent = Parent(row, problems);
        var type = TeamTypes.All.FirstOrDefault(t => string.Equals(t, row[ImportColumns.TeamType], StringComparison.OrdinalIgnoreCase));
        if (type is null)
            problems.Add(ImportProblem.At(row.Number, row[ImportColumns.TeamType].Length == 0 ? "Import.Problem.NoTeamType" : "Import.Problem.UnknownTeamType",
                row[ImportColumns.TeamType], string.Join(", ", TeamTypes.All)));
        int? headcount = int.TryParse(row[ImportColumns.Headcount], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= MaxHeadcount ? h : null;
        if (headcount is null) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Headcount", row[ImportColumns.Headcount], MaxHeadcount));
        var area = row[ImportColumns.ServiceArea];
        if (area.Length > 500) problems.Add(ImportProblem.At(row.Number, "Import.Problem.TooLong", ImportColumns.ServiceArea, 500));
        if (code is not null && name is not null && parent is not null && type is not null && headcount is not null && area.Length <= 500)
            organisation.Teams.Add(new DesiredTeam(row.Number, code, name, parent, type, headcount.Value, area.Length == 0 ? null : area));
    }

    private static void Lead(ImportRow row, DesiredOrganisation organisation, List<ImportProblem> problems)
    {
        var userName = row[ImportColumns.UserName].ToLowerInvariant();
        if (userName.Length == 0) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Required", ImportColumns.UserName));
        else if (userName.Length > 100 || !UserNamePattern().IsMatch(userName)) problems.Add(ImportProblem.At(row.Number, "Import.Problem.UserName", userName));
        var name = Name(row, problems, maxLength: 200);
        var email = row[ImportColumns.Email];
        if (email.Length > 0 && (email.Length > 256 || !EmailPattern().IsMatch(email))) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Email", email));
        var teams = row[ImportColumns.TeamCodes].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(c => c.ToUpperInvariant()).Distinct().ToList();
        if (teams.Count == 0) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Required", ImportColumns.TeamCodes));
        // Kept for the checks across rows even with a problem of its own (a file with any problem is never applied).
        if (userName.Length > 0 && teams.Count > 0)
            organisation.Leads.Add(new DesiredLead(row.Number, userName, name ?? "", email.Length == 0 ? null : email, teams));
    }

    private static void CheckAcrossRows(DesiredOrganisation organisation, List<ImportProblem> problems,
        HashSet<string> units, HashSet<string> districts, HashSet<string> teams)
    {
        Unique(organisation.Units, u => u.Code, u => u.Code, u => u.Row, "Import.Problem.DuplicateCode", problems);
        Unique(organisation.Districts, d => d.Code, d => d.Code, d => d.Row, "Import.Problem.DuplicateCode", problems);
        Unique(organisation.Teams, t => t.Code, t => t.Code, t => t.Row, "Import.Problem.DuplicateCode", problems);
        Unique(organisation.Leads, l => l.UserName, l => l.UserName, l => l.Row, "Import.Problem.DuplicateLead", problems);
        Unique(organisation.Districts, d => $"{d.UnitCode}\n{d.Name.ToUpperInvariant()}", d => d.Name, d => d.Row, "Import.Problem.DuplicateName", problems);
        Unique(organisation.Teams, t => $"{t.DistrictCode}\n{t.Name.ToUpperInvariant()}", t => t.Name, t => t.Row, "Import.Problem.DuplicateName", problems);

        var allCodes = units.Concat(districts).Concat(teams).GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        foreach (var lead in organisation.Leads)
            foreach (var code in lead.TeamCodes.Where(c => !teams.Contains(c)))
                problems.Add(ImportProblem.At(lead.Row, "Import.Problem.UnknownTeam", code));
        foreach (var district in organisation.Districts.Where(d => allCodes.Contains(d.Code)))
            problems.Add(ImportProblem.At(district.Row, "Import.Problem.CodeOfAnotherKind", district.Code));
        foreach (var team in organisation.Teams.Where(t => allCodes.Contains(t.Code)))
            problems.Add(ImportProblem.At(team.Row, "Import.Problem.CodeOfAnotherKind", team.Code));
    }

    private static void Unique<T>(IEnumerable<T> items, Func<T, string> key, Func<T, string> shown, Func<T, int> row, string problemKey, List<ImportProblem> problems)
    {
        foreach (var group in items.GroupBy(key).Where(g => g.Count() > 1))
        {
            var first = row(group.First());
            foreach (var item in group.Skip(1))
                problems.Add(ImportProblem.At(row(item), problemKey, shown(item), first));
        }
    }

    /// <summary>Unit codes follow the unit form (letters, digits, hyphens); district and team codes may also hold . and _.</summary>
    private static string? Code(ImportRow row, List<ImportProblem> problems, int maxLength, bool unit = false)
    {
        var code = row[ImportColumns.Code].ToUpperInvariant();
        if (code.Length == 0) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Required", ImportColumns.Code));
        else if (code.Length > maxLength || !(unit ? UnitCodePattern() : CodePattern()).IsMatch(code))
            problems.Add(ImportProblem.At(row.Number, unit ? "Import.Problem.UnitCodeFormat" : "Import.Problem.CodeFormat", code, maxLength));
        else return code;
        return null;
    }

    private static string? Name(ImportRow row, List<ImportProblem> problems, int maxLength)
    {
        var name = row[ImportColumns.Name];
        if (name.Length == 0) problems.Add(ImportProblem.At(row.Number, "Import.Problem.Required", ImportColumns.Name));
        else if (name.Length > maxLength) problems.Add(ImportProblem.At(row.Number, "Import.Problem.TooLong", ImportColumns.Name, maxLength));
        else return name;
        return null;
    }

    private static string? Parent(ImportRow row, List<ImportProblem> problems)
    {
        var parent = row[ImportColumns.ParentCode].ToUpperInvariant();
        if (parent.Length > 0) return parent;
        problems.Add(ImportProblem.At(row.Number, "Import.Problem.Required", ImportColumns.ParentCode));
        return null;
    }

    [GeneratedRegex("^[A-Z0-9-]+$")]
    private static partial Regex UnitCodePattern();

    [GeneratedRegex("^[A-Z0-9._-]+$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[a-z0-9._@-]+$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
