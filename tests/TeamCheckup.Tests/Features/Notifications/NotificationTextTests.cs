using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Notifications;

namespace TeamCheckup.Tests.Features.Notifications;

/// <summary>The words of a notification: one day is "1 werkdag", never "werkdag(en)"; in both languages.</summary>
[TestFixture]
public sealed class NotificationTextTests
{
    [TestCase("nl", "1", "is 1 werkdag te laat.")]
    [TestCase("nl", "3", "is 3 werkdagen te laat.")]
    [TestCase("en", "1", "is 1 working day late.")]
    [TestCase("en", "3", "is 3 working days late.")]
    public async Task A_count_of_days_takes_the_singular_or_the_plural(string language, string days, string expected)
    {
        using var app = await TestApp.StartAsync();
        var text = app.Services.GetRequiredService<NotificationText>();
        var line = text.Line(NotificationKinds.TriageDeadlineBreached, $"[\"Basisteam Utrecht-Centrum\",\"12\",\"{days}\"]", NotificationText.CultureFor(language));
        Assert.That(line, Does.EndWith(expected));
    }

    [Test]
    public async Task No_notification_text_leaves_the_choice_of_number_to_the_reader()
    {
        using var app = await TestApp.StartAsync();
        var text = app.Services.GetRequiredService<NotificationText>();
        foreach (var language in NotificationText.Cultures.Keys)
        foreach (var kind in NotificationKinds.All)
        foreach (var count in new[] { "1", "2" })
        {
            var line = text.Line(kind, $"[\"Team\",\"12\",\"{count}\",\"2026-03-02\"]", NotificationText.CultureFor(language));
            Assert.That(line, Does.Not.Contain("(en)").And.Not.Contain("(s)").And.Not.Contain("Notify.Kind"), $"{kind} in {language}");
        }
    }
}
