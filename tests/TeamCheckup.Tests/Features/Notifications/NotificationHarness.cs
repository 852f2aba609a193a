using Microsoft.Extensions.DependencyInjection;
using TeamCheckup.Tests.Support;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Notifications;

namespace TeamCheckup.Tests.Features.Notifications;

/// <summary>Runs the notification jobs the way Hangfire would (the server is off in tests).</summary>
public static class NotificationHarness
{
    public static TestAppOptions Options(int smtpPort, ManualTimeProvider? clock = null, string? dataDirectory = null, bool keepData = false) => new()
    {
        Clock = clock,
        Settings = MailCatcher.SettingsFor(smtpPort),
        DataDirectory = dataDirectory,
        KeepData = keepData,
    };

    /// <summary>Rounds, the round steps and the rest of the ladder; returns how many notifications were new.</summary>
    public static async Task<int> RunLadderAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<RoundSchedulingJob>().RunAsync();
        return await services.GetRequiredService<RoundReminderJob>().RunAsync2()
               + await services.GetRequiredService<NotificationLadderJob>().RunAsync();
    }

    public static async Task<int> SendAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MailDeliveryJob>().SendDueAsync();
    }

    public static async Task<int> SendDigestsAsync(TestApp app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MailDeliveryJob>().SendDigestsAsync();
    }

    private static Task<int> RunAsync2(this RoundReminderJob job) => job.CreateRemindersAsync(job.Today);

    public static Task<int> UserIdAsync(TestApp app, string userName) =>
        app.ScalarAsync<int>("SELECT id FROM users WHERE user_name = @userName", new { userName });

    public static async Task<IReadOnlyList<string>> KindsForAsync(TestApp app, string userName, int? subjectId = null) =>
        await app.QueryAsync<string>(
            "SELECT n.kind FROM user_notifications n JOIN users u ON u.id = n.user_id WHERE u.user_name = @userName " +
            "AND (@subjectId IS NULL OR n.subject_id = @subjectId) ORDER BY n.id", new { userName, subjectId });

    public static string Text(MimeKit.MimeMessage message) => message.Subject + "\n" + message.TextBody;
}
