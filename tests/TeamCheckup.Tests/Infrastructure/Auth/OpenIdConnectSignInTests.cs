using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>
/// Single sign-on: the identity provider's claims become an app account (<see cref="OpenIdConnectSignIn.Map"/>),
/// and <see cref="OpenIdConnectSignIn.SignInAsync"/> stores it or refuses it. The journeys through a real
/// provider are in the browser tests (SingleSignOn).
/// </summary>
public class OpenIdConnectSignInTests
{
    private const string Issuer = "https://idp.politie.example";

    private static readonly OpenIdConnectSettings Settings = new()
    {
        RoleClaim = "roles",
        ScopeClaim = "teamcheckup_scope",
        RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["TC-Teamchef"] = Roles.TeamLead, ["TC-HRM"] = Roles.HrmAdvisor, ["TC-Beheer"] = Roles.Administrator },
    };

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value, ClaimValueTypes.String, Issuer)), "oidc"));

    [Test]
    public void Claims_map_to_subject_user_name_display_name_email_roles_scopes_issuer_and_sid()
    {
        var identity = OpenIdConnectSignIn.Map(Principal(
            ("sub", "a1b2c3"),
            ("sid", "provider-session-1"),
            ("preferred_username", "J.Jansen@Politie.NL"),
            ("name", "Jan Jansen"),
            ("email", "j.jansen@politie.nl"),
            ("roles", "TC-Teamchef"),
            ("roles", "tc-hrm"),                 // role map is case-insensitive
            ("roles", "Chief"),                  // an app role's own name grants nothing without the opt-in
            ("roles", "Domain Users"),           // unknown: ignored, reported
            ("teamcheckup_scope", "Team:140"),
            ("teamcheckup_scope", "unit:12"),    // scope type is case-insensitive
            ("teamcheckup_scope", "Team:140"),   // duplicate
            ("teamcheckup_scope", "Region:1"),   // unknown type
            ("teamcheckup_scope", "Team:abc"),   // not a number
            ("teamcheckup_scope", "Team:-5"),    // not a plain number
            ("teamcheckup_scope", "District")), Settings);

        Assert.Multiple(() =>
        {
            Assert.That(identity.Subject, Is.EqualTo("a1b2c3"));
            Assert.That(identity.Issuer, Is.EqualTo(Issuer));
            Assert.That(identity.ProviderSessionId, Is.EqualTo("provider-session-1"));
            Assert.That(identity.UserName, Is.EqualTo("j.jansen@politie.nl"), "lower case");
            Assert.That(identity.DisplayName, Is.EqualTo("Jan Jansen"));
            Assert.That(identity.Email, Is.EqualTo("j.jansen@politie.nl"));
            Assert.That(identity.Roles, Is.EquivalentTo(new[] { Roles.TeamLead, Roles.HrmAdvisor }));
            Assert.That(identity.UnmappedRoles, Is.EquivalentTo(new[] { "Chief", "Domain Users" }));
            Assert.That(identity.Scopes, Is.EquivalentTo(new[] { new ScopeGrant(ScopeTypes.Team, 140), new ScopeGrant(ScopeTypes.Unit, 12) }));
        });
    }

    [Test]
    public void Identical_role_names_grant_only_with_the_opt_in()
    {
        var claims = Principal(("sub", "x"), ("roles", "Administrator"), ("roles", "teamlead"), ("roles", "Nobody"));
        var strict = OpenIdConnectSignIn.Map(claims, Settings);
        var optedIn = OpenIdConnectSignIn.Map(claims, new OpenIdConnectSettings { AllowIdenticalRoleNames = true });

        Assert.Multiple(() =>
        {
            Assert.That(strict.Roles, Is.Empty, "without a RoleMap entry, Administrator is not granted");
            Assert.That(strict.UnmappedRoles, Is.EquivalentTo(new[] { "Administrator", "teamlead", "Nobody" }));
            Assert.That(optedIn.Roles, Is.EquivalentTo(new[] { Roles.Administrator, Roles.TeamLead }), "stored with the app's spelling");
            Assert.That(optedIn.UnmappedRoles, Is.EqualTo(new[] { "Nobody" }));
        });
    }

    [Test]
    public void Standard_claim_types_are_understood_when_the_short_names_are_missing()
    {
        var identity = OpenIdConnectSignIn.Map(Principal(
            (ClaimTypes.NameIdentifier, "xyz"),
            (ClaimTypes.Upn, "P.Pietersen@politie.nl"),
            (ClaimTypes.Name, "Piet Pietersen"),
            (ClaimTypes.Email, "p@politie.nl"),
            (ClaimTypes.Role, "TC-Beheer")), Settings);

        Assert.Multiple(() =>
        {
            Assert.That(identity.Subject, Is.EqualTo("xyz"));
            Assert.That(identity.UserName, Is.EqualTo("p.pietersen@politie.nl"));
            Assert.That(identity.DisplayName, Is.EqualTo("Piet Pietersen"));
            Assert.That(identity.Email, Is.EqualTo("p@politie.nl"));
            Assert.That(identity.Roles, Is.EqualTo(new[] { Roles.Administrator }));
            Assert.That(identity.Scopes, Is.Empty);
        });
    }

    [Test]
    public void A_scope_claim_may_hold_several_values_and_role_names_keep_their_spaces()
    {
        var settings = new OpenIdConnectSettings { RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["TC Teamchef Basisteam"] = Roles.TeamLead } };
        var identity = OpenIdConnectSignIn.Map(Principal(("sub", "s"), ("roles", "TC Teamchef Basisteam"),
            ("teamcheckup_scope", "Team:1 Team:2,District:3")), settings);

        Assert.Multiple(() =>
        {
            Assert.That(identity.Roles, Is.EqualTo(new[] { Roles.TeamLead }));
            Assert.That(identity.Scopes, Is.EquivalentTo(new[]
            {
                new ScopeGrant(ScopeTypes.Team, 1), new ScopeGrant(ScopeTypes.Team, 2), new ScopeGrant(ScopeTypes.District, 3),
            }));
        });
    }

    [Test]
    public void Without_a_user_name_the_subject_is_used_and_no_roles_means_no_roles()
    {
        var identity = OpenIdConnectSignIn.Map(Principal(("sub", "ABC-123"), ("roles", "   ")), Settings);
        Assert.Multiple(() =>
        {
            Assert.That(identity.UserName, Is.EqualTo("abc-123"));
            Assert.That(identity.DisplayName, Is.EqualTo("abc-123"));
            Assert.That(identity.Email, Is.Null);
            Assert.That(identity.Roles, Is.Empty);
            Assert.That(identity.UnmappedRoles, Is.Empty);
        });
    }

    [Test]
    public void A_token_without_a_subject_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => OpenIdConnectSignIn.Map(Principal(("email", "x@politie.nl")), Settings));
    }

    // ---- storing or refusing the account ---------------------------------------------------------

    private static ExternalIdentity Identity(string subject, string userName, string[] roles, params ScopeGrant[] scopes) =>
        new(subject, userName, "SSO Gebruiker", $"{userName}@politie.example", roles, scopes) { Issuer = Issuer, ProviderSessionId = "sid-" + subject };

    [Test]
    public async Task Signing_in_again_replaces_roles_scopes_and_profile_with_what_the_provider_says()
    {
        using var app = await TestApp.StartAsync();
        var signIn = app.Services.GetRequiredService<OpenIdConnectSignIn>();
        var identity = Identity("sub-9", "sso9", [Roles.Chief, Roles.HrmAdvisor], new ScopeGrant(ScopeTypes.Unit, 1));

        var first = await signIn.SignInAsync(identity);
        var second = await signIn.SignInAsync(identity with { DisplayName = "SSO Hernoemd", Roles = [Roles.TeamLead], Scopes = [new ScopeGrant(ScopeTypes.Team, 7)] });

        var userId = await app.ScalarAsync<long>("SELECT id FROM users WHERE external_subject = 'sub-9'");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first.Outcome, Is.EqualTo(SingleSignOnOutcome.SignedIn));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE external_subject = 'sub-9'"), Is.EqualTo(1), "one account per subject");
            Assert.That(await app.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId", new { userId }), Is.EqualTo(new[] { Roles.TeamLead }));
            Assert.That(await app.QueryAsync<string>("SELECT scope_type || ':' || scope_id FROM user_scopes WHERE user_id = @userId", new { userId }), Is.EqualTo(new[] { "Team:7" }));
            Assert.That(await app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = @userId", new { userId }), Is.EqualTo("SSO Hernoemd"));
            Assert.That(await app.ScalarAsync<string?>("SELECT password_hash FROM users WHERE id = @userId", new { userId }), Is.Null, "no local password");
            Assert.That(second.Principal!.IsInRole(Roles.TeamLead) && !second.Principal.IsInRole(Roles.Chief), Is.True);
            Assert.That(second.Principal.HasClaim(AppClaims.SignInMethod, AppClaims.ViaSingleSignOn), Is.True);
            Assert.That(first.Principal!.FindFirst(AppClaims.SessionId)!.Value, Is.Not.EqualTo(second.Principal.FindFirst(AppClaims.SessionId)!.Value));
        });
    }

    [Test]
    public async Task A_session_remembers_the_provider_session_and_when_it_passes_through_the_provider_again()
    {
        var clock = new ManualTimeProvider();
        using var app = await TestApp.StartAsync(new TestAppOptions
        {
            Clock = clock,
            Settings = new Dictionary<string, string?> { ["Authentication:OpenIdConnect:RecheckInterval"] = "00:30:00" },
        });
        var result = await app.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(Identity("sub-r", "ssor", [Roles.Chief], new ScopeGrant(ScopeTypes.Unit, 1)));
        var sessionId = result.Principal!.FindFirst(AppClaims.SessionId)!.Value;
        var userId = int.Parse(result.Principal.FindFirst(AppClaims.UserId)!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var sessions = app.Services.GetRequiredService<SessionStore>();

        var providerSession = await app.ScalarAsync<string>("SELECT provider_session_id FROM user_sessions WHERE id = @sessionId", new { sessionId });
        clock.Advance(TimeSpan.FromMinutes(15));
        var within = await sessions.CheckAsync(sessionId, userId);
        clock.Advance(TimeSpan.FromMinutes(15));
        var after = await sessions.CheckAsync(sessionId, userId);
        Assert.Multiple(() =>
        {
            Assert.That(providerSession, Is.EqualTo("sid-sub-r"));
            Assert.That(within, Is.EqualTo(SessionState.Valid));
            Assert.That(after, Is.EqualTo(SessionState.RecheckDue));
        });
        Assert.That(await sessions.CheckAsync(sessionId, userId), Is.EqualTo(SessionState.Ended), "the due session was ended");
    }

    [Test]
    public async Task No_mapped_role_creates_no_account_and_no_session_and_is_audited()
    {
        using var app = await TestApp.StartAsync();
        var mark = await app.AuditMarkAsync();
        var identity = Identity("sub-none", "ssonone", []) with { UnmappedRoles = ["Domain Users"] };

        var result = await app.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(identity);

        var audit = await app.AuditSinceAsync(mark);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.NoAccess));
            Assert.That(result.Principal, Is.Null);
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE external_subject = 'sub-none'"), Is.Zero);
            Assert.That(audit, Has.Exactly(1).Matches<AuditRow>(e => e.Action == AuditActions.SignInFailed && e.Actor == "ssonone"
                && e.Details!.Contains("reason=no mapped role") && e.Details.Contains($"issuer={Issuer}") && e.Details.Contains("subject=sub-none")
                && e.Details.Contains("unmapped provider roles=Domain Users")));
            Assert.That(app.Log.Entries, Has.Some.Matches<(LogLevel Level, string Category, string Message, Exception? Exception)>(
                e => e.Level == LogLevel.Warning && e.Message.Contains("Domain Users") && e.Message.Contains("RoleMap")), "the unmapped role name is logged");
        });
    }

    [Test]
    public async Task Losing_every_role_at_the_provider_withdraws_the_rights_and_sessions_here()
    {
        using var app = await TestApp.StartAsync();
        var signIn = app.Services.GetRequiredService<OpenIdConnectSignIn>();
        var identity = Identity("sub-gone", "ssogone", [Roles.TeamLead], new ScopeGrant(ScopeTypes.Team, 1));
        await signIn.SignInAsync(identity);
        var userId = await app.ScalarAsync<long>("SELECT id FROM users WHERE external_subject = 'sub-gone'");

        var result = await signIn.SignInAsync(identity with { Roles = [], Scopes = [] });

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.NoAccess));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_roles WHERE user_id = @userId", new { userId }), Is.Zero);
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_scopes WHERE user_id = @userId", new { userId }), Is.Zero);
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_sessions WHERE user_id = @userId", new { userId }), Is.Zero);
        });
    }

    [Test]
    public async Task A_deactivated_account_gets_no_session_and_is_audited()
    {
        using var app = await TestApp.StartAsync();
        var signIn = app.Services.GetRequiredService<OpenIdConnectSignIn>();
        var identity = Identity("sub-off", "ssooff", [Roles.Chief], new ScopeGrant(ScopeTypes.Unit, 1));
        await signIn.SignInAsync(identity);
        await app.ExecuteAsync("UPDATE users SET is_active = 0 WHERE external_subject = 'sub-off'");
        await app.ExecuteAsync("DELETE FROM user_sessions");
        var mark = await app.AuditMarkAsync();

        var result = await signIn.SignInAsync(identity);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.Deactivated));
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM user_sessions"), Is.Zero);
            Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e => e.Action == AuditActions.SignInFailed
                && e.Details!.Contains("reason=account deactivated in TeamCheckup")));
        });
    }

    [Test]
    public async Task A_user_name_taken_by_a_local_account_is_refused_and_the_local_account_is_untouched()
    {
        using var app = await TestApp.StartAsync();
        var before = await app.SnapshotAsync("audit_entries.*");
        var mark = await app.AuditMarkAsync();

        var result = await app.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(Identity("sub-clash", Demo.TeamLead, [Roles.Administrator]));

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.NameClash));
            Assert.That(result.Principal, Is.Null);
        });
        Assert.That(await app.SnapshotAsync("audit_entries.*"), Is.EqualTo(before), "nothing stored, nothing linked");
        Assert.That(await app.AuditSinceAsync(mark), Has.Exactly(1).Matches<AuditRow>(e => e.Action == AuditActions.SignInFailed
            && e.Actor == Demo.TeamLead && e.Details!.Contains("reason=user name already used by another account")));
        using var local = await app.SignInAsync(Demo.TeamLead); // the local account still signs in
    }

    [Test]
    public async Task The_sign_in_audit_entry_names_issuer_subject_roles_and_scopes()
    {
        using var app = await TestApp.StartAsync();
        var mark = await app.AuditMarkAsync();

        await app.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(
            Identity("sub-a", "ssoa", [Roles.TeamLead, Roles.HrmAdvisor], new ScopeGrant(ScopeTypes.Team, 3), new ScopeGrant(ScopeTypes.Unit, 1)));

        var entry = (await app.AuditSinceAsync(mark)).Single(e => e.Action == AuditActions.SignIn);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Actor, Is.EqualTo("ssoa"));
            Assert.That(entry.Details, Is.EqualTo($"openid connect; issuer={Issuer}; subject=sub-a; roles=TeamLead,HrmAdvisor; scopes=Team:3,Unit:1"));
        });
    }
}
