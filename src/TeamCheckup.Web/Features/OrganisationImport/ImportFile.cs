using System.Text;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>The columns of the organisation file (docs/organisation-import.md), in the order of the template.</summary>
public static class ImportColumns
{
    public const string Record = "record";
    public const string Code = "code";
    public const string Name = "name";
    public const string ParentCode = "parent_code";
    public const string TeamType = "team_type";
    public const string Headcount = "headcount";
    public const string ServiceArea = "service_area";
    public const string UserName = "user_name";
    public const string Email = "email";
    public const string TeamCodes = "team_codes";

    public static readonly IReadOnlyList<string> All =
        [Record, Code, Name, ParentCode, TeamType, Headcount, ServiceArea, UserName, Email, TeamCodes];
}

/// <summary>One data row of the file, by column name, with its row number as a spreadsheet shows it (the header is row 1).</summary>
public sealed class ImportRow(int number, IReadOnlyDictionary<string, string> values)
{
    public int Number { get; } = number;

    /// <summary>The trimmed value of a column; "" when empty.</summary>
    public string this[string column] => values.TryGetValue(column, out var value) ? value : "";

    public bool IsBlank => values.Values.All(string.IsNullOrWhiteSpace);
}

/// <summary>A problem with the file or one of its rows: a resource key (prefix Import.Problem.) and its arguments.</summary>
public sealed record ImportProblem(int? Row, string Key, IReadOnlyList<object> Arguments)
{
    public static ImportProblem File(string key, params object[] arguments) => new(null, key, arguments);
    public static ImportProblem At(int row, string key, params object[] arguments) => new(row, key, arguments);
}

public sealed record FileContents(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Reads an uploaded organisation file: CSV (UTF-8, separated by ; , or tab) or an Excel workbook (.xlsx, first
/// worksheet). What is not one of those — a macro-enabled or old-style workbook, another encoding, a file that is too
/// large — is refused with a problem that says what to do instead; nothing is guessed.
/// </summary>
public static class ImportFile
{
    /// <summary>The largest file accepted (the HR export of 3,000 teams and their leads is under 1 MB).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static FileContents Read(byte[] content, string fileName)
    {
        if (content.Length == 0) return Refused("Import.Problem.Empty");
        if (content.Length > MaxBytes) return Refused("Import.Problem.TooLarge", MaxBytes / 1024 / 1024);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is ".xlsm" or ".xltm" or ".xlam") return Refused("Import.Problem.MacroWorkbook");
        if (extension is ".xls" or ".xlsb" or ".ods" || content.AsSpan().StartsWith(CompoundFileSignature))
            return Refused("Import.Problem.OldWorkbook");
        if (content.AsSpan().StartsWith(ZipSignature)) return XlsxImportReader.Read(content);
        if (extension is ".xlsx" or ".xltx") return Refused("Import.Problem.NotAWorkbook");
        return CsvImportReader.Read(content);
    }

    /// <summary>The header as read: every expected column present once, and no column we do not know (a typo would
    /// otherwise leave a column silently empty). Returns the problems; none when the header is right.</summary>
    public static IReadOnlyList<ImportProblem> CheckHeader(IReadOnlyList<string> header)
    {
        var names = header.Select(Normalise).ToList();
        var problems = new List<ImportProblem>();
        var missing = ImportColumns.All.Where(c => !names.Contains(c)).ToList();
        var unknown = names.Where(n => n.Length > 0 && !ImportColumns.All.Contains(n)).Distinct().ToList();
        var twice = names.Where(n => n.Length > 0).GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (missing.Count > 0) problems.Add(ImportProblem.At(1, "Import.Problem.MissingColumns", string.Join(", ", missing)));
        if (unknown.Count > 0) problems.Add(ImportProblem.At(1, "Import.Problem.UnknownColumns", string.Join(", ", unknown), string.Join(", ", ImportColumns.All)));
        if (twice.Count > 0) problems.Add(ImportProblem.At(1, "Import.Problem.DuplicateColumns", string.Join(", ", twice)));
        return problems;
    }

    /// <summary>Header names compare trimmed and in lower case.</summary>
    public static string Normalise(string header) => header.Trim().Trim('\uFEFF').ToLowerInvariant();

    public static FileContents Refused(string key, params object[] arguments) => new([], [ImportProblem.File(key, arguments)]);

    /// <summary>Strict UTF-8 decoding: the 1-based line of the first byte that is not UTF-8, or null when all of it is.</summary>
    public static int? FirstLineThatIsNotUtf8(byte[] content)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(content);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Clamp(e.Index, 0, content.Length);
            return 1 + content.AsSpan(0, offset).Count((byte)'\n');
        }
    }
}
