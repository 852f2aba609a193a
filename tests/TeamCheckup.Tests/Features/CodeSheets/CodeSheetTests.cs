using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using ZXing;
using ZXing.Common;

namespace TeamCheckup.Tests.Features.CodeSheets;

/// <summary>
/// The lead's code sheet (issue 15, item 3): the slips PDF carries one QR code per code that decodes back to that
/// code's public link; the links download as CSV; the sheet shows every code again while the pulse runs, is kept
/// encrypted (no plain code in the database file) and is deleted when the pulse closes, after which it refuses;
/// only the team's own lead gets it.
/// </summary>
public sealed class CodeSheetTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider time = new(Start);
    private TestApp app = null!;
    private HttpClient lead = null!;
    private IReadOnlyDictionary<int, int> rounds = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = time, Settings = new Dictionary<string, string?> { ["App:PublicBaseUrl"] = TestApp.PublicBaseUrl } });
        rounds = await Checkups.EnsureRoundsAsync(app);
        lead = await app.SignInAsync(Demo.TeamLead);
    }

    [OneTimeTearDown]
    public void Stop()
    {
        lead.Dispose();
        app.Dispose();
    }

    private static string LinkOf(string code) => $"{TestApp.PublicBaseUrl}/p/{code}";

    [Test]
    public async Task The_slips_carry_a_QR_code_per_code_that_decodes_to_its_link_and_the_sheet_keeps_every_code()
    {
        var roundId = rounds[1];
        var first = await Checkups.OpenPulseAsync(lead, roundId, 9);
        using var more = await lead.SubmitFormAsync($"/rounds/{roundId}", new Dictionary<string, string?> { ["Count"] = "2" }, $"/rounds/{roundId}/pulse/codes");
        var added = Checkups.CodesOnPage(await more.Content.ReadAsStringAsync());
        Assert.That(added, Has.Count.EqualTo(2));
        var all = first.Concat(added).ToList();
        // One code is used: the sheet must not tell which.
        using (var anonymous = app.CreateBrowser())
            Assert.That((await Checkups.AnswerPulseAsync(anonymous, first[3])).IsSuccessStatusCode);

        var page = await lead.GetStringAsync($"/rounds/{roundId}/codes");
        Assert.That(Checkups.CodesOnPage(page), Is.EqualTo(all), "every code again, in the order issued, used or not");
        Assert.That(page, Does.Not.Contain("gebruikt\"").And.Not.Contain("is-used"));

        using var pdf = await lead.GetAsync($"/rounds/{roundId}/codes/slips.pdf");
        Assert.That(pdf.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var folder = Path.Combine(RepositoryPaths.Root, "artifacts", "codes");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "slips.pdf");
        await File.WriteAllBytesAsync(file, bytes);
        var decoded = DecodePages(file);
        Assert.That(decoded, Is.EquivalentTo(all.Select(LinkOf)), "11 slips: 8 on the first page, 3 on the second");
        Assert.That(PdfText.Read(bytes).Text, Does.Contain(all[0]).And.Contain(LinkOf(all[10])));

        var csv = await lead.GetStringAsync($"/rounds/{roundId}/codes/links.csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Skip(1), Is.EqualTo(all.Select(c => $"{c},{LinkOf(c)}")));
    }

    [Test]
    public void Each_QR_image_decodes_to_its_text() =>
        Assert.That(Decode(SKBitmap.Decode(QrImages.Png(LinkOf("ABCDE-FGHJK")))), Is.EqualTo(new[] { LinkOf("ABCDE-FGHJK") }));

    [Test]
    public async Task The_codes_are_ciphertext_in_the_database_and_are_deleted_when_the_pulse_closes()
    {
        var roundId = rounds[2];
        var codes = await Checkups.OpenPulseAsync(lead, roundId, 6);
        var stored = await app.QueryAsync<string>("SELECT protected_code FROM code_sheet_entries WHERE round_id = @roundId", new { roundId });
        Assert.That(stored, Has.Count.EqualTo(6));
        await app.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var database = Encoding.ASCII.GetString(await ReadSharedAsync(app.SqliteFile));
        foreach (var code in codes)
            Assert.That(database, Does.Not.Contain(code).And.Not.Contain(code.Replace("-", "")), "no plain code in the database file");
        Assert.That(stored.Any(s => codes.Any(c => s.Contains(c.Replace("-", "")))), Is.False);

        using var closed = await lead.SubmitFormAsync($"/rounds/{roundId}", new Dictionary<string, string?>(), $"/rounds/{roundId}/pulse/close");
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM code_sheet_entries WHERE round_id = @roundId", new { roundId }), Is.Zero);
        foreach (var path in new[] { "", "/slips.pdf", "/links.csv" })
        {
            using var refused = await lead.GetAsync($"/rounds/{roundId}/codes{path}");
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), path);
            Assert.That(Checkups.CodesOnPage(await refused.Content.ReadAsStringAsync()), Is.Empty);
        }
    }

    [Test]
    public async Task The_closing_job_deletes_the_codes_of_a_pulse_whose_window_ended()
    {
        var roundId = rounds[7];
        using var otherLead = await app.SignInAsync(Demo.TeamLead2);
        await Checkups.OpenPulseAsync(otherLead, roundId, 5, windowDays: 1);
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM code_sheet_entries WHERE round_id = @roundId", new { roundId }), Is.EqualTo(5));
        await app.ExecuteAsync("UPDATE checkup_rounds SET pulse_closes_on = @day WHERE id = @roundId", new { day = app.Today.AddDays(-1), roundId });
        using (var refused = await otherLead.GetAsync($"/rounds/{roundId}/codes"))
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "past its window the sheet refuses even before the job ran");
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PulseClosingJob>().RunAsync();
        Assert.That(await app.ScalarAsync<long>("SELECT COUNT(*) FROM code_sheet_entries WHERE round_id = @roundId", new { roundId }), Is.Zero);
    }

    [Test]
    public async Task Only_the_teams_own_lead_gets_the_sheet()
    {
        using var otherLead = await app.SignInAsync(Demo.TeamLead2);
        using var hrm = await app.SignInAsync(Demo.Hrm);
        var openRound = rounds[1];
        foreach (var path in new[] { "", "/slips.pdf", "/links.csv" })
        {
            using var outside = await otherLead.GetAsync($"/rounds/{openRound}/codes{path}");
            Assert.That(outside.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "another team's lead: " + path);
            using var advisor = await hrm.GetAsync($"/rounds/{openRound}/codes{path}");
            Assert.That(advisor.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK), "an HRM advisor: " + path);
            Assert.That(Checkups.CodesOnPage(await advisor.Content.ReadAsStringAsync()), Is.Empty);
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Every page of the PDF rendered with pdftoppm (150 dpi) and every QR code on it decoded.</summary>
    private static List<string> DecodePages(string pdf)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, "slips-page");
        using (var process = System.Diagnostics.Process.Start("pdftoppm", ["-r", "150", "-png", pdf, prefix]))
        {
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.Zero, "pdftoppm");
        }
        var pages = Directory.GetFiles(Path.GetDirectoryName(pdf)!, "slips-page*.png").Order().ToList();
        Assert.That(pages, Has.Count.EqualTo(2));
        return pages.SelectMany(page => Decode(SKBitmap.Decode(page))).ToList();
    }

    private static List<string> Decode(SKBitmap bitmap)
    {
        using (bitmap)
        {
            var pixels = new byte[bitmap.Width * bitmap.Height];
            for (var y = 0; y < bitmap.Height; y++)
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    pixels[y * bitmap.Width + x] = (byte)((c.Red * 299 + c.Green * 587 + c.Blue * 114) / 1000);
                }
            var source = new RGBLuminanceSource(pixels, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
            var reader = new ZXing.Multi.QrCode.QRCodeMultiReader();
            var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true };
            var results = reader.decodeMultiple(new BinaryBitmap(new HybridBinarizer(source)), hints) ?? [];
            return results.Select(r => r.Text).ToList();
        }
    }
}
