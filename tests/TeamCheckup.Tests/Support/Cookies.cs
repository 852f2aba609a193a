namespace TeamCheckup.Tests.Support;

public static class Cookies
{
    public const string Session = "TeamCheckup.Session";
    public const string Antiforgery = "TeamCheckup.Antiforgery";

    /// <summary>The raw Set-Cookie headers of a response for cookies whose name starts with <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Where(v => v.StartsWith(name, StringComparison.Ordinal)).ToList()
            : [];

    /// <summary>"name=value" pairs of the cookies a response sets (expired ones included), for a Cookie header.</summary>
    public static string CookieHeader(HttpResponseMessage response, string name) =>
        string.Join("; ", SetCookies(response, name).Select(c => c.Split(';')[0]));

    /// <summary>A client without a cookie jar that always sends the given Cookie header.</summary>
    public static HttpClient ReplayingClient(TestApp app, string cookieHeader)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }
}
