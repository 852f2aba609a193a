using Hangfire;
using TeamCheckup.Web.Features.Checkups;
using TeamCheckup.Web.Features.Notifications;
using TeamCheckup.Web.Features.Reports;
using TeamCheckup.Web.Features.Retention;
using TeamCheckup.Web.Features.Triage;
using TeamCheckup.Web.Infrastructure.Audit;
using TeamCheckup.Web.Infrastructure.Auth;

namespace TeamCheckup.Web.Infrastructure.Jobs;

/// <summary>
/// Every recurring job of the app, registered in this one place with a fixed id (registering again
/// updates, never duplicates). Job arguments are ids only, and every job is safe to run twice.
/// </summary>
public static class RecurringJobs
{
    public const string AuditChainVerification = "audit-chain-verification";
    public const string ExpiredSessionCleanup = "expired-session-cleanup";
    public const string RoundScheduling = "checkup-round-scheduling";
    public const string RoundReminders = "checkup-round-reminders";
    public const string PulseClosing = "checkup-pulse-closing";
    public const string SignalSweep = "triage-signal-sweep";
    public const string QuarterlyReports = "quarterly-reports";
    public const string FormTokenCleanup = "form-token-cleanup";
    public const string RetentionPurge = "retention-purge";
    public const string NotificationLadder = "notifications-escalation";
    public const string MailDelivery = "notifications-mail-delivery";
    public const string MailDigest = "notifications-mail-digest";
    public const string OverdueRoundSignals = "triage-overdue-rounds";

    public static readonly IReadOnlyList<string> Ids = [AuditChainVerification, ExpiredSessionCleanup, RoundScheduling, RoundReminders, PulseClosing, SignalSweep, QuarterlyReports, FormTokenCleanup, RetentionPurge, NotificationLadder, MailDelivery, MailDigest, OverdueRoundSignals];

    /// <summary>Jobs that also run once at start-up: in-memory job storage forgets what ran before a restart.</summary>
    public static readonly IReadOnlyList<string> RunAtStartup = [RoundScheduling, PulseClosing, SignalSweep, RoundReminders, NotificationLadder, MailDelivery];

    /// <summary>The job classes, for dependency injection (Hangfire resolves them per run).</summary>
    public static IServiceCollection AddRecurringJobClasses(this IServiceCollection services) => services
        .AddTransient<AuditChainVerificationJob>()
        .AddTransient<ExpiredSessionCleanupJob>()
        .AddTransient<RoundSchedulingJob>()
        .AddTransient<RoundReminderJob>()
        .AddTransient<PulseClosingJob>()
        .AddTransient<SignalProcessor>()
        .AddTransient<SignalWriter>()
        .AddTransient<OverdueRoundSignalJob>()
        .AddTransient<ExpertAssignment>()
        .AddTransient<ReportBatches>()
        .AddTransient<Web.FormTokenCleanupJob>()
        .AddTransient<RetentionJob>()
        .AddTransient<NotificationLadderJob>()
        .AddTransient<MailDeliveryJob>();

    public static void Register(IRecurringJobManager jobs, TimeZoneInfo organisationZone, int digestHour = 7)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<AuditChainVerificationJob>(AuditChainVerification, job => job.RunAsync(), "15 2 * * *", utc);
        jobs.AddOrUpdate<ExpiredSessionCleanupJob>(ExpiredSessionCleanup, job => job.RunAsync(), Cron.Hourly(), utc);
        jobs.AddOrUpdate<Web.FormTokenCleanupJob>(FormTokenCleanup, job => job.RunAsync(), "45 2 * * *", utc);
        var local = new RecurringJobOptions { TimeZone = organisationZone };
        jobs.AddOrUpdate<RoundSchedulingJob>(RoundScheduling, job => job.RunAsync(), "5 0 * * *", local);
        jobs.AddOrUpdate<PulseClosingJob>(PulseClosing, job => job.RunAsync(), "10 * * * *", local);
        jobs.AddOrUpdate<RoundReminderJob>(RoundReminders, job => job.RunAsync(), "0 7 * * *", local);
        jobs.AddOrUpdate<SignalProcessor>(SignalSweep, job => job.SweepAsync(), Cron.Minutely(), utc);
        jobs.AddOrUpdate<ReportBatches>(QuarterlyReports, job => job.RunScheduledAsync(), "30 3 * * *", local);
        jobs.AddOrUpdate<RetentionJob>(RetentionPurge, job => job.RunAsync(), "45 2 * * *", local);
        jobs.AddOrUpdate<NotificationLadderJob>(NotificationLadder, job => job.RunAsync(), "*/5 * * * *", local);
        jobs.AddOrUpdate<MailDeliveryJob>(MailDelivery, job => job.SendDueAsync(), Cron.Minutely(), utc);
        jobs.AddOrUpdate<MailDeliveryJob>(MailDigest, job => job.SendDigestsAsync(), $"0 {Math.Clamp(digestHour, 0, 23)} * * *", local);
        // Also run by the round scheduling (00:05 and at start-up); this run catches a changed overdue setting.
        jobs.AddOrUpdate<OverdueRoundSignalJob>(OverdueRoundSignals, job => job.RunAsync(), "55 6 * * *", local);
    }
}
