using System.Text.RegularExpressions;

namespace TeamCheckup.Tests.Support;

public static partial class Html
{
    /// <summary>The outer HTML of the element with this data-testid (nested elements of the same tag counted), or null.</summary>
    public static string? ByTestId(string html, string testId)
    {
        var start = Regex.Match(html, $@"<(?<tag>[a-z0-9]+)\b[^>]*\bdata-testid=""{Regex.Escape(testId)}""[^>]*>", RegexOptions.IgnoreCase);
        if (!start.Success) return null;
        var tag = start.Groups["tag"].Value;
        if (tag is "input" or "img" or "br") return start.Value;
        var depth = 1;
        foreach (Match m in Regex.Matches(html[(start.Index + start.Length)..], $@"<(/?){tag}\b[^>]*>", RegexOptions.IgnoreCase))
        {
            depth += m.Groups[1].Value == "/" ? -1 : 1;
            if (depth == 0) return html.Substring(start.Index, start.Length + m.Index + m.Length);
        }
        return html[start.Index..];
    }

    /// <summary>The value of <paramref name="name"/> on the first tag of <paramref name="element"/>, decoded, or null.</summary>
    public static string? Attribute(string element, string name)
    {
        var tag = Regex.Match(element, @"<[^>]*>");
        var value = Regex.Match(tag.Value, $@"\b{Regex.Escape(name)}=""([^""]*)""", RegexOptions.IgnoreCase);
        return value.Success ? System.Net.WebUtility.HtmlDecode(value.Groups[1].Value) : null;
    }

    /// <summary>The body rows of the table with this data-testid, as the text of each cell.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> TableRows(string html, string testId)
    {
        var table = ByTestId(html, testId) ?? throw new AssertionException($"no table {testId} on the page");
        var body = Regex.Match(table, @"<tbody\b[^>]*>(.*?)</tbody>", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        return Regex.Matches(body.Success ? body.Groups[1].Value : table, @"<tr\b[^>]*>(.*?)</tr>", RegexOptions.Singleline | RegexOptions.IgnoreCase)
            .Select(row => (IReadOnlyList<string>)Regex.Matches(row.Groups[1].Value, @"<t[hd]\b[^>]*>(.*?)</t[hd]>", RegexOptions.Singleline | RegexOptions.IgnoreCase)
                .Select(cell => Text(cell.Groups[1].Value)).ToList())
            .ToList();
    }
}
