using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using QRCoder;
using TeamCheckup.Web.Features.Reports.Documents;
using TeamCheckup.Web.Infrastructure.Time;
using TeamCheckup.Web.Infrastructure.Web;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>QR codes, made on the server (QRCoder): a PNG with a quiet zone of four modules.</summary>
public static class QrImages
{
    public const int PixelsPerModule = 8;

    public static byte[] Png(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }
}

/// <summary>The distributable forms of a round's codes: a PDF of slips to cut out (link and QR code per code, drawn
/// through the report renderer) and a CSV of the links. Both from the public base URL, never from the request.</summary>
public sealed class CodeSlipsBuilder(IReportRenderer renderer, PublicLinks links, Clock clock, IStringLocalizer<SharedResource> t)
{
    public byte[] Pdf(RoundPage page, IReadOnlyList<string> codes)
    {
        var culture = CultureInfo.CurrentUICulture;
        var period = page.Round.Period.Label(culture);
        var closesOn = page.Round.PulseClosesOn?.ToString("d MMMM yyyy", culture) ?? "";
        var title = t["Codes.Pdf.Title", page.TeamName, period].Value;
        var document = new ReportDocument
        {
            Title = title,
            Period = period,
            Classification = t["Codes.Pdf.Classification"],
            PageLabel = t["Rpt.PageLabel"],
            Metadata = new DocumentMetadata(title, "TeamCheckup", t["Codes.Title"], clock.Today.ToDateTime(TimeOnly.MinValue), culture.Name),
        };
        document.Add(new Slips(codes.Select(code => new Slip(
            t["Codes.SlipTitle", page.TeamName], code, t["Codes.Pdf.How", closesOn], links.Pulse(code),
            QrImages.Png(links.Pulse(code)))).ToList()));
        return renderer.Render(document);
    }

    /// <summary>code,link per line with a header; no other column (nothing about use).</summary>
    public byte[] Csv(IReadOnlyList<string> codes)
    {
        var csv = new StringBuilder().Append(t["Codes.Csv.Code"]).Append(',').Append(t["Codes.Csv.Link"]).Append("\r\n");
        foreach (var code in codes) csv.Append(code).Append(',').Append(links.Pulse(code)).Append("\r\n");
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }
}
