namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>The roles of SPEC §2. Stored as these exact strings.</summary>
public static class Roles
{
    public const string TeamLead = "TeamLead";
    public const string HrmAdvisor = "HrmAdvisor";
    public const string VikAdvisor = "VikAdvisor";
    public const string CommunicationsAdvisor = "CommunicationsAdvisor";
    public const string Chief = "Chief";
    public const string Administrator = "Administrator";
    /// <summary>Someone outside HRM, VIK and Communications (occupational health physician, confidential counsellor …):
    /// only the cases they are added to, and only the entries the lead discipline shares with them. Needs no scope.</summary>
    public const string Expert = "Expert";
    /// <summary>The local authorities (mayor, the triangle of a unit or basic team): aggregate figures of the units or basic
    /// teams they hold (Features/Authority), nothing else. Scope rows of type Unit or Team (a basic team) only.</summary>
    public const string Authority = "Authority";

    /// <summary>A representative of a staff network or of the internal advisory group "Politie voor iedereen": files signals
    /// about a theme and a unit (never a person) to leadership and reads the answers (issue 17 item 1). Scope: Network rows.</summary>
    public const string Network = "Network";

    public static readonly IReadOnlyList<string> All =
        [TeamLead, HrmAdvisor, VikAdvisor, CommunicationsAdvisor, Chief, Administrator, Expert, Authority, Network];
}

/// <summary>What a scope row points at.</summary>
public static class ScopeTypes
{
    public const string Unit = "Unit";
    public const string District = "District";
    public const string Team = "Team";
    /// <summary>The whole organisation (scope id <see cref="OrganisationId"/>): on the Chief role, the organisation-wide
    /// Leadership that receives the networks' signals about the whole organisation and every escalation. It does not
    /// reach the units' teams or cases.</summary>
    public const string Organisation = "Organisation";
    /// <summary>A staff network or the advisory group (networks.id) a Network representative speaks for.</summary>
    public const string Network = "Network";

    public const int OrganisationId = 0;

    public static readonly IReadOnlyList<string> All = [Unit, District, Team, Organisation, Network];
}

/// <summary>Claim types the app issues in its own cookie.</summary>
public static class AppClaims
{
    public const string UserId = "tc:uid";
    public const string SessionId = "tc:sid";

    /// <summary>How the session began; <see cref="ViaSingleSignOn"/> for the organisation's identity provider.</summary>
    public const string SignInMethod = "tc:via";
    public const string ViaSingleSignOn = "sso";
}
