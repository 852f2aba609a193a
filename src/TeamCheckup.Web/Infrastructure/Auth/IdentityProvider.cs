using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// The organisation's identity provider as the app reaches it at run time: its metadata (endpoints and
/// signing keys) through the OpenID Connect handler's own configuration cache, and whether it answers
/// at all. Only the sign-in, sign-out and back-channel pages ask; nothing else depends on the provider.
/// </summary>
public sealed class IdentityProvider(
    IOptionsMonitor<OpenIdConnectOptions> handlerOptions,
    OpenIdConnectSettings settings,
    ILogger<IdentityProvider> logger)
{
    private OpenIdConnectOptions Options => handlerOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);

    /// <summary>
    /// The provider's metadata when it answers now (its discovery document is fetched each time, within
    /// <see cref="OpenIdConnectSettings.BackchannelTimeout"/>, so a cached copy does not hide an outage);
    /// null when single sign-on is off or the provider does not answer.
    /// </summary>
    public async Task<OpenIdConnectConfiguration?> TryGetConfigurationAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled) return null;
        var options = Options;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.BackchannelTimeout);
        try
        {
            using (var probe = await options.Backchannel.GetAsync(options.MetadataAddress, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
                probe.EnsureSuccessStatusCode();
            return await options.ConfigurationManager!.GetConfigurationAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The identity provider at {Authority} is unavailable: {Reason}", settings.Authority, e.Message);
            return null;
        }
    }

    /// <summary>Reads the metadata (and signing keys) afresh at the next request, e.g. after an unknown key id.</summary>
    public void RequestRefresh() => Options.ConfigurationManager?.RequestRefresh();
}
