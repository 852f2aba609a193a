using System.Diagnostics;
using System.Globalization;
using System.Text;
using TeamCheckup.Web.Features.OrganisationImport;

namespace TeamCheckup.Bench;

/// <summary>
/// The organisation import at police scale, in-process on the app's own handler and an empty database: an HR file of
/// 10 units, 50 districts, 3,000 teams and 3,100 leads (100 teams have two) imported into the empty database; the same
/// file again (nothing changes); then a file with 100 changes (headcounts, renames, moves, teams gone and new, leads
/// moved). Time per run, managed memory allocated, and the process's peak working set. <c>import-file</c> writes the
/// files for the command-line runs of bench/import.sh.
/// </summary>
public static class ImportBenchmark
{
    public const int Units = 10, DistrictsPerUnit = 5, Teams = 3000, CoLeads = 100;

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredService<OrganisationImportHandler>();
        var (first, changed) = (Encoding.UTF8.GetBytes(File(changes: false)), Encoding.UTF8.GetBytes(File(changes: true)));
        Console.WriteLine($"Import benchmark: {first.Length / 1024.0:0} KB file, {Teams} teams, {Teams + CoLeads} leads; working set before {BenchHost.PeakMemory()}");
        var ok = await Run(handler, "empty-database", first, expectedChanges: Units + Units * DistrictsPerUnit + Teams + Teams + CoLeads);
        ok &= await Run(handler, "same-file-again", first, expectedChanges: 0);
        ok &= await Run(handler, "hundred-changes", changed, expectedChanges: 100);
        return ok ? 0 : 1;
    }

    private static async Task<bool> Run(OrganisationImportHandler handler, string name, byte[] file, int expectedChanges)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var outcome = await handler.ImportAsync(file, "organisatie.csv", "benchmark");
        var elapsed = stopwatch.Elapsed;
        var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0;
        var changes = outcome.Plan?.Changes.Count ?? -1;
        Console.WriteLine($"FIGURE import-{name} seconds={elapsed.TotalSeconds:0.00} changes={changes} allocated_mb={megabytes:0} " +
                          $"peak_memory={BenchHost.PeakMemory().Replace(" ", "")} ({outcome.Plan?.Counts()})");
        foreach (var problem in outcome.Problems.Take(5)) Console.Error.WriteLine($"problem: row {problem.Row} {problem.Key}");
        if (changes != expectedChanges) Console.Error.WriteLine($"{name}: expected {expectedChanges} changes, got {changes}");
        return outcome.Applied && changes == expectedChanges;
    }

    public static int WriteFiles(string folder)
    {
        Directory.CreateDirectory(folder);
        System.IO.File.WriteAllText(Path.Combine(folder, "organisatie-3000.csv"), File(changes: false), new UTF8Encoding(false));
        System.IO.File.WriteAllText(Path.Combine(folder, "organisatie-3000-changed.csv"), File(changes: true), new UTF8Encoding(false));
        Console.WriteLine($"wrote {folder}/organisatie-3000.csv and organisatie-3000-changed.csv");
        return 0;
    }

    /// <summary>The HR file; with <paramref name="changes"/>, exactly 100 changes against the first: 40 headcounts,
    /// 20 renames, 10 teams to another district, 10 teams gone, 10 new teams, and their 10 leads moved to the new teams.</summary>
    public static string File(bool changes)
    {
        var text = new StringBuilder("record;code;name;parent_code;team_type;headcount;service_area;user_name;email;team_codes\r\n");
        var districts = Units * DistrictsPerUnit;
        for (var u = 1; u <= Units; u++) text.Append(CultureInfo.InvariantCulture, $"unit;U{u:00};Eenheid {u:00};;;;;;;\r\n");
        for (var d = 1; d <= districts; d++) text.Append(CultureInfo.InvariantCulture, $"district;D{d:000};District {d:000};U{(d - 1) / DistrictsPerUnit + 1:00};;;;;;\r\n");
        string[] types = ["Basisteam", "Basisteam", "Basisteam", "Recherche", "IntakeService", "Opsporing", "Specialist", "Ondersteuning"];
        var teamCodes = new List<string>();
        for (var t = 1; t <= Teams; t++)
        {
            if (changes && t is > 100 and <= 110) continue;                                   // 10 teams gone
            var district = (t - 1) % districts + 1;
            if (changes && t is > 110 and <= 120) district = district % districts + 1;        // 10 teams moved
            var headcount = 6 + t * 7 % 55 + (changes && t <= 40 ? 1 : 0);                   // 40 headcounts
            var name = changes && t is > 40 and <= 60 ? $"Team {t:0000} (nieuw)" : $"Team {t:0000}"; // 20 renames
            text.Append(CultureInfo.InvariantCulture, $"team;T{t:0000};{name};D{district:000};{types[t % types.Length]};{headcount};Gebied {t:0000};;;\r\n");
            teamCodes.Add($"T{t:0000}");
        }
        if (changes)
            for (var t = Teams + 1; t <= Teams + 10; t++)                                     // 10 new teams
            {
                text.Append(CultureInfo.InvariantCulture, $"team;T{t:0000};Team {t:0000};D001;Basisteam;20;Gebied {t:0000};;;\r\n");
                teamCodes.Add($"T{t:0000}");
            }
        for (var l = 1; l <= Teams + CoLeads; l++)
        {
            var team = l <= Teams ? l : (l - Teams) * 29;                                     // 100 co-leads of teams 29, 58, ...
            if (changes && team is > 100 and <= 110) team += Teams - 100;                     // 10 leads move: their team is gone, they lead a new one
            text.Append(CultureInfo.InvariantCulture, $"lead;;Teamchef {l:0000};;;;;teamchef-{l:0000};teamchef-{l:0000}@politie.example;T{team:0000}\r\n");
        }
        return text.ToString();
    }
}
