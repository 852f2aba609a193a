using System.Globalization;

namespace TeamCheckup.Web.Infrastructure.Web;

/// <summary>One page of a longer list, in a stable order (every list sorts on a unique key last).</summary>
public sealed class Paged<T>
{
    public required IReadOnlyList<T> Items { get; init; }
    public required int Total { get; init; }
    public required int Page { get; init; }
    public required int PageSize { get; init; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public int Skip => (Page - 1) * PageSize;
}

/// <summary>The pager under a list: previous, "page n of m", next; each link keeps the list's filters.</summary>
public sealed record PagerModel(int Page, int PageCount, Func<int, string> Link);

/// <summary>What the searchable, paged admin lists share (organisation, users, audit trail): limits, the LIKE pattern, links.</summary>
public static class Listing
{
    public const int SearchMax = 100;
    public const int MaxPage = 10_000;

    /// <summary>The escape clause after <c>LIKE @pattern</c> (same on SQLite and SQL Server).</summary>
    public const string LikeEscape = " ESCAPE '!'";

    /// <summary>A case-insensitive "contains" pattern for <c>LOWER(column) LIKE @pattern ESCAPE '!'</c>; null for no text.</summary>
    public static string? Contains(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
            : "%" + text.Trim().ToLowerInvariant().Replace("!", "!!").Replace("%", "!%").Replace("_", "!_").Replace("[", "![") + "%";

    /// <summary>The page path with the non-empty values as its query string.</summary>
    public static string Link(string path, params (string Name, object? Value)[] values)
    {
        var query = string.Join("&", values
            .Select(v => (v.Name, Text: v.Value switch { null => null, bool b => b ? "true" : null, IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => v.Value.ToString() }))
            .Where(v => !string.IsNullOrEmpty(v.Text))
            .Select(v => $"{v.Name}={Uri.EscapeDataString(v.Text!)}"));
        return query.Length == 0 ? path : path + "?" + query;
    }
}
