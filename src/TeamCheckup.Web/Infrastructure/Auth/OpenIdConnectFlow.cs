using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using TeamCheckup.Web.Infrastructure.Audit;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>Where the browser goes after a single sign-on attempt that did not end in a session.</summary>
public static class SingleSignOnPages
{
    public const string NoAccess = "no-access";
    public const string Deactivated = "deactivated";
    public const string NameClash = "name-clash";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Unavailable = "unavailable";

    public static readonly IReadOnlyList<string> All = [NoAccess, Deactivated, NameClash, Cancelled, Failed, Unavailable];

    public static string PathOf(string page) => $"/account/sso/{page}";

    public static string For(SingleSignOnOutcome outcome) => outcome switch
    {
        SingleSignOnOutcome.NoAccess => NoAccess,
        SingleSignOnOutcome.Deactivated => Deactivated,
        SingleSignOnOutcome.NameClash => NameClash,
        _ => Failed,
    };
}

/// <summary>
/// The OpenID Connect handler's settings and events: authorization code flow with PKCE, claims read from
/// the ID token and the userinfo endpoint, the account mapped once both are merged (<c>OnTicketReceived</c>),
/// only the ID token kept (the hint for the provider's end-session endpoint), and every way the attempt
/// can fail turned into its own audited page instead of an exception.
/// </summary>
public static class OpenIdConnectFlow
{
    public static void Configure(OpenIdConnectOptions options, OpenIdConnectSettings settings, IHostEnvironment environment)
    {
        options.Authority = settings.Authority;
        options.ClientId = settings.ClientId;
        options.ClientSecret = settings.ClientSecret;
        options.RequireHttpsMetadata = !settings.AllowsHttp(environment);
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.SaveTokens = true; // trimmed to the ID token in OnTicketReceived
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.DisableTelemetry = true;
        options.BackchannelTimeout = settings.BackchannelTimeout;
        options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.SignedOutRedirectUri = "/account/sign-in?signedOut=1";
        options.Scope.Clear();
        foreach (var scope in settings.ScopeList()) options.Scope.Add(scope);

        // Claims the userinfo endpoint may carry beyond the handler's defaults (sub, name, email, …).
        options.ClaimActions.MapJsonKey(settings.RoleClaim, settings.RoleClaim);
        options.ClaimActions.MapJsonKey(settings.ScopeClaim, settings.ScopeClaim);
        options.ClaimActions.MapUniqueJsonKey("preferred_username", "preferred_username");
        options.ClaimActions.MapUniqueJsonKey("upn", "upn");

        if (environment.IsDevelopment())
        {
            // Development runs on plain http, where SameSite=None cookies (which must be Secure) are dropped.
            foreach (var cookie in new[] { options.CorrelationCookie, options.NonceCookie })
            {
                cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SameSite = SameSiteMode.Lax;
            }
        }

        options.Events.OnTicketReceived = context => TicketReceivedAsync(context, settings);
        options.Events.OnAccessDenied = AccessDeniedAsync;
        options.Events.OnRemoteFailure = RemoteFailureAsync;
    }

    private static async Task TicketReceivedAsync(TicketReceivedContext context, OpenIdConnectSettings settings)
    {
        var services = context.HttpContext.RequestServices;
        ExternalIdentity identity;
        try
        {
            identity = OpenIdConnectSignIn.Map(context.Principal!, settings);
        }
        catch (InvalidOperationException e)
        {
            await RecordFailureAsync(context.HttpContext, "anonymous", e.Message);
            Refuse(context, SingleSignOnPages.Failed);
            return;
        }

        var result = await services.GetRequiredService<OpenIdConnectSignIn>().SignInAsync(identity);
        if (result.Outcome != SingleSignOnOutcome.SignedIn)
        {
            Refuse(context, SingleSignOnPages.For(result.Outcome));
            return;
        }
        context.Principal = result.Principal;
        var properties = context.Properties!;
        var idToken = properties.GetTokenValue(OpenIdConnectParameterNames.IdToken);
        properties.StoreTokens(idToken is null ? [] : [new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
        properties.IsPersistent = false;
    }

    private static async Task AccessDeniedAsync(AccessDeniedContext context)
    {
        await RecordFailureAsync(context.HttpContext, "anonymous", "cancelled at the provider (access_denied)");
        context.Response.Redirect(SingleSignOnPages.PathOf(SingleSignOnPages.Cancelled));
        context.HandleResponse();
    }

    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        var unavailable = IsUnreachable(context.Failure);
        var reason = (unavailable ? "provider unavailable: " : "refused: ") + Shorten(context.Failure?.Message);
        context.HttpContext.RequestServices.GetRequiredService<ILogger<OpenIdConnectSignIn>>()
            .LogWarning(context.Failure, "Single sign-on failed: {Reason}", reason);
        await RecordFailureAsync(context.HttpContext, "anonymous", reason);
        context.Response.Redirect(SingleSignOnPages.PathOf(unavailable ? SingleSignOnPages.Unavailable : SingleSignOnPages.Failed));
        context.HandleResponse();
    }

    /// <summary>An audit entry for a failed attempt (sign-in failed, method and reason).</summary>
    public static Task RecordFailureAsync(HttpContext http, string actor, string reason) =>
        http.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(actor, AuditActions.SignInFailed,
            details: $"{OpenIdConnectSignIn.Method}; reason={reason}");

    private static void Refuse(TicketReceivedContext context, string page)
    {
        context.Response.Redirect(SingleSignOnPages.PathOf(page));
        context.HandleResponse();
    }

    private static bool IsUnreachable(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
            if (e is HttpRequestException or TaskCanceledException or TimeoutException or System.Net.Sockets.SocketException) return true;
        return false;
    }

    private static string Shorten(string? message) =>
        message is null ? "unknown" : message.Length <= 300 ? message : message[..300] + "…";
}
