using System.Net;
using System.Text.RegularExpressions;

namespace TeamCheckup.Tests.Support;

/// <summary>One form of a page: where it posts and the values a browser would send.</summary>
public sealed class HtmlForm
{
    public required string Action { get; init; }
    public required List<KeyValuePair<string, string>> Fields { get; init; }

    public string? this[string name] => Fields.FirstOrDefault(f => f.Key == name).Value;

    public IReadOnlyList<string> All(string name) => Fields.Where(f => f.Key == name).Select(f => f.Value).ToList();

    /// <summary>Replaces every value of a field (null or no values removes it).</summary>
    public void Set(string name, params string?[]? values)
    {
        Fields.RemoveAll(f => f.Key == name);
        foreach (var value in values ?? []) if (value is not null) Fields.Add(new(name, value));
    }
}

/// <summary>Just enough HTML reading for the app's server-rendered pages (its tag helpers always quote attributes).</summary>
public static partial class Html
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>The form token every rendered POST form carries (one per form; a repeat is handled once).</summary>
    public const string FormTokenField = TeamCheckup.Web.Infrastructure.Web.FormTokenStore.Field;

    /// <summary>A fresh form token, as a newly rendered form would carry, for posts a test builds itself.</summary>
    public static string NewFormToken() => TeamCheckup.Web.Infrastructure.Web.FormTokenStore.NewToken();

    public static IReadOnlyList<HtmlForm> Forms(string html) =>
        FormPattern().Matches(html).Select(m =>
        {
            var attributes = Attributes(m.Groups["attrs"].Value);
            return new HtmlForm { Action = attributes.GetValueOrDefault("action") ?? "", Fields = Fields(m.Groups["body"].Value) };
        }).ToList();

    /// <summary>The form posting to <paramref name="action"/>, or the page's main form: the first one that is
    /// not the layout's language switch or sign-out button.</summary>
    public static HtmlForm Form(string html, string? action = null)
    {
        var forms = Forms(html);
        var form = action is null
            ? forms.FirstOrDefault(f => f.Action is not "/language" and not "/account/sign-out")
            : forms.FirstOrDefault(f => string.Equals(f.Action, action, StringComparison.OrdinalIgnoreCase));
        return form ?? throw new InvalidOperationException(
            $"No form {(action ?? "(main)")} on the page; forms: {string.Join(", ", forms.Select(f => f.Action))}");
    }

    /// <summary>The antiforgery token of the page (every form of one response carries the same token).</summary>
    public static string AntiforgeryToken(string html) =>
        Forms(html).Select(f => f[TokenField]).FirstOrDefault(t => t is not null)
        ?? throw new InvalidOperationException("The page has no antiforgery token");

    /// <summary>The page as plain text: tags dropped, entities decoded, white space collapsed.</summary>
    public static string Text(string html) =>
        WhiteSpace().Replace(WebUtility.HtmlDecode(Tag().Replace(ScriptOrStyle().Replace(html, " "), " ")), " ").Trim();

    /// <summary>The text of the error summary (role="alert") of a refused form.</summary>
    public static string ErrorSummary(string html)
    {
        var match = ErrorSummaryPattern().Match(html);
        return match.Success ? Text(match.Value) : "";
    }

    public static string? HtmlLang(string html)
    {
        var match = HtmlLangPattern().Match(html);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static List<KeyValuePair<string, string>> Fields(string body)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in InputPattern().Matches(body))
        {
            var a = Attributes(input.Groups[1].Value);
            if (a.GetValueOrDefault("name") is not { } name || a.ContainsKey("disabled")) continue;
            var type = a.GetValueOrDefault("type")?.ToLowerInvariant() ?? "text";
            if (type is "submit" or "button" or "image" or "reset" or "file") continue;
            if (type is "checkbox" or "radio" && !a.ContainsKey("checked")) continue;
            fields.Add(new(name, a.GetValueOrDefault("value") ?? (type is "checkbox" or "radio" ? "on" : "")));
        }
        foreach (Match select in SelectPattern().Matches(body))
        {
            var a = Attributes(select.Groups["attrs"].Value);
            if (a.GetValueOrDefault("name") is not { } name) continue;
            var options = OptionPattern().Matches(select.Groups["body"].Value)
                .Select(o => (Attrs: Attributes(o.Groups["attrs"].Value), Text: WebUtility.HtmlDecode(o.Groups["body"].Value).Trim())).ToList();
            var chosen = options.Where(o => o.Attrs.ContainsKey("selected")).ToList();
            // A single select sends its first option when none is marked; a multiple select sends nothing.
            if (chosen.Count == 0 && options.Count > 0 && !a.ContainsKey("multiple")) chosen.Add(options[0]);
            fields.AddRange(chosen.Select(o => new KeyValuePair<string, string>(name, o.Attrs.GetValueOrDefault("value") ?? o.Text)));
        }
        foreach (Match textarea in TextareaPattern().Matches(body))
        {
            var a = Attributes(textarea.Groups["attrs"].Value);
            if (a.GetValueOrDefault("name") is { } name)
                fields.Add(new(name, WebUtility.HtmlDecode(textarea.Groups["body"].Value).TrimStart('\r', '\n')));
        }
        return fields;
    }

    private static Dictionary<string, string> Attributes(string text)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in AttributePattern().Matches(text))
            attributes[m.Groups["name"].Value] = WebUtility.HtmlDecode(m.Groups["value"].Success ? m.Groups["value"].Value : m.Groups["bare"].Value);
        return attributes;
    }

    [GeneratedRegex(@"<form\b(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b([^>]*?)/?>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex InputPattern();

    [GeneratedRegex(@"<select\b(?<attrs>[^>]*)>(?<body>.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex SelectPattern();

    [GeneratedRegex(@"<option\b(?<attrs>[^>]*)>(?<body>.*?)</option>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex OptionPattern();

    [GeneratedRegex(@"<textarea\b(?<attrs>[^>]*)>(?<body>.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    internal static partial Regex TextareaPattern();

    [GeneratedRegex(@"(?<name>[\w:.-]+)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<bare>[^\s""'>]+)))?", RegexOptions.Singleline)]
    private static partial Regex AttributePattern();

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"<div class=""error-summary"".*?</div>", RegexOptions.Singleline)]
    private static partial Regex ErrorSummaryPattern();

    [GeneratedRegex(@"<html\b[^>]*\blang=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLangPattern();
}
