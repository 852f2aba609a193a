using TeamCheckup.Web.Features.Reports;

namespace TeamCheckup.Web.Infrastructure.DataGeneration;

public sealed record GenerationSummary(
    int Units, int Districts, int Teams, int Staff, int Accounts, int Rounds, int Responses, int RoundsBelowK,
    int Incidents, int AnonymousReports, int Cases, int OpenCases, int OpenPulseCodes, TimeSpan Elapsed);

/// <summary>What generate-data has written so far, for its summary.</summary>
internal sealed class GenerationCounts
{
    public int Districts, Accounts, Rounds, Responses, RoundsBelowK, Incidents, Reports;
}

/// <summary>The generator's draws from its seeded <see cref="Random"/>.</summary>
internal static class Chance
{
    public static DateOnly Day(Random random, Quarter quarter) =>
        quarter.Start.AddDays(random.Next(quarter.End.DayNumber - quarter.Start.DayNumber + 1));

    public static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit) { product *= random.NextDouble(); count++; }
        return count;
    }
}
