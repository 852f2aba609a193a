using Hangfire;
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

    public static readonly IReadOnlyList<string> Ids = [AuditChainVerification, ExpiredSessionCleanup];

    public static void Register(IRecurringJobManager jobs)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<AuditChainVerificationJob>(AuditChainVerification, job => job.RunAsync(), "15 2 * * *", utc);
        jobs.AddOrUpdate<ExpiredSessionCleanupJob>(ExpiredSessionCleanup, job => job.RunAsync(), Cron.Hourly(), utc);
    }
}
