using System.Diagnostics;
using System.Text.Json;

namespace TeamCheckup.Tests.Support;

/// <summary>One element of a PDF's structure tree as qpdf reads it back: its type (/S), alternative text, the
/// pages its marked content is on, and its children.</summary>
public sealed record StructureElement(string Type, string? Alt, IReadOnlyList<int> Pages, IReadOnlyList<StructureElement> Children)
{
    public IEnumerable<StructureElement> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));
    public override string ToString() => Type;
}

/// <summary>
/// A PDF read back with <c>qpdf --json</c> (an independent reader, not the library that wrote it): the catalog,
/// the structure tree, the outline, the output intents, the XMP packet and the fonts.
/// </summary>
public sealed class QpdfJson
{
    private readonly Dictionary<string, JsonElement> objects = [];
    private readonly Dictionary<string, int> pageNumbers = [];

    private QpdfJson(JsonDocument json)
    {
        foreach (var item in json.RootElement.GetProperty("qpdf")[1].EnumerateObject())
            objects[item.Name["obj:".Length..]] = item.Value;
        var number = 1;
        foreach (var page in json.RootElement.GetProperty("pages").EnumerateArray()) pageNumbers[page.GetProperty("object").GetString()!] = number++;
    }

    public static QpdfJson Read(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, pdf);
            var start = new ProcessStartInfo("qpdf", ["--json", "--json-key=qpdf", "--json-key=pages", "--decode-level=generalized", "--json-stream-data=inline", file])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("qpdf did not start (apt-get install qpdf)");
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode is not (0 or 3)) Assert.Fail($"qpdf failed: {process.StandardError.ReadToEnd()}");
            return new QpdfJson(JsonDocument.Parse(output));
        }
        finally { File.Delete(file); }
    }

    /// <summary>The value of an object (a stream's dictionary for streams), following references.</summary>
    public JsonElement Resolve(JsonElement item)
    {
        while (item.ValueKind == JsonValueKind.String && item.GetString() is { } s && s.EndsWith(" R", StringComparison.Ordinal) && objects.TryGetValue(s, out var target))
            item = target.TryGetProperty("value", out var value) ? value : target.GetProperty("stream").GetProperty("dict");
        return item;
    }

    public JsonElement? Get(JsonElement dictionary, string key) =>
        Resolve(dictionary).ValueKind == JsonValueKind.Object && Resolve(dictionary).TryGetProperty(key, out var value) ? Resolve(value) : null;

    /// <summary>A PDF string as text (qpdf writes "u:…" for text strings).</summary>
    public static string Text(JsonElement? value) => value?.GetString() is { } s ? (s.StartsWith("u:", StringComparison.Ordinal) ? s[2..] : s) : "";

    public JsonElement Catalog => objects.Values.Select(o => o.TryGetProperty("value", out var v) ? v : default)
        .First(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("/Type", out var t) && t.GetString() == "/Catalog");

    public JsonElement Info => objects.Values.Select(o => o.TryGetProperty("value", out var v) ? v : default)
        .First(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("/Producer", out _));

    /// <summary>The root of the structure tree (the elements under /StructTreeRoot /K); null when the PDF is not tagged.</summary>
    public StructureElement? StructureTree()
    {
        if (Get(Catalog, "/StructTreeRoot") is not { } root) return null;
        var kids = Get(root, "/K")!.Value;
        var top = (kids.ValueKind == JsonValueKind.Array ? kids.EnumerateArray().Select(Resolve) : [kids]).Select(Element).ToList();
        return new StructureElement("StructTreeRoot", null, [], top);
    }

    private StructureElement Element(JsonElement element)
    {
        var pages = new List<int>();
        var children = new List<StructureElement>();
        if (Get(element, "/K") is { } k)
        {
            foreach (var kid in k.ValueKind == JsonValueKind.Array ? k.EnumerateArray().ToList() : [k])
            {
                var resolved = Resolve(kid);
                if (resolved.ValueKind != JsonValueKind.Object) continue;
                if (resolved.TryGetProperty("/Type", out var type) && type.GetString() == "/MCR")
                    pages.Add(pageNumbers[resolved.GetProperty("/Pg").GetString()!]);
                else if (resolved.TryGetProperty("/S", out _)) children.Add(Element(resolved));
            }
        }
        return new StructureElement(Get(element, "/S")!.Value.GetString()!.TrimStart('/'), Get(element, "/Alt") is { } alt ? Text(alt) : null, pages, children);
    }

    /// <summary>The outline's top-level titles, in order.</summary>
    public List<string> Bookmarks()
    {
        var titles = new List<string>();
        if (Get(Catalog, "/Outlines") is not { } outlines) return titles;
        for (var item = Get(outlines, "/First"); item is { } i; item = Get(i, "/Next")) titles.Add(Text(Get(i, "/Title")));
        return titles;
    }

    public string Xmp()
    {
        var reference = Catalog.GetProperty("/Metadata").GetString()!;
        var data = objects[reference].GetProperty("stream").GetProperty("data").GetString()!;
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data));
    }

    public byte[] StreamData(JsonElement referenceItem) =>
        Convert.FromBase64String(objects[referenceItem.GetString()!].GetProperty("stream").GetProperty("data").GetString()!);

    /// <summary>Every font descriptor, with whether it embeds a font program.</summary>
    public IEnumerable<(string Font, bool Embedded)> FontDescriptors() => objects.Values
        .Select(o => o.TryGetProperty("value", out var v) ? v : default)
        .Where(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("/Type", out var t) && t.GetString() == "/FontDescriptor")
        .Select(v => (v.GetProperty("/FontName").GetString()!, v.TryGetProperty("/FontFile2", out _) || v.TryGetProperty("/FontFile", out _) || v.TryGetProperty("/FontFile3", out _)));

    /// <summary>Fonts (Type0, TrueType, Type1, Type3) used by the pages.</summary>
    public IEnumerable<JsonElement> Fonts() => objects.Values
        .Select(o => o.TryGetProperty("value", out var v) ? v : default)
        .Where(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("/Type", out var t) && t.GetString() == "/Font");
}
