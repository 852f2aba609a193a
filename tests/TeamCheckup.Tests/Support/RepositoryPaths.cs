namespace TeamCheckup.Tests.Support;

/// <summary>Locates the repository (the folder holding TeamCheckup.sln) from the test output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SqliteScripts => Path.Combine(Root, "db", "sqlite");
    public static string SqlServerScripts => Path.Combine(Root, "db", "sqlserver");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "TeamCheckup.sln"))) return folder.FullName;
        throw new InvalidOperationException($"TeamCheckup.sln not found above {AppContext.BaseDirectory}");
    }
}
