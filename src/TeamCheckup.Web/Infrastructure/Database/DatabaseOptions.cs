namespace TeamCheckup.Web.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (the embedded default) or SqlServer.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for SqlServer; for Sqlite it overrides the file in <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Folder for the SQLite file and (embedded default) the data-protection keys.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Run pending migrations when the app starts (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public string ResolveDataDirectory(string contentRoot) =>
        Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.GetFullPath(Path.Combine(contentRoot, DataDirectory));
}
