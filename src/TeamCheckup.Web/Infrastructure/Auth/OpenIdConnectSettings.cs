namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// The <c>Authentication:OpenIdConnect</c> section (production single sign-on). Checked at start-up by
/// <see cref="Problems"/>: a configuration that cannot work stops the process instead of failing later,
/// page by page. Every setting is listed with its default in the README's single sign-on section.
/// </summary>
public sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public bool Enabled { get; set; }
    public string? Authority { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }

    /// <summary>
    /// Metadata (and the Authority) over https only. <c>false</c> lets a test environment use an http
    /// provider; refused in Production. Development accepts an http Authority without it.
    /// </summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Scopes requested at the provider, separated by spaces; <c>openid</c> is always added.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>Claim holding the user's roles at the identity provider (ID token or userinfo).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim holding scopes as <c>Unit:12</c>, <c>District:3</c> or <c>Team:140</c> (ID token or userinfo).</summary>
    public string ScopeClaim { get; set; } = "teamcheckup_scope";

    /// <summary>Identity-provider role name → app role (<see cref="Roles"/>), case-insensitive. Only mapped names grant a role.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Opt-in: a provider role spelled like an app role (<c>TeamLead</c>, <c>Administrator</c>…) grants it without a map entry.</summary>
    public bool AllowIdenticalRoleNames { get; set; }

    /// <summary>
    /// How long an SSO session lasts before the user passes through the provider again (silently while the
    /// provider's own session lasts): roles and scopes removed at the provider take effect within this time.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the app waits for the provider (metadata, token and userinfo calls) before calling it unavailable.</summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whom a user without a TeamCheckup role should ask (shown on the refusal page); empty: the functional administrator.</summary>
    public string? AccessContact { get; set; }

    /// <summary>The scopes to request: <see cref="Scopes"/> split, with <c>openid</c> first.</summary>
    public IReadOnlyList<string> ScopeList() =>
        new[] { "openid" }.Concat(Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when the Authority may be plain http: in Development, or where the test-environment setting allows it.</summary>
    public bool AllowsHttp(IHostEnvironment environment) =>
        environment.IsDevelopment() || (!RequireHttpsMetadata && !environment.IsProduction());

    /// <summary>What makes this configuration unusable in <paramref name="environment"/>; empty when single sign-on is off or fine.</summary>
    public IReadOnlyList<string> Problems(IHostEnvironment environment)
    {
        if (!Enabled) return [];
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Authority))
            problems.Add("Authority is missing (the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0).");
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
            problems.Add($"Authority '{Authority}' is not an absolute https URL.");
        else if (authority.Scheme == "http" && !AllowsHttp(environment))
            problems.Add($"Authority '{Authority}' does not use https. Only Development, or a test environment with RequireHttpsMetadata=false, accepts http.");
        if (!RequireHttpsMetadata && environment.IsProduction())
            problems.Add("RequireHttpsMetadata=false is for test environments only and is refused in Production.");
        if (string.IsNullOrWhiteSpace(ClientId)) problems.Add("ClientId is missing (the application id registered at the provider).");
        if (string.IsNullOrWhiteSpace(ClientSecret)) problems.Add("ClientSecret is missing (the client secret registered at the provider).");
        if (string.IsNullOrWhiteSpace(RoleClaim)) problems.Add("RoleClaim is empty.");
        if (string.IsNullOrWhiteSpace(ScopeClaim)) problems.Add("ScopeClaim is empty.");
        foreach (var (providerRole, appRole) in RoleMap)
            if (!Roles.All.Contains(appRole, StringComparer.Ordinal))
                problems.Add($"RoleMap maps '{providerRole}' to '{appRole}', which is not an app role ({string.Join(", ", Roles.All)}).");
        if (RoleMap.Count == 0 && !AllowIdenticalRoleNames)
            problems.Add("RoleMap is empty and AllowIdenticalRoleNames is false: no one signing in via the provider would get a role.");
        if (RecheckInterval <= TimeSpan.Zero) problems.Add("RecheckInterval must be longer than zero.");
        if (BackchannelTimeout <= TimeSpan.Zero) problems.Add("BackchannelTimeout must be longer than zero.");
        return problems;
    }

    /// <summary>Throws a readable <see cref="InvalidSettingsException"/> when <see cref="Problems"/> finds any.</summary>
    public void EnsureValid(IHostEnvironment environment)
    {
        var problems = Problems(environment);
        if (problems.Count > 0)
            throw new InvalidSettingsException(
                $"TeamCheckup cannot start: the single sign-on settings ({Section}) are not usable in {environment.EnvironmentName}:" +
                string.Concat(problems.Select(p => $"{Environment.NewLine}  - {p}")) +
                $"{Environment.NewLine}Fix them, or set {Section}:Enabled=false to run with local accounts only.");
    }
}

/// <summary>Settings that cannot work; the process reports the message and stops (see Program.cs).</summary>
public sealed class InvalidSettingsException(string message) : Exception(message);
