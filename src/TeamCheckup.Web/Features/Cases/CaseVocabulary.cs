namespace TeamCheckup.Web.Features.Cases;

public static class Disciplines
{
    public const string Hrm = "HRM";
    public const string Vik = "VIK";
    public const string Communications = "Communications";
}

public static class CaseStatuses
{
    public const string New = "New";
    public const string Triage = "Triage";
    public const string Action = "Action";
    public const string Monitoring = "Monitoring";
    public const string Closed = "Closed";
    public static readonly IReadOnlyList<string> All = [New, Triage, Action, Monitoring, Closed];
    public static readonly IReadOnlyList<string> Open = [New, Triage, Action, Monitoring];
}

public static class Priorities
{
    public const string High = "High";
    public const string Normal = "Normal";
}

/// <summary>Incident and report categories (SPEC §5) and which discipline leads on them (SPEC §6).</summary>
public static class IncidentCategories
{
    public static readonly IReadOnlyList<string> All =
        ["Discrimination", "Harassment", "Aggression", "Integrity", "Conflict", "DrasticEvent", "Other"];

    public static readonly IReadOnlyList<string> Severities = ["Low", "Medium", "High"];

    /// <summary>Integrity, discrimination, intimidation and harassment → VIK; everything else → HRM.</summary>
    public static string LeadDiscipline(string category) =>
        category is "Discrimination" or "Harassment" or "Integrity" ? Disciplines.Vik : Disciplines.Hrm;
}

public static class OutcomeKinds
{
    public static readonly IReadOnlyList<string> All = ["Resolved", "NoFurtherAction", "Referred", "Monitoring"];
    public const string NoFurtherAction = "NoFurtherAction";
}

public static class MemberRoles
{
    public static readonly IReadOnlyList<string> Automatic = [Disciplines.Hrm, Disciplines.Vik, Disciplines.Communications];
    public static readonly IReadOnlyList<string> Manual = ["OccupationalHealth", "ConfidentialCounsellor", "Legal", "Other"];
    public static readonly IReadOnlyList<string> All = [.. Automatic, .. Manual];
}
