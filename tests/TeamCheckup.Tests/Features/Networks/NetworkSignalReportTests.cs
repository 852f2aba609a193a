using System.Globalization;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Networks;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Tests.Features.Networks;

/// <summary>
/// The quarterly overview of the networks' signals read back from the PDFs (PdfPig) against the signals in the database,
/// in Dutch and English: the chief report's section for unit 1 and the national report for Leadership. The expected
/// figures are computed here from the rows, as they stood at the quarter's end, not by the report's code.
/// </summary>
public class NetworkSignalReportTests
{
    private static readonly Quarter Q = KnownQuarter.Quarter; // Q2 2026
    private TestApp app = null!;
    private List<Signal> signals = [];

    public sealed class Signal
    {
        public int Id { get; set; }
        public string NetworkName { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Theme { get; set; } = "";
        public int? UnitId { get; set; }
        public DateOnly FiledOn { get; set; }
        public DateOnly AcknowledgeBy { get; set; }
        public DateOnly AnswerBy { get; set; }
        public DateOnly? AcknowledgedOn { get; set; }
        public DateOnly? AnsweredOn { get; set; }
        public bool AnsweredInQuarter => AnsweredOn is { } a && a <= Q.End;
        public bool AcknowledgedInQuarter => AcknowledgedOn is { } a && a <= Q.End;
        public bool AnsweredOnTime => AnsweredInQuarter && AnsweredOn <= AnswerBy;
        public bool AcknowledgedOnTime => AcknowledgedInQuarter && AcknowledgedOn <= AcknowledgeBy;
    }

    [OneTimeSetUp]
    public async Task Start()
    {
        app = await KnownQuarter.StartAsync();
        int Network(string name) => app.ScalarAsync<int>("SELECT id FROM networks WHERE name = @name", new { name }).Result;
        var (roze, advisory, divers) = (Network("Netwerk Roze in Blauw"), Network("Adviesgroep Politie voor iedereen"), Network("Netwerk Divers Vakmanschap"));
        var filer = await app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = 'netwerk'");
        var chief = await app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = 'chef'");
        async Task Add(int network, string kind, string theme, int? unit, string filed, string? acknowledged, string? answered)
        {
            var on = DateOnly.Parse(filed, CultureInfo.InvariantCulture);
            DateOnly? Day(string? d) => d is null ? null : DateOnly.Parse(d, CultureInfo.InvariantCulture);
            await app.ExecuteAsync(
                "INSERT INTO network_signals (network_id, kind, theme, unit_id, title, body, filed_by, filed_at, filed_on, acknowledge_by, answer_by, " +
                "acknowledged_at, acknowledged_on, acknowledged_by, answered_at, answered_on, answered_by) VALUES (@network, @kind, @theme, @unit, 'Geheime titel', 'Geheime tekst over de kantine', @filer, " +
                "@filedAt, @on, @ackBy, @answerBy, @ackAt, @ack, @by, @answerAt, @answer, @by2)",
                new
                {
                    network, kind, theme, unit, filer, filedAt = on.ToDateTime(new TimeOnly(10, 0)), on,
                    ackBy = WorkingDays.Add(on, 5), answerBy = WorkingDays.Add(on, 20),
                    ackAt = Day(acknowledged)?.ToDateTime(new TimeOnly(11, 0)), ack = Day(acknowledged), by = acknowledged is null ? (int?)null : chief,
                    answerAt = Day(answered)?.ToDateTime(new TimeOnly(11, 0)), answer = Day(answered), by2 = answered is null ? (int?)null : chief,
                });
        }
        await Add(roze, SignalKinds.Unasked, SignalThemes.Conduct, 1, "2026-04-06", "2026-04-08", "2026-04-20");
        await Add(advisory, SignalKinds.AdviceOnRequest, SignalThemes.DiversityInclusion, 1, "2026-05-04", "2026-05-20", "2026-07-03"); // answered after the quarter
        await Add(roze, SignalKinds.Unasked, SignalThemes.DiversityInclusion, 1, "2026-06-24", null, null);                            // still within both deadlines
        await Add(roze, SignalKinds.Unasked, SignalThemes.Workload, 1, "2026-04-13", "2026-04-14", "2026-06-01");                      // answered late
        await Add(divers, SignalKinds.Unasked, SignalThemes.Integrity, 2, "2026-04-15", "2026-04-16", "2026-05-04");
        await Add(advisory, SignalKinds.AdviceOnRequest, SignalThemes.Leadership, null, "2026-05-11", "2026-05-12", "2026-05-26");
        await Add(roze, SignalKinds.Unasked, SignalThemes.Conduct, 1, "2026-03-20", "2026-03-23", "2026-04-02");                      // previous quarter
        signals = await app.QueryAsync<Signal>(
            "SELECT s.id AS Id, n.name AS NetworkName, s.kind AS Kind, s.theme AS Theme, s.unit_id AS UnitId, s.filed_on AS FiledOn, s.acknowledge_by AS AcknowledgeBy, " +
            "s.answer_by AS AnswerBy, s.acknowledged_on AS AcknowledgedOn, s.answered_on AS AnsweredOn FROM network_signals s JOIN networks n ON n.id = s.network_id " +
            "WHERE s.filed_on >= @from AND s.filed_on <= @to", new { from = Q.Start, to = Q.End });
    }

    [OneTimeTearDown]
    public void Stop() => app.Dispose();

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static readonly Dictionary<string, (string Nl, string En)> Themes = new()
    {
        [SignalThemes.Conduct] = ("Omgangsvormen", "Conduct and manners"),
        [SignalThemes.DiversityInclusion] = ("Diversiteit en inclusie", "Diversity and inclusion"),
        [SignalThemes.Integrity] = ("Integriteit", "Integrity"),
        [SignalThemes.SocialSafety] = ("Sociale veiligheid", "Social safety"),
        [SignalThemes.Workload] = ("Werkdruk", "Workload"),
        [SignalThemes.Leadership] = ("Leiderschap", "Leadership"),
        [SignalThemes.Community] = ("Verbinding met de samenleving", "Connection with society"),
        [SignalThemes.Other] = ("Overig", "Other"),
    };

    private static CultureInfo Culture(string language) => new(language == "en" ? "en-GB" : "nl-NL");

    private static string Days(double? median, string language) => median is not { } m ? "—"
        : m.ToString("0.#", Culture(language)) + (language == "en" ? (m == 1 ? " working day" : " working days") : (m == 1 ? " werkdag" : " werkdagen"));

    /// <summary>Met / due for a step, as the reports count it at the quarter's end: done in time; done late, or not done
    /// with the deadline passed; not done and still running (left out of the rate).</summary>
    private static (int Met, int Missed, int Pending) Compliance(IEnumerable<Signal> rows, bool answer)
    {
        int met = 0, missed = 0, pending = 0;
        foreach (var s in rows)
        {
            var (done, due) = answer ? (s.AnsweredInQuarter ? s.AnsweredOn : null, s.AnswerBy) : (s.AcknowledgedInQuarter ? s.AcknowledgedOn : null, s.AcknowledgeBy);
            if (done is { } d) { if (d <= due) met++; else missed++; }
            else if (due <= Q.End) missed++;
            else pending++;
        }
        return (met, missed, pending);
    }

    private static string Rate((int Met, int Missed, int Pending) c, string language) =>
        c.Met + c.Missed == 0 ? "—" : (c.Met / (double)(c.Met + c.Missed)).ToString("P0", Culture(language));

    private static double? MedianToAnswer(IEnumerable<Signal> rows) =>
        Median(rows.Where(s => s.AnsweredInQuarter).Select(s => (double)WorkingDays.Between(s.FiledOn, s.AnsweredOn!.Value)));

    /// <summary>The key figures' value line and the theme table, as the section and the national report print them.</summary>
    private static void AssertFigures(PdfText pdf, IReadOnlyList<Signal> rows, string language, string after)
    {
        var lines = pdf.AllLines.Select(l => l.Text).SkipWhile(l => l != after).ToList();
        Assert.That(lines, Is.Not.Empty, $"the heading '{after}' in:\n{pdf.Text}");
        var values = $"{rows.Count} {Rate(Compliance(rows, false), language)} {Rate(Compliance(rows, true), language)} {Days(MedianToAnswer(rows), language)}";
        Assert.That(lines, Does.Contain(values), pdf.Text);
        foreach (var (theme, names) in Themes)
        {
            var of = rows.Where(s => s.Theme == theme).ToList();
            var line = $"{(language == "en" ? names.En : names.Nl)} {of.Count} {Compliance(of, true).Met} {of.Count(s => !s.AnsweredInQuarter)}";
            Assert.That(lines, Does.Contain(line), $"theme {theme}");
        }
    }

    [TestCase("nl")]
    [TestCase("en")]
    public async Task The_chief_report_has_the_unit_s_signals_by_theme_with_their_response_times(string language)
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.Chief, 1, language);
        var unit1 = signals.Where(s => s.UnitId == 1).ToList();
        Assert.That(unit1, Has.Count.EqualTo(4), "the seeded quarter: four signals about unit 1, one of the previous quarter left out");
        AssertFigures(pdf, unit1, language, language == "en" ? "Signals from the networks" : "Signalen van netwerken");
        var organisationWide = signals.Count(s => s.UnitId is null);
        Assert.That(pdf.FlowText, Does.Contain(language == "en"
            ? $"In addition, {organisationWide} signal about the whole organisation reached force command."
            : $"Daarnaast kwam {organisationWide} signaal over de hele organisatie binnen bij de korpsleiding."));
        Assert.That(pdf.Text, Does.Not.Contain("Geheime"), "no title or text of a signal");
    }

    [TestCase("nl")]
    [TestCase("en")]
    public async Task The_national_report_counts_by_theme_network_and_unit_with_the_deadlines_kept(string language)
    {
        var pdf = await KnownQuarter.RenderAsync(app, ReportTypes.NetworkSignals, ReportTypes.National, language);
        var en = language == "en";
        AssertFigures(pdf, signals, language, en ? "Key figures" : "Kerncijfers");
        var lines = pdf.AllLines.Select(l => l.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pdf.Title, Is.EqualTo(en ? "Signals from the networks, national" : "Signalen van netwerken, landelijk"));
            var ack = Compliance(signals, false);
            var answer = Compliance(signals, true);
            Assert.That(lines, Does.Contain($"{(en ? "Acknowledge receipt" : "Ontvangst bevestigen")} {ack.Met} {ack.Missed} {ack.Pending}"));
            Assert.That(lines, Does.Contain($"{(en ? "Answer" : "Antwoorden")} {answer.Met} {answer.Missed} {answer.Pending}"));
            foreach (var (unit, name) in new (int?, string)[] { (1, "Eenheid Midden-Nederland"), (2, "Eenheid Oost-Nederland"), (null, en ? "the whole organisation" : "de hele organisatie") })
            {
                var of = signals.Where(s => s.UnitId == unit).ToList();
                Assert.That(lines, Does.Contain($"{name} {of.Count} {Compliance(of, false).Met} {Compliance(of, true).Met} {MedianToAnswer(of)?.ToString("0.#", Culture(language)) ?? "—"}"), $"unit {unit}");
            }
            var roze = signals.Where(s => s.NetworkName == "Netwerk Roze in Blauw").ToList();
            Assert.That(lines, Does.Contain($"Netwerk Roze in Blauw ({(en ? "Staff network" : "Personeelsnetwerk")}) {roze.Count(s => s.Kind == SignalKinds.Unasked)} " +
                $"{roze.Count(s => s.Kind == SignalKinds.AdviceOnRequest)} {Compliance(roze, true).Met} {MedianToAnswer(roze)?.ToString("0.#", Culture(language))}"));
            Assert.That(pdf.Text, Does.Not.Contain("Geheime"), "no title or text of a signal");
            var guide = pdf.Pages.First(p => p.Text.Contains(en ? "How to read this report" : "Hoe lees je dit rapport")).Number;
            Assert.That(pdf.Pages.Where(p => p.Number < guide).Select(p => p.Text), Has.Some.Contains(en ? "Deadlines" : "Termijnen"), "the figures come first");
            Assert.That(pdf.Pages.Last().Text, Does.Contain("SHA-256"), "the reading guide, with the content hash, closes the report");
        });
    }
}
