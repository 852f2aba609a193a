namespace TeamCheckup.Web.Features.Organisation;

/// <summary>Team types (SPEC §3). Stored as these keys; the UI shows "TeamType.{key}" from the resources.</summary>
public static class TeamTypes
{
    public static readonly IReadOnlyList<string> All =
        ["Basisteam", "Recherche", "IntakeService", "Opsporing", "Specialist", "Ondersteuning", "Other"];
}
