using TeamCheckup.Tests.Support;

namespace TeamCheckup.Tests.Features.AnonymousReports;

/// <summary>
/// The reporter's follow-up page says where the report stands in plain words (ontvangen, in behandeling, afgerond)
/// with the two deadlines the whistle-blower directive promises — acknowledgement within 7 days, feedback within
/// 3 months — and the day each was met; never an internal note.
/// </summary>
public class ReporterProgressTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero); // a Monday
    private ManualTimeProvider clock = null!;
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task Begin()
    {
        app = await TestApp.StartAsync(new TestAppOptions { Clock = clock = new ManualTimeProvider(Start) });
    }

    [OneTimeTearDown]
    public void End()
    {
        app.Dispose();
    }

    private async Task<string> ThreadAsync(string key)
    {
        using var reporter = app.CreateBrowser();
        using var response = await reporter.PostWithTokenAsync("/melden/opvolgen", new Dictionary<string, string> { ["Key"] = key }, "/melden/opvolgen");
        return await response.Content.ReadAsStringAsync();
    }

    private static (string Stage, string Text, string Acknowledge, string Feedback) Progress(string html) =>
        (Html.Attribute(Html.ByTestId(html, "report-progress")!, "data-stage")!, Html.Text(Html.ByTestId(html, "report-progress")!),
         Html.Text(Html.ByTestId(html, "acknowledge")!), Html.Text(Html.ByTestId(html, "feedback")!));

    private async Task StaffMessageAsync(Support.Triage.FiledCase filed, string body, bool isInternal = false, bool isFeedback = false)
    {
        var fields = new Dictionary<string, string> { ["ReportId"] = filed.ReportId.ToString(), ["Body"] = body };
        if (isInternal) fields["IsInternal"] = "true";
        if (isFeedback) fields["IsFeedback"] = "true";
        using var vik = await app.SignInAsync(Demo.Vik); // the clock moved past any session's idle timeout
        using var response = await vik.PostWithTokenAsync($"/cases/{filed.CaseId}/messages", fields, $"/cases/{filed.CaseId}");
        Assert.That((int)response.StatusCode, Is.EqualTo(302), Html.ErrorSummary(await response.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task The_stage_and_the_promised_deadlines_follow_the_handling()
    {
        var filed = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 5, category: "Discrimination");

        var received = Progress(await ThreadAsync(filed.Key));
        Assert.Multiple(() =>
        {
            Assert.That(received.Stage, Is.EqualTo("Received"));
            Assert.That(received.Text, Does.Contain("Stand van zaken: Ontvangen"));
            Assert.That(received.Acknowledge, Is.EqualTo("uiterlijk 9 maart 2026"), "7 days after the day of receipt");
            Assert.That(received.Feedback, Is.EqualTo("uiterlijk 2 juni 2026"), "3 months after the day of receipt");
        });

        clock.Advance(TimeSpan.FromDays(8));
        Assert.That(Progress(await ThreadAsync(filed.Key)).Acknowledge, Is.EqualTo("uiterlijk 9 maart 2026 — deze termijn is verstreken"));

        await StaffMessageAsync(filed, "Alleen voor VIK: zie dossier X-481.", isInternal: true);
        Assert.That(Progress(await ThreadAsync(filed.Key)).Stage, Is.EqualTo("Received"), "an internal note acknowledges nothing");

        await StaffMessageAsync(filed, "We hebben je melding ontvangen en gaan ermee aan de slag.");
        var handled = await ThreadAsync(filed.Key);
        Assert.Multiple(() =>
        {
            Assert.That(Progress(handled).Stage, Is.EqualTo("InProgress"));
            Assert.That(Progress(handled).Acknowledge, Is.EqualTo("gegeven op 10 maart 2026"));
            Assert.That(Progress(handled).Feedback, Is.EqualTo("uiterlijk 2 juni 2026"));
            Assert.That(Html.Text(handled), Does.Not.Contain("X-481"), "never an internal note");
        });

        clock.Advance(TimeSpan.FromDays(20));
        await StaffMessageAsync(filed, "We hebben met de betrokkenen gesproken; er zijn afspraken gemaakt.", isFeedback: true);
        Assert.That(Progress(await ThreadAsync(filed.Key)).Feedback, Is.EqualTo("gegeven op 30 maart 2026"));

        await app.ExecuteAsync("UPDATE cases SET analysis = 'Analyse', analysis_at = @now WHERE id = @id", new { now = app.AppClock.UtcNow, id = filed.CaseId });
        using var lead = await app.SignInAsync(Demo.Vik);
        using (var closed = await lead.PostWithTokenAsync($"/cases/{filed.CaseId}/close",
                   new Dictionary<string, string> { ["Outcome"] = "Resolved", ["Rationale"] = "Afspraken gemaakt.", ["IntegrityOutcome"] = "NoBreach", ["DecidedOn"] = app.Today.ToString("yyyy-MM-dd") }, $"/cases/{filed.CaseId}"))
            Assert.That((int)closed.StatusCode, Is.EqualTo(302));
        var done = Progress(await ThreadAsync(filed.Key));
        Assert.That(done.Stage, Is.EqualTo("Closed"));
        Assert.That(done.Text, Does.Contain("Afgerond"));
    }

    [Test]
    public async Task The_page_speaks_english_to_an_english_reader()
    {
        var filed = await Support.Triage.ReportAndTriageAsync(app, unitId: 1, teamId: 6);
        using var reporter = app.CreateBrowser();
        reporter.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-GB%7Cuic%3Den-GB");
        using var response = await reporter.PostWithTokenAsync("/melden/opvolgen", new Dictionary<string, string> { ["Key"] = filed.Key }, "/melden/opvolgen");
        var progress = Progress(await response.Content.ReadAsStringAsync());
        Assert.That(progress.Text, Does.Contain("Status: Received"));
        Assert.That(progress.Acknowledge, Does.StartWith("by ").And.EndWith("at the latest"));
    }
}
