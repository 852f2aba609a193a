namespace TeamCheckup.Web.Infrastructure.Audit;

/// <summary>Daily recurring job: verifies the audit chain and raises an error in the log when it is broken.
/// Safe to run twice: it only reads (and appends one verification entry).</summary>
public sealed class AuditChainVerificationJob(AuditTrail audit, ILogger<AuditChainVerificationJob> logger)
{
    public async Task RunAsync()
    {
        var result = await audit.VerifyAsync();
        if (result.IsIntact)
        {
            logger.LogInformation("Audit chain intact: {Entries} entries checked", result.EntriesChecked);
            await audit.AppendAsync("system", AuditActions.AuditVerified, details: $"intact; {result.EntriesChecked} entries");
        }
        else
        {
            logger.LogError("Audit chain BROKEN at entry {Sequence}: {Problem}", result.FirstBrokenSequence, result.Problem);
            await audit.AppendAsync("system", AuditActions.AuditVerified, details: $"broken at {result.FirstBrokenSequence}: {result.Problem}");
        }
    }
}
