using System.Net;

namespace TeamCheckup.Tests.Support;

/// <summary>What a browser does with forms: GET the page, post the form back with its antiforgery token.</summary>
public static class HttpClientExtensions
{
    public static async Task<string> GetHtmlAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            Assert.Fail($"GET {url}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}\n{Html.Text(html)}");
        return html;
    }

    /// <summary>GETs a page, following one redirect (anonymous "/" goes to the sign-in form).</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location)
            return await client.GetHtmlAsync(location.OriginalString);
        var html = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"GET {url}: expected 200, got {(int)response.StatusCode}\n{Html.Text(html)}");
        return html;
    }

    /// <summary>GETs <paramref name="pageUrl"/>, takes its form (the one posting to <paramref name="formAction"/>, or the
    /// main form), changes the given fields (null removes one) and posts it back, token included.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string?>? values = null, string? formAction = null)
    {
        return await client.SubmitFormAsync(pageUrl, form =>
        {
            foreach (var (name, value) in values ?? new Dictionary<string, string?>()) form.Set(name, value);
        }, formAction);
    }

    /// <summary>As above, with free edits of the form (multi-valued fields: <see cref="HtmlForm.Set"/> with several values).</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, Action<HtmlForm> edit, string? formAction = null)
    {
        var form = Html.Form(await client.GetHtmlAsync(pageUrl), formAction);
        edit(form);
        return await client.PostAsync(form.Action, new FormUrlEncodedContent(form.Fields));
    }

    /// <summary>Posts the fields with a valid antiforgery token taken from <paramref name="tokenPage"/> and a fresh form token.</summary>
    public static async Task<HttpResponseMessage> PostWithTokenAsync(this HttpClient client, string url,
        IReadOnlyDictionary<string, string>? fields = null, string tokenPage = "/")
    {
        var token = Html.AntiforgeryToken(await client.GetPageAsync(tokenPage));
        var all = new List<KeyValuePair<string, string>>(fields ?? new Dictionary<string, string>()) { new(Html.TokenField, token) };
        if (!all.Any(f => f.Key == Html.FormTokenField)) all.Add(new(Html.FormTokenField, Html.NewFormToken()));
        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }

    /// <summary>The local sign-in form, filled in and posted.</summary>
    public static Task<HttpResponseMessage> PostSignInAsync(this HttpClient client, string userName, string password, string? returnUrl = null) =>
        client.SubmitFormAsync("/account/sign-in", new Dictionary<string, string?>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
        }, "/account/sign-in");

    public static async Task<HttpResponseMessage> SignOutAsync(this HttpClient client) =>
        await client.SubmitFormAsync("/", formAction: "/account/sign-out");
}
