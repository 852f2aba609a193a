using System.Globalization;
using System.IO.Compression;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>One piece of a page as Skia drew it (one Skia page each): the page it belongs on and its structure node
/// (null: an artifact; <see cref="Pagination"/>: the page frame).</summary>
internal sealed record Fragment(int Page, StructureNode? Node, bool Pagination = false, SKRect? Box = null);

/// <summary>
/// Turns Skia's PDF into a tagged PDF/A-2b. SkiaSharp 3.119 exposes neither Skia's structure tree nor its
/// document language or outline (only a PDF/A flag), so the renderer draws every tagged piece of a page as a page
/// of its own; this class, on PDFsharp's object model, joins the pieces of each page into one content stream with
/// each piece in a marked-content sequence (BDC … EMC with its MCID, or /Artifact), writes the structure tree
/// (Document → H1/H2, P, Table → TR → TH/TD, Caption, Figure with /Alt), the parent tree, /Lang,
/// /MarkInfo, ViewerPreferences/DisplayDocTitle, a bookmark per section, and the PDF/A-2b essentials: XMP
/// metadata that agrees with the document information, and an sRGB output intent. Skia already embeds every font
/// (subset TrueType with ToUnicode) and draws no transparency the reports do not ask for.
/// </summary>
internal static class TaggedPdf
{
    /// <summary>PDFsharp keeps a producer that names it and rewrites any other; the XMP repeats this one.</summary>
    public const string Producer = "PDFsharp 6.2.4 with SkiaSharp 3.119 (TeamCheckup)";

    public static byte[] Compose(byte[] skiaPdf, IReadOnlyList<Fragment> fragments, StructureNode root, ReportDocument document)
    {
        using var input = new MemoryStream(skiaPdf);
        var pdf = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        var pieces = pdf.Pages.Cast<PdfPage>().ToList();
        if (pieces.Count != fragments.Count) throw new InvalidOperationException($"{pieces.Count} pieces drawn for {fragments.Count} fragments.");

        var marks = new Dictionary<StructureNode, List<(PdfPage Page, int Mcid, SKRect? Box)>>();
        var pages = new List<PdfPage>();
        var pageNodes = new List<List<StructureNode>>();
        for (var start = 0; start < fragments.Count;)
        {
            var end = start;
            while (end < fragments.Count && fragments[end].Page == fragments[start].Page) end++;
            var page = pieces[start];
            var mcids = new List<StructureNode>();
            JoinPieces(pdf, page, pieces, fragments, start, end, marks, mcids);
            page.Elements.SetInteger("/StructParents", pages.Count);
            pageNodes.Add(mcids);
            pages.Add(page);
            start = end;
        }
        foreach (var piece in pieces.Except(pages)) pdf.Pages.Remove(piece);

        var treeRoot = new PdfDictionary(pdf);
        pdf.Internals.AddObject(treeRoot);
        var elements = new Dictionary<StructureNode, PdfDictionary>();
        var documentElement = StructureElement(pdf, root, treeRoot, marks, elements);
        treeRoot.Elements.SetName("/Type", "/StructTreeRoot");
        treeRoot.Elements.SetReference("/K", documentElement);
        var nums = new PdfDictionary(pdf);
        var parentTree = new PdfArray(pdf);
        for (var i = 0; i < pageNodes.Count; i++)
        {
            parentTree.Elements.Add(new PdfInteger(i));
            var byMcid = new PdfArray(pdf);
            foreach (var node in pageNodes[i]) byMcid.Elements.Add(elements[node].Reference!);
            parentTree.Elements.Add(byMcid);
        }
        nums.Elements["/Nums"] = parentTree;
        treeRoot.Elements["/ParentTree"] = nums;
        treeRoot.Elements.SetInteger("/ParentTreeNextKey", pages.Count);

        var catalog = pdf.Internals.Catalog;
        catalog.Elements.SetReference("/StructTreeRoot", treeRoot);
        var markInfo = new PdfDictionary(pdf);
        markInfo.Elements.SetBoolean("/Marked", true);
        catalog.Elements["/MarkInfo"] = markInfo;
        catalog.Elements.SetString("/Lang", LanguageTag(document.Metadata.Language));
        var viewer = new PdfDictionary(pdf);
        viewer.Elements.SetBoolean("/DisplayDocTitle", true);
        catalog.Elements["/ViewerPreferences"] = viewer;
        AddBookmarks(pdf, root, marks);
        MakeArchival(pdf, document);

        // The trailer's file identifier from the content, so the same report gives the same bytes.
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(skiaPdf), 0, 16);
        pdf.Internals.FirstDocumentID = id;
        pdf.Internals.SecondDocumentID = id;
        using var output = new MemoryStream();
        pdf.Save(output, false);
        var metadata = pdf.Internals.Catalog.Elements.GetReference("/Metadata")
            ?? throw new InvalidOperationException("PDFsharp wrote no metadata stream.");
        return ReplaceMetadata(output.ToArray(), metadata.ObjectNumber, Encoding.UTF8.GetBytes(Xmp(document, Created(document))));
    }

    /// <summary>
    /// PDFsharp always writes an XMP packet of its own on saving (with random ids and, for PDF/A, a PDF/A-1a claim),
    /// so the PDF/A-2b packet replaces it in an incremental update: the metadata object again under its number, a
    /// one-entry cross-reference section and a trailer pointing back to PDFsharp's (PDF 32000-1 §7.5.6; allowed by
    /// PDF/A).
    /// </summary>
    private static byte[] ReplaceMetadata(byte[] pdf, int objectNumber, byte[] xmp)
    {
        var tail = Encoding.Latin1.GetString(pdf, Math.Max(0, pdf.Length - 2048), Math.Min(2048, pdf.Length));
        var trailerAt = tail.LastIndexOf("trailer", StringComparison.Ordinal);
        var startAt = tail.LastIndexOf("startxref", StringComparison.Ordinal);
        if (trailerAt < 0 || startAt < trailerAt) throw new InvalidOperationException("No classic trailer to update.");
        var trailer = tail[(trailerAt + "trailer".Length)..startAt].Trim();
        var previous = tail[(startAt + "startxref".Length)..].Trim().Split('\n', '\r')[0].Trim();
        trailer = System.Text.RegularExpressions.Regex.Replace(trailer, @"/Prev\s+\d+", "");
        trailer = trailer[..trailer.LastIndexOf(">>", StringComparison.Ordinal)] + $"/Prev {previous}\n>>";

        using var output = new MemoryStream();
        output.Write(pdf);
        if (pdf[^1] != '\n') output.WriteByte((byte)'\n');
        var offset = output.Position;
        Write(output, $"{objectNumber} 0 obj\n<</Type /Metadata /Subtype /XML /Length {xmp.Length}>>\nstream\n");
        output.Write(xmp);
        Write(output, "\nendstream\nendobj\n");
        var xref = output.Position;
        Write(output, $"xref\n0 1\n0000000000 65535 f\r\n{objectNumber} 1\n{offset:D10} 00000 n\r\ntrailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static DateTime Created(ReportDocument document) => DateTime.SpecifyKind(document.Metadata.CreationDate, DateTimeKind.Utc);

    /// <summary>"nl" → nl-NL, "en" → en-GB (the report languages), as BCP 47 tags for /Lang and the XMP.</summary>
    public static string LanguageTag(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en-GB" : "nl-NL";

    private static void JoinPieces(PdfDocument pdf, PdfPage page, List<PdfPage> pieces, IReadOnlyList<Fragment> fragments, int start, int end,
        Dictionary<StructureNode, List<(PdfPage, int, SKRect?)>> marks, List<StructureNode> mcids)
    {
        var content = new MemoryStream();
        var resources = new PdfDictionary(pdf);
        for (var i = start; i < end; i++)
        {
            var fragment = fragments[i];
            var piece = pieces[i];
            MergeResources(resources, piece.Elements.GetDictionary("/Resources"));
            string open;
            if (fragment.Node is null) open = fragment.Pagination ? "/Artifact <</Type /Pagination>> BDC" : "/Artifact BMC";
            else
            {
                var mcid = mcids.Count;
                mcids.Add(fragment.Node);
                if (!marks.TryGetValue(fragment.Node, out var list)) marks[fragment.Node] = list = [];
                list.Add((page, mcid, fragment.Box));
                open = $"/{fragment.Node.Role} <</MCID {mcid}>> BDC";
            }
            Write(content, open + "\nq\n");
            var bytes = ContentOf(piece);
            content.Write(bytes);
            Write(content, "\nQ\nEMC\n");
        }
        var stream = new PdfDictionary(pdf);
        using (var packed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(packed, CompressionLevel.Fastest, leaveOpen: true)) content.WriteTo(zlib);
            stream.CreateStream(packed.ToArray());
        }
        stream.Elements.SetName("/Filter", "/FlateDecode");
        pdf.Internals.AddObject(stream);
        page.Elements.SetReference("/Contents", stream);
        page.Elements["/Resources"] = resources;
        page.Elements.Remove("/Group");
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.ASCII.GetBytes(text));

    private static byte[] ContentOf(PdfPage piece)
    {
        var item = piece.Elements["/Contents"];
        var streams = item switch
        {
            PdfReference { Value: PdfArray array } => array.Elements.Select(e => (PdfDictionary)((PdfReference)e).Value),
            PdfArray array => array.Elements.Select(e => (PdfDictionary)((PdfReference)e).Value),
            PdfReference { Value: PdfDictionary one } => [one],
            _ => [],
        };
        using var all = new MemoryStream();
        foreach (var s in streams)
        {
            all.Write(s.Stream.UnfilteredValue);
            all.WriteByte((byte)'\n');
        }
        return all.ToArray();
    }

    /// <summary>Skia names a page's resources after their object numbers, so the pieces' names never clash.</summary>
    private static void MergeResources(PdfDictionary into, PdfDictionary? from)
    {
        if (from is null) return;
        foreach (var key in from.Elements.Keys)
        {
            var value = from.Elements[key];
            if (value is PdfReference { Value: PdfDictionary referenced }) value = referenced;
            if (value is PdfDictionary names)
            {
                var target = into.Elements.GetDictionary(key);
                if (target is null) into.Elements[key] = target = new PdfDictionary(into.Owner);
                foreach (var name in names.Elements.Keys) target.Elements[name] = names.Elements[name];
            }
            else into.Elements[key] = value;
        }
    }

    private static PdfDictionary StructureElement(PdfDocument pdf, StructureNode node, PdfDictionary parent,
        Dictionary<StructureNode, List<(PdfPage Page, int Mcid, SKRect? Box)>> marks, Dictionary<StructureNode, PdfDictionary> elements)
    {
        var element = new PdfDictionary(pdf);
        pdf.Internals.AddObject(element);
        elements[node] = element;
        element.Elements.SetName("/Type", "/StructElem");
        element.Elements.SetName("/S", "/" + node.Role);
        element.Elements.SetReference("/P", parent);
        if (node.Alt is { } alt) element.Elements["/Alt"] = new PdfString(alt, PdfStringEncoding.Unicode);
        if (node.Role == "TH") element.Elements["/A"] = Attributes(pdf, "/Table", ("/Scope", new PdfName("/Column")));
        var kids = new PdfArray(pdf);
        if (marks.TryGetValue(node, out var own))
        {
            element.Elements.SetReference("/Pg", own[0].Page);
            foreach (var (page, mcid, box) in own)
            {
                var reference = new PdfDictionary(pdf);
                reference.Elements.SetName("/Type", "/MCR");
                reference.Elements.SetReference("/Pg", page);
                reference.Elements.SetInteger("/MCID", mcid);
                kids.Elements.Add(reference);
                if (node.Role == "Figure" && box is { } b)
                    element.Elements["/A"] = Attributes(pdf, "/Layout", ("/BBox", new PdfArray(pdf,
                        new PdfReal(b.Left), new PdfReal(PdfLayout.PageHeight - b.Bottom), new PdfReal(b.Right), new PdfReal(PdfLayout.PageHeight - b.Top))));
            }
        }
        foreach (var child in node.Children) kids.Elements.Add(StructureElement(pdf, child, element, marks, elements).Reference!);
        element.Elements["/K"] = kids;
        return element;
    }

    private static PdfDictionary Attributes(PdfDocument pdf, string owner, params (string Key, PdfItem Value)[] values)
    {
        var attributes = new PdfDictionary(pdf);
        attributes.Elements.SetName("/O", owner);
        foreach (var (key, value) in values) attributes.Elements[key] = value;
        return attributes;
    }

    /// <summary>A bookmark per section (level-1 heading), pointing at the page the heading is on.</summary>
    private static void AddBookmarks(PdfDocument pdf, StructureNode root, Dictionary<StructureNode, List<(PdfPage Page, int Mcid, SKRect? Box)>> marks)
    {
        foreach (var heading in root.Children.Where(n => n.Role == "H1" && marks.ContainsKey(n)))
        {
            var (page, _, box) = marks[heading][0];
            var outline = pdf.Outlines.Add(heading.Text ?? "", page, true);
            if (box is { } b) outline.Top = PdfLayout.PageHeight - b.Top + 4;
        }
        if (pdf.Outlines.Count > 0) pdf.PageMode = PdfPageMode.UseOutlines;
    }

    /// <summary>PDF/A-2b: XMP metadata that states the conformance and repeats the document information, and an
    /// output intent with the sRGB profile (the colour space every colour of the reports is in).</summary>
    private static void MakeArchival(PdfDocument pdf, ReportDocument document)
    {
        var info = pdf.Info;
        info.Title = document.Metadata.Title;
        info.Author = document.Metadata.Author;
        info.Subject = document.Metadata.Subject;
        info.Creator = "TeamCheckup";
        info.Elements.SetString("/Producer", Producer);
        var created = Created(document);
        info.Elements.SetString("/CreationDate", PdfDate(created));
        info.Elements.SetString("/ModDate", PdfDate(created));

        var profile = new PdfDictionary(pdf);
        profile.CreateStream(SrgbProfile.Value);
        profile.Elements.SetInteger("/N", 3);
        pdf.Internals.AddObject(profile);
        var intent = new PdfDictionary(pdf);
        intent.Elements.SetName("/Type", "/OutputIntent");
        intent.Elements.SetName("/S", "/GTS_PDFA1");
        intent.Elements.SetString("/OutputConditionIdentifier", "sRGB IEC61966-2.1");
        intent.Elements.SetString("/Info", "sRGB IEC61966-2.1");
        intent.Elements.SetReference("/DestOutputProfile", profile);
        pdf.Internals.Catalog.Elements["/OutputIntents"] = new PdfArray(pdf, intent);
    }

    /// <summary>The sRGB profile (ICC sRGB2014, freely redistributable) that PDFsharp ships for its own PDF/A output.</summary>
    private static readonly Lazy<byte[]> SrgbProfile = new(() =>
    {
        using var stream = typeof(PdfDocument).Assembly.GetManifestResourceStream("PdfSharp.Resources.sRGB2014.icc")
            ?? throw new InvalidOperationException("PDFsharp's sRGB profile is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static string PdfDate(DateTime utc) => utc.ToString("'D:'yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "+00'00'";

    private static string Xmp(ReportDocument document, DateTime created)
    {
        static string X(string s) => System.Security.SecurityElement.Escape(s) ?? "";
        var date = created.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+00:00";
        var m = document.Metadata;
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n" +
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n" +
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " +
            "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n" +
            "<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n" +
            "<dc:format>application/pdf</dc:format>\n" +
            $"<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(m.Title)}</rdf:li></rdf:Alt></dc:title>\n" +
            $"<dc:creator><rdf:Seq><rdf:li>{X(m.Author)}</rdf:li></rdf:Seq></dc:creator>\n" +
            $"<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(m.Subject)}</rdf:li></rdf:Alt></dc:description>\n" +
            $"<dc:language><rdf:Bag><rdf:li>{LanguageTag(m.Language)}</rdf:li></rdf:Bag></dc:language>\n" +
            $"<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n" +
            "<xmp:CreatorTool>TeamCheckup</xmp:CreatorTool>\n" +
            $"<pdf:Producer>{X(Producer)}</pdf:Producer>\n" +
            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    }
}
