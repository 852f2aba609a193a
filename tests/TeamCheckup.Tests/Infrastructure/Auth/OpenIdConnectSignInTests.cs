using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Tests.Infrastructure.Auth;

/// <summary>Single sign-on: the identity provider's claims become an app account (<see cref="OpenIdConnectSignIn.Map"/>).</summary>
public class OpenIdConnectSignInTests
{
    private static readonly OpenIdConnectSettings Settings = new()
    {
        RoleClaim = "roles",
        ScopeClaim = "teamcheckup_scope",
        RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["TC-Teamchef"] = Roles.TeamLead, ["TC-HRM"] = Roles.HrmAdvisor },
    };

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Test]
    public void Claims_map_to_subject_user_name_display_name_email_roles_and_scopes()
    {
        var identity = OpenIdConnectSignIn.Map(Principal(
            ("sub", "a1b2c3"),
            ("preferred_username", "J.Jansen@Politie.NL"),
            ("name", "Jan Jansen"),
            ("email", "j.jansen@politie.nl"),
            ("roles", "TC-Teamchef"),
            ("roles", "tc-hrm"),                 // role map is case-insensitive
            ("roles", "Chief"),                  // an app role name passes as it is
            ("roles", "Domain Users"),           // unknown: ignored
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
            Assert.That(identity.UserName, Is.EqualTo("j.jansen@politie.nl"), "lower case");
            Assert.That(identity.DisplayName, Is.EqualTo("Jan Jansen"));
            Assert.That(identity.Email, Is.EqualTo("j.jansen@politie.nl"));
            Assert.That(identity.Roles, Is.EquivalentTo(new[] { Roles.TeamLead, Roles.HrmAdvisor, Roles.Chief }));
            Assert.That(identity.Scopes, Is.EquivalentTo(new[] { new ScopeGrant(ScopeTypes.Team, 140), new ScopeGrant(ScopeTypes.Unit, 12) }));
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
            (ClaimTypes.Role, "Administrator")), Settings);

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
    public void Without_a_user_name_the_subject_is_used_and_no_roles_means_no_roles()
    {
        var identity = OpenIdConnectSignIn.Map(Principal(("sub", "ABC-123"), ("roles", "   ")), Settings);
        Assert.Multiple(() =>
        {
            Assert.That(identity.UserName, Is.EqualTo("abc-123"));
            Assert.That(identity.DisplayName, Is.EqualTo("abc-123"));
            Assert.That(identity.Email, Is.Null);
            Assert.That(identity.Roles, Is.Empty);
        });
    }

    [Test]
    public void A_token_without_a_subject_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => OpenIdConnectSignIn.Map(Principal(("email", "x@politie.nl")), Settings));
    }

    [Test]
    public async Task Signing_in_again_replaces_roles_and_scopes_with_what_the_token_says()
    {
        using var app = await TestApp.StartAsync();
        var signIn = app.Services.GetRequiredService<OpenIdConnectSignIn>();
        var identity = new ExternalIdentity("sub-9", "sso@politie.nl", "SSO Gebruiker", null,
            [Roles.Chief, Roles.HrmAdvisor], [new ScopeGrant(ScopeTypes.Unit, 1)]);

        var first = await signIn.SignInAsync(identity);
        var second = await signIn.SignInAsync(identity with { DisplayName = "SSO Hernoemd", Roles = [Roles.TeamLead], Scopes = [new ScopeGrant(ScopeTypes.Team, 7)] });

        var userId = await app.ScalarAsync<long>("SELECT id FROM users WHERE external_subject = 'sub-9'");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM users WHERE external_subject = 'sub-9'"), Is.EqualTo(1), "one account per subject");
            Assert.That(await app.QueryAsync<string>("SELECT role FROM user_roles WHERE user_id = @userId", new { userId }), Is.EqualTo(new[] { Roles.TeamLead }));
            Assert.That(await app.QueryAsync<string>("SELECT scope_type || ':' || scope_id FROM user_scopes WHERE user_id = @userId", new { userId }), Is.EqualTo(new[] { "Team:7" }));
            Assert.That(await app.ScalarAsync<string>("SELECT display_name FROM users WHERE id = @userId", new { userId }), Is.EqualTo("SSO Hernoemd"));
            Assert.That(await app.ScalarAsync<string?>("SELECT password_hash FROM users WHERE id = @userId", new { userId }), Is.Null, "no local password");
            Assert.That(second.IsInRole(Roles.TeamLead) && !second.IsInRole(Roles.Chief), Is.True);
            Assert.That(first.FindFirst(AppClaims.SessionId)!.Value, Is.Not.EqualTo(second.FindFirst(AppClaims.SessionId)!.Value));
        });
    }
}
