namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>The <c>App</c> section: where people reach the app.</summary>
public sealed class PublicLinkOptions
{
    public const string Section = "App";

    /// <summary>The address people use, e.g. <c>https://teamcheckup.politie.example</c> (a path is allowed:
    /// <c>https://intranet.example/teamcheckup</c>). Required outside Development, and https there.</summary>
    public string PublicBaseUrl { get; set; } = "";
}

/// <summary>
/// The one place that builds absolute links the app prints or sends: pulse slips and link lists now,
/// e-mail notifications later. They always come from <c>App:PublicBaseUrl</c>, never from the
/// request's Host header, so a forged Host cannot put an attacker's address on a slip or in a mail.
/// </summary>
public sealed class PublicLinks
{
    public PublicLinks(Microsoft.Extensions.Options.IOptions<PublicLinkOptions> options, IWebHostEnvironment environment)
    {
        var configured = options.Value.PublicBaseUrl?.Trim() ?? "";
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new InvalidOperationException(
                $"{PublicLinkOptions.Section}:PublicBaseUrl must be the absolute address people use to reach the app, e.g. https://teamcheckup.politie.example " +
                $"(set it in appsettings or as the environment variable App__PublicBaseUrl); it is '{configured}'.");
        if (!environment.IsDevelopment() && uri.Scheme != "https")
            throw new InvalidOperationException($"{PublicLinkOptions.Section}:PublicBaseUrl must start with https:// outside Development; it is '{configured}'.");
        BaseUrl = configured.TrimEnd('/');
        Host = uri.Host;
    }

    /// <summary>Scheme, host, port and path base, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>The host name of <see cref="BaseUrl"/> (it must be one of the allowed hosts).</summary>
    public string Host { get; }

    /// <summary>The absolute link to an app path such as <c>/p</c>.</summary>
    public string To(string path) =>
        path.StartsWith('/') ? BaseUrl + path : throw new ArgumentException("An app path starts with '/'.", nameof(path));

    /// <summary>Where a team member types a code.</summary>
    public string PulseEntry => To("/p");

    /// <summary>A link that opens the pulse with the code filled in.</summary>
    public string Pulse(string code) => To("/p/" + Uri.EscapeDataString(code));
}
