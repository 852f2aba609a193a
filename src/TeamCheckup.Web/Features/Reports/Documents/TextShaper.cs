using HarfBuzzSharp;
using SkiaSharp;

namespace TeamCheckup.Web.Features.Reports.Documents;

/// <summary>
/// Lays a line of text out with HarfBuzz (kerning on, ligatures off so every glyph maps back to one letter and
/// extracted text stays whole) and draws it as one text blob with the shaped glyph positions, at fractional
/// (subpixel) positions: letter spacing is the font's, not rounded per glyph. Measuring and drawing use the same
/// shaping, so wrapped lines fit exactly. Thread-safe: the HarfBuzz fonts are made immutable once.
/// </summary>
public static class TextShaper
{
    private static readonly Feature[] Features =
        [Feature.Parse("kern"), Feature.Parse("-liga"), Feature.Parse("-clig"), Feature.Parse("-dlig")];

    private static readonly Dictionary<SKTypeface, (HarfBuzzSharp.Font Font, int UnitsPerEm)> Fonts = [];
    private static readonly object Gate = new();

    /// <summary>A font as the reports use it: outlines without hinting, fractional advances and positions. Shared by
    /// every report (one per typeface and size): never change or dispose it.</summary>
    public static SKFont Font(SKTypeface typeface, float size) =>
        SharedFonts.GetOrAdd((typeface, size), key =>
            new SKFont(key.Typeface, key.Size) { Subpixel = true, LinearMetrics = true, Hinting = SKFontHinting.None, Edging = SKFontEdging.Antialias });

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(SKTypeface Typeface, float Size), SKFont> SharedFonts = new();

    /// <summary>Glyphs with their x positions from the start of the line (Latin text has no vertical offsets).</summary>
    public readonly record struct Shaped(ushort[] Glyphs, float[] Positions, float Width);

    public static Shaped Shape(string text, SKFont font)
    {
        if (string.IsNullOrEmpty(text)) return new([], [], 0);
        var (hbFont, unitsPerEm) = HarfBuzzFont(font.Typeface);
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf16(text);
        buffer.Direction = Direction.LeftToRight;
        buffer.Script = Script.Latin;
        buffer.Language = Language.Default;
        hbFont.Shape(buffer, Features);
        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var scale = font.Size / unitsPerEm;
        var glyphs = new ushort[infos.Length];
        var points = new float[infos.Length];
        var x = 0f;
        for (var i = 0; i < infos.Length; i++)
        {
            glyphs[i] = (ushort)infos[i].Codepoint;
            points[i] = x + positions[i].XOffset * scale;
            x += positions[i].XAdvance * scale;
        }
        return new(glyphs, points, x);
    }

    public static float Measure(string text, SKFont font) => Shape(text, font).Width;

    /// <summary>Draws <paramref name="text"/> with its baseline at <paramref name="y"/>, starting at (left) or ending at (right) <paramref name="x"/>.</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint paint)
    {
        var shaped = Shape(text, font);
        if (shaped.Glyphs.Length == 0) return;
        var left = align switch { SKTextAlign.Right => x - shaped.Width, SKTextAlign.Center => x - shaped.Width / 2, _ => x };
        using var builder = new SKTextBlobBuilder();
        builder.AddHorizontalRun(shaped.Glyphs, font, shaped.Positions, 0);
        using var blob = builder.Build();
        if (blob is not null) canvas.DrawText(blob, left, y, paint);
    }

    private static (HarfBuzzSharp.Font, int) HarfBuzzFont(SKTypeface typeface)
    {
        lock (Gate)
        {
            if (Fonts.TryGetValue(typeface, out var found)) return found;
            using var stream = typeface.OpenStream(out var index);
            var bytes = new byte[stream.Length];
            stream.Read(bytes, bytes.Length);
            // The font data lives in unmanaged memory for the life of the process (two small subsets): HarfBuzz reads
            // it while shaping, and managed memory could move under it.
            var data = System.Runtime.InteropServices.Marshal.AllocHGlobal(bytes.Length);
            System.Runtime.InteropServices.Marshal.Copy(bytes, 0, data, bytes.Length);
            var blob = new Blob(data, bytes.Length, MemoryMode.ReadOnly);
            blob.MakeImmutable();
            var face = new Face(blob, index);
            face.MakeImmutable();
            var font = new HarfBuzzSharp.Font(face);
            font.SetFunctionsOpenType();
            font.SetScale(face.UnitsPerEm, face.UnitsPerEm);
            return Fonts[typeface] = (font, face.UnitsPerEm);
        }
    }
}
