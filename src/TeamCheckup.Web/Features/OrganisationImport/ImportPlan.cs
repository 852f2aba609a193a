using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TeamCheckup.Web.Features.OrganisationImport;

public enum ImportLevel { Unit, District, Team, Lead }

/// <summary>Create and Change are what they say; Reactivate brings back an inactive row the file names again;
/// Deactivate is for what the file no longer names (a lead: the TeamLead role and team scopes are withdrawn).</summary>
public enum ChangeKind { Create, Change, Reactivate, Deactivate }

/// <summary>One field that changes: its column name, and the value before and after (null = empty).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>One change the import makes, as the preview shows it and the import applies it.</summary>
public sealed class PlannedChange
{
    public required ImportLevel Level { get; init; }
    public required ChangeKind Kind { get; init; }
    /// <summary>The code (unit, district, team) or user name (lead).</summary>
    public required string Key { get; init; }
    public required string Name { get; init; }
    /// <summary>The file's row; none for a deactivation (the row is missing).</summary>
    public int? Row { get; init; }
    /// <summary>The existing row's id; none for a creation.</summary>
    public int? ExistingId { get; init; }
    public IReadOnlyList<FieldChange> Fields { get; init; } = [];

    /// <summary>The desired record (DesiredUnit, DesiredDistrict, DesiredTeam, DesiredLead); none for a deactivation.</summary>
    public object? Desired { get; init; }

    /// <summary>For a lead: the teams to add and to withdraw (codes of teams in the file; ids of teams withdrawn).</summary>
    public IReadOnlyList<string> TeamsToAdd { get; init; } = [];
    public IReadOnlyList<int> TeamIdsToRemove { get; init; } = [];
    public bool AddsLeadRole { get; init; }
}

/// <summary>Every change an import would make, in the order it applies them, with the counts the audit trail records.</summary>
public sealed class ImportPlan
{
    public required IReadOnlyList<PlannedChange> Changes { get; init; }

    public int Count(ImportLevel level, ChangeKind kind) => Changes.Count(c => c.Level == level && c.Kind == kind);

    public bool IsEmpty => Changes.Count == 0;

    /// <summary>"units +1 ~0 ^0 -0; districts ..." (created, changed, reactivated, deactivated).</summary>
    public string Counts() => string.Join("; ", Enum.GetValues<ImportLevel>().Select(level =>
        string.Create(CultureInfo.InvariantCulture,
            $"{level.ToString().ToLowerInvariant()}s +{Count(level, ChangeKind.Create)} ~{Count(level, ChangeKind.Change)} ^{Count(level, ChangeKind.Reactivate)} -{Count(level, ChangeKind.Deactivate)}")));

    /// <summary>A fingerprint of the changes: the confirmation applies a file only if it still makes the changes the
    /// administrator saw in the preview (nobody changed the organisation in between).</summary>
    public string Hash()
    {
        var text = new StringBuilder();
        foreach (var change in Changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"{change.Level}|{change.Kind}|{change.Key}|{change.ExistingId}|");
            foreach (var field in change.Fields) text.Append(field.Field).Append('=').Append(field.Before).Append('>').Append(field.After).Append('|');
            text.Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
