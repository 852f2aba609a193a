using System.Globalization;
using Hangfire;
using TeamCheckup.Bench;
using TeamCheckup.Web.Infrastructure.Database;

// In-process benchmarks on the app's own services and a generated database (bench/generate via the app's
// generate-data verb). Each prints its figures; bench/*.sh run them.
//
//   TeamCheckup.Bench triage <data-dir>          10,000 signals at once, then single-signal latency
//   TeamCheckup.Bench reports-batch <data-dir>   every report of the last closed quarter through the real batch
//   TeamCheckup.Bench reports-each <data-dir>    each report timed alone, and one team report against Chromium
//   TeamCheckup.Bench queries <data-dir> [team] [unit]   the dashboard's and unit overview's queries alone (profiling aid)
//   TeamCheckup.Bench render <data-dir> <type> <scope> <file.pdf> [nl|en]   one report of the last closed quarter, to look at
//   TeamCheckup.Bench import <empty-data-dir>    the organisation import: 3,000 teams and 3,100 leads, again, then 100 changes
//   TeamCheckup.Bench import-file <folder>       writes those HR files (for the command-line runs of bench/import.sh)
//   TeamCheckup.Bench notifications <empty-data-dir> [mails]   10,000 queued e-mails delivered to an SMTP server in this process
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 2)
{
    Console.Error.WriteLine("Usage: TeamCheckup.Bench triage|reports-batch|reports-each <data-dir> [options]");
    return 2;
}
var (command, dataDirectory) = (args[0], Path.GetFullPath(args[1]));
if (command == "import-file") return ImportBenchmark.WriteFiles(dataDirectory);
if (command == "notifications") return await NotificationBenchmark.RunAsync(dataDirectory, args.Skip(2).ToList());
if (command != "import" && !File.Exists(Path.Combine(dataDirectory, "teamcheckup.db")))
{
    Console.Error.WriteLine($"No generated database in {dataDirectory} (run bench/generate.sh first).");
    return 2;
}

await using var app = BenchHost.Build(dataDirectory, startServer: command == "triage");
if (command == "triage") await app.StartAsync();
var connections = app.Services.GetRequiredService<DbConnectionFactory>();
var exit = command switch
{
    "triage" => await TriageBenchmark.RunAsync(app.Services, connections, args.Skip(2).ToList()),
    "reports-batch" => await ReportBenchmark.RunBatchAsync(app.Services),
    "reports-each" => await ReportBenchmark.RunEachAsync(app.Services, args.Skip(2).ToList()),
    "queries" => await QueryProfile.RunAsync(app.Services, args.Skip(2).ToList()),
    "render" => await ReportBenchmark.RenderOneAsync(app.Services, args.Skip(2).ToList()),
    "import" => await ImportBenchmark.RunAsync(app.Services),
    _ => -1,
};
if (exit == -1) Console.Error.WriteLine($"Unknown benchmark '{command}'.");
if (command == "triage") await app.StopAsync();
return exit < 0 ? 2 : exit;
