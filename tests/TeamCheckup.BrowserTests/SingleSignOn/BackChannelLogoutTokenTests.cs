using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.BrowserTests.SingleSignOn;

/// <summary>
/// The back-channel logout endpoint takes only logout tokens the provider signed for this client. The tokens
/// here are made with the provider's own signing key (its key file), or deliberately not.
/// </summary>
public sealed class BackChannelLogoutTokenTests
{
    private const string Subject = "subject-backchannel-tokens";
    private const string Sid = "sid-backchannel-tokens";
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private static string Issuer => SingleSignOnSession.Provider.Issuer.ToString().TrimEnd('/');
    private static SigningCredentials ProviderKey => new(new JsonWebKey(File.ReadAllText(SingleSignOnSession.Provider.KeysFile)), SecurityAlgorithms.RsaSha256);

    private static string Token(Action<SecurityTokenDescriptor>? change = null, SigningCredentials? key = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = OpenIdProvider.ClientId,
            IssuedAt = now,
            Expires = now.AddHours(1),
            TokenType = "logout+jwt",
            SigningCredentials = key ?? ProviderKey,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = Subject,
                ["sid"] = Sid,
                ["jti"] = Guid.NewGuid().ToString("N"),
                ["events"] = new Dictionary<string, object> { [BackChannelLogout.LogoutEvent] = new Dictionary<string, object>() },
            },
        };
        change?.Invoke(descriptor);
        return Handler.CreateToken(descriptor);
    }

    public static IEnumerable<TestCaseData> ForgedTokens()
    {
        TestCaseData Case(string name, Func<string> token) => new TestCaseData(token).SetArgDisplayNames(name);
        yield return Case("another key, same key id", () => Token(key: new SigningCredentials(
            new RsaSecurityKey(RSA.Create(2048)) { KeyId = new JsonWebKey(File.ReadAllText(SingleSignOnSession.Provider.KeysFile)).KeyId }, SecurityAlgorithms.RsaSha256)));
        yield return Case("an unknown key", () => Token(key: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "other" }, SecurityAlgorithms.RsaSha256)));
        yield return Case("another audience", () => Token(d => d.Audience = "another-client"));
        yield return Case("another issuer", () => Token(d => d.Issuer = "http://idp.elsewhere.example"));
        yield return Case("expired", () => Token(d => { d.IssuedAt = DateTime.UtcNow.AddHours(-3); d.Expires = DateTime.UtcNow.AddHours(-2); }));
        yield return Case("no logout event", () => Token(d => d.Claims["events"] = new Dictionary<string, object> { ["http://example/other-event"] = new Dictionary<string, object>() }));
        yield return Case("with a nonce", () => Token(d => d.Claims["nonce"] = "abc"));
        yield return Case("without iat", () => Token(d => d.IssuedAt = null));
        yield return Case("neither sub nor sid", () => Token(d => { d.Claims.Remove("sub"); d.Claims.Remove("sid"); }));
        yield return Case("unsigned", () => Token(d => d.SigningCredentials = null));
    }

    [TestCaseSource(nameof(ForgedTokens))]
    public async Task A_token_that_is_not_the_providers_logout_token_for_this_client_ends_nothing(Func<string> token)
    {
        await OpenSessionAsync();
        using var response = await PostAsync(token());
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
            Assert.That(await SessionsAsync(), Is.EqualTo(1), "the session is still open");
        });
    }

    [Test]
    public async Task The_providers_token_ends_the_session_it_names_and_a_subject_alone_ends_all_of_its_sessions()
    {
        await OpenSessionAsync();
        using (var bySid = await PostAsync(Token()))
            Assert.That(bySid.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SessionsAsync(), Is.Zero);

        await OpenSessionAsync();
        await OpenSessionAsync();
        using (var bySubject = await PostAsync(Token(d => d.Claims.Remove("sid"))))
            Assert.That(bySubject.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await SessionsAsync(), Is.Zero);
    }

    private static async Task OpenSessionAsync()
    {
        var result = await SingleSignOnSession.Services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(
            new ExternalIdentity(Subject, "bert.backchannel", "Bert Backchannel", null, [Roles.TeamLead], [new ScopeGrant(ScopeTypes.Team, 1)])
            { Issuer = Issuer, ProviderSessionId = Sid });
        Assert.That(result.Outcome, Is.EqualTo(SingleSignOnOutcome.SignedIn));
    }

    private static Task<long> SessionsAsync() => SingleSignOnSession.ScalarAsync<long>(
        "SELECT COUNT(*) FROM user_sessions s JOIN users u ON u.id = s.user_id WHERE u.external_subject = @Subject", new { Subject });

    private static async Task<HttpResponseMessage> PostAsync(string token)
    {
        using var http = new HttpClient { BaseAddress = SingleSignOnSession.BaseAddress };
        return await http.PostAsync("/account/backchannel-logout", new FormUrlEncodedContent([new("logout_token", token)]));
    }

    [TearDown]
    public Task EndSessionsAsync() => SingleSignOnSession.ScalarAsync<long>(
        "DELETE FROM user_sessions WHERE user_id IN (SELECT id FROM users WHERE external_subject = @Subject)", new { Subject });
}
