using System.Globalization;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Infrastructure.DataGeneration;

/// <summary>
/// <c>generate-data</c>: fills the configured (empty) database with a synthetic police-scale organisation and
/// its history, for benchmarks and load tests (see bench/README.md). Refused in Production.
/// </summary>
public static class GenerateDataVerb
{
    public const string Name = "generate-data";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        if (services.GetRequiredService<IHostEnvironment>().IsProduction())
        {
            Console.Error.WriteLine("generate-data writes synthetic people and cases; it does not run in Production (set ASPNETCORE_ENVIRONMENT to Benchmark or Development).");
            return 2;
        }
        GenerationSettings settings;
        try
        {
            settings = GenerationSettings.Parse(args, Environment.GetEnvironmentVariable("TEAMCHECKUP_GENERATED_PASSWORD"));
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine(exception.Message);
            Console.Error.WriteLine("Usage: " + GenerationSettings.Usage);
            return 2;
        }

        services.GetRequiredService<Migrator>().Migrate();
        // The signal processor it drives uses scoped services (the case lead's handler), as in a request or a job.
        using var scope = services.CreateScope();
        var generator = ActivatorUtilities.CreateInstance<DataGenerator>(scope.ServiceProvider);
        try
        {
            var summary = await generator.RunAsync(settings);
            var ci = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(ci,
                $"Generated (seed {settings.Seed}, as of {settings.AsOf:yyyy-MM-dd}, {settings.Quarters} quarters) in {summary.Elapsed.TotalSeconds:0.0} s:\n" +
                $"  {summary.Units} units, {summary.Districts} districts, {summary.Teams} teams, {summary.Staff} staff, {summary.Accounts} accounts\n" +
                $"  {summary.Rounds} rounds ({summary.RoundsBelowK} below k), {summary.Responses} pulse responses\n" +
                $"  {summary.Incidents} incidents, {summary.AnonymousReports} anonymous reports, {summary.Cases} cases ({summary.OpenCases} open)\n" +
                $"  {summary.OpenPulseCodes} unused codes of open pulses{(settings.CodesFile is null ? "" : $" in {settings.CodesFile}")}"));
            return 0;
        }
        catch (InvalidOperationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return 1;
        }
    }
}
