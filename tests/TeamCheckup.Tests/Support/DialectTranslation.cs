using System.Text.RegularExpressions;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Tests.Support;

/// <summary>
/// Turns a statement the app ran on SQLite into what the same code sends to SQL Server, by swapping each
/// SQLite-only piece listed in <see cref="SqlDialect"/> for the SQL Server dialect's rendering of the same
/// call. A piece is only swapped when the SQLite dialect renders exactly that text for the recovered
/// arguments, so hand-written SQLite-isms are left alone (and then fail to parse as T-SQL).
/// </summary>
public static partial class DialectTranslation
{
    private static readonly SqliteDialect Sqlite = new();
    private static readonly SqlServerDialect SqlServer = new();

    private static readonly Regex PagePattern = new(
        Regex.Escape(Sqlite.Page(1111, 2222)).Replace("2222", @"(?<take>\d+)").Replace("1111", @"(?<skip>\d+)"));

    public static string ToSqlServer(string statement)
    {
        var text = statement.Trim().TrimEnd(';').TrimEnd();
        if (text == Sqlite.SelectNewId) return SqlServer.SelectNewId;
        if (text == Sqlite.SelectNewIdIfInserted) return SqlServer.SelectNewIdIfInserted;
        if (text == Sqlite.ListColumns) return SqlServer.ListColumns;

        var insert = InsertIfMissingPattern().Match(text);
        if (insert.Success)
        {
            static string[] List(Group g) => g.Value.Split(',', StringSplitOptions.TrimEntries);
            var (table, columns, keys) = (insert.Groups["table"].Value, List(insert.Groups["columns"]), List(insert.Groups["keys"]));
            if (Sqlite.InsertIfMissing(table, columns, keys) == text) return SqlServer.InsertIfMissing(table, columns, keys);
        }

        return PagePattern.Replace(text, m =>
        {
            var (skip, take) = (int.Parse(m.Groups["skip"].Value), int.Parse(m.Groups["take"].Value));
            return Sqlite.Page(skip, take) == m.Value ? SqlServer.Page(skip, take) : m.Value;
        });
    }

    [GeneratedRegex(@"^INSERT INTO (?<table>\w+) \((?<columns>[^)]*)\) VALUES \([^)]*\) ON CONFLICT \((?<keys>[^)]*)\) DO NOTHING$", RegexOptions.Singleline)]
    private static partial Regex InsertIfMissingPattern();
}
