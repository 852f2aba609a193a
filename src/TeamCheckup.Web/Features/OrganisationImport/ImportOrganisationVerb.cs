using System.Globalization;
using Microsoft.Extensions.Localization;
using TeamCheckup.Web.Infrastructure.Database;

namespace TeamCheckup.Web.Features.OrganisationImport;

/// <summary>
/// <c>import-organisation &lt;file&gt; [--dry-run]</c>: the organisation import for a nightly automation, with the same
/// rules as the admin page. Prints every problem with its row, or every change; exit code 0 when the file was imported
/// (or, with --dry-run, would import), 1 when it has problems (nothing changed), 2 on wrong usage.
/// </summary>
public static class ImportOrganisationVerb
{
    public const string Name = "import-organisation";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args)
    {
        var dryRun = args.Contains("--dry-run");
        var files = args.Where(a => a != "--dry-run").ToList();
        if (files.Count != 1 || files[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"Usage: {Name} <file.csv|file.xlsx> [--dry-run]");
            return 2;
        }
        var path = files[0];
        if (!File.Exists(path)) { Console.Error.WriteLine($"No such file: {path}"); return 2; }
        if (new FileInfo(path).Length > ImportFile.MaxBytes)
        {
            Console.Error.WriteLine($"{path}: larger than {ImportFile.MaxBytes / 1024 / 1024} MB; nothing changed.");
            return 1;
        }

        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("nl-NL");
        services.GetRequiredService<Migrator>().Migrate();
        using var scope = services.CreateScope();
        var handler = scope.ServiceProvider.GetRequiredService<OrganisationImportHandler>();
        var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var content = await File.ReadAllBytesAsync(path);
        var outcome = dryRun ? await handler.PreviewAsync(content, path) : await handler.ImportAsync(content, path, "command-line");

        foreach (var problem in outcome.Problems)
            Console.Error.WriteLine(ImportText.Problem(t, problem));
        if (outcome.HasProblems)
        {
            Console.Error.WriteLine(t["Import.Cli.Refused", outcome.Problems.Count]);
            return 1;
        }
        foreach (var change in outcome.Plan!.Changes) Console.WriteLine(ImportText.Change(t, change));
        Console.WriteLine((dryRun ? "dry run, nothing changed: " : "imported: ") + outcome.Plan.Counts());
        return 0;
    }
}

/// <summary>Problems and changes as one line of text (the verb's output; the page shows them in tables).</summary>
public static class ImportText
{
    public static string Problem(IStringLocalizer t, ImportProblem problem) =>
        (problem.Row is { } row ? t["Import.RowPrefix", row] + " " : "") + t[problem.Key, problem.Arguments.ToArray()];

    public static string Change(IStringLocalizer t, PlannedChange change) =>
        $"{(change.Row is { } row ? t["Import.RowPrefix", row] + " " : "")}{t["Import.Kind." + change.Kind]} {t["Import.Level." + change.Level]} {change.Key} ({change.Name})" +
        string.Concat(change.Fields.Select(f => $"; {f.Field}: {f.Before ?? "—"} → {f.After ?? "—"}"));
}
