using System.Globalization;
using System.Text.RegularExpressions;

namespace TeamCheckup.Web.Features.Exports;

/// <summary>
/// What a cell becomes in a file. A plain number as the page writes it ("61", "7,2" in Dutch, "7.2" in English) is a
/// number; everything else is text, and text that a spreadsheet could take for a formula (starting with = + - @, a tab
/// or a carriage return) is prefixed with an apostrophe (OWASP's advice against CSV/formula injection).
/// </summary>
public static partial class ExportCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>The number a cell shows, and how many decimals it shows it with; null for text.</summary>
    public static (double Value, int Decimals)? Number(string cell, CultureInfo culture)
    {
        var separator = culture.NumberFormat.NumberDecimalSeparator;
        var match = NumberPattern().Match(cell);
        if (!match.Success) return null;
        var fraction = match.Groups["fraction"];
        if (fraction.Success && match.Groups["separator"].Value != separator) return null;
        var invariant = match.Groups["whole"].Value + (fraction.Success ? "." + fraction.Value : "");
        return double.TryParse(invariant, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? (value, fraction.Success ? fraction.Value.Length : 0) : null;
    }

    /// <summary>Text made safe for a spreadsheet; numbers are left as they are.</summary>
    public static string Safe(string cell, CultureInfo culture) =>
        cell.Length > 0 && FormulaStarts.Contains(cell[0]) && Number(cell, culture) is null ? "'" + cell : cell;

    [GeneratedRegex(@"^(?<whole>-?\d{1,15})(?:(?<separator>[.,])(?<fraction>\d{1,6}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
