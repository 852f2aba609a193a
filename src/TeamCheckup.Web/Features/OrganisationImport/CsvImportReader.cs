using CsvHelper;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>
/// The CSV form of the organisation file, read with CsvHelper: UTF-8 (with or without byte order mark), RFC 4180
/// quoting, and the separator of the header line (; as Dutch Excel writes it, or , or tab). Another encoding is
/// refused with the line where it shows, rather than read as wrong letters.
/// </summary>
public static class CsvImportReader
{
    private static readonly char[] Separators = [';', ',', '\t'];

    public static FileContents Read(byte[] content)
    {
        if (content.AsSpan().StartsWith(new byte[] { 0xFF, 0xFE }) || content.AsSpan().StartsWith(new byte[] { 0xFE, 0xFF }))
            return ImportFile.Refused("Import.Problem.Utf16");
        if (ImportFile.FirstLineThatIsNotUtf8(content) is { } line)
            return new([], [ImportProblem.At(line, "Import.Problem.NotUtf8")]);
        if (content.Contains((byte)0)) return ImportFile.Refused("Import.Problem.NotText");

        var problems = new List<ImportProblem>();
        var options = new CsvReaderOptions
        {
            Separator = SeparatorOf(content),
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            // A stray or unclosed quote ends at the line break instead of swallowing the rest of the file.
            AllowLineBreaksInQuotes = false,
            MaxRecordSize = 64 * 1024,
            OnMalformedRecord = bad => problems.Add(ImportProblem.At(bad.LineNumber > 0 ? (int)bad.LineNumber : (int)bad.RecordNumber,
                "Import.Problem.BadQuotes")),
        };
        using var reader = CsvReader.Create(content, options);
        var header = reader.Headers.ToList();
        var headerProblems = ImportFile.CheckHeader(header);
        if (headerProblems.Count > 0) return new([], headerProblems);

        var columns = header.Select(ImportFile.Normalise).ToList();
        var rows = new List<ImportRow>();
        while (reader.Read())
        {
            if (reader.FieldCount > columns.Count && Enumerable.Range(columns.Count, reader.FieldCount - columns.Count).Any(i => !reader.IsEmpty(i)))
                problems.Add(ImportProblem.At((int)reader.LineNumber, "Import.Problem.TooManyFields", reader.FieldCount, columns.Count));
            var values = new Dictionary<string, string>(columns.Count);
            for (var i = 0; i < columns.Count; i++)
                values[columns[i]] = i < reader.FieldCount ? (reader.GetString(i) ?? "").Trim() : "";
            var row = new ImportRow((int)reader.LineNumber, values);
            if (!row.IsBlank) rows.Add(row);
        }
        return new(rows, problems);
    }

    /// <summary>The separator is the one the header line uses most (the header holds no quotes or team-code lists).</summary>
    private static char SeparatorOf(byte[] content)
    {
        var end = Array.IndexOf(content, (byte)'\n');
        var firstLine = content.AsSpan(0, end < 0 ? content.Length : end);
        var best = Separators[0];
        var bestCount = -1;
        foreach (var separator in Separators)
        {
            var count = firstLine.Count((byte)separator);
            if (count > bestCount) (best, bestCount) = (separator, count);
        }
        return best;
    }
}
