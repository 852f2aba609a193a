namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>
/// The few places where SQLite and SQL Server SQL differ. Everything else in the app is written in
/// the portable subset both understand; keep it that way and add a member here when it cannot be.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Appended to an INSERT statement (after a semicolon) to return the new identity.</summary>
    public abstract string SelectNewId { get; }

    /// <summary>Appended to an INSERT … SELECT … WHERE NOT EXISTS: the new row's id, or NULL when nothing was inserted.</summary>
    public abstract string SelectNewIdIfInserted { get; }

    /// <summary>Paging clause; the query must already have an ORDER BY.</summary>
    public abstract string Page(int skip, int take);

    /// <summary>Table hint that takes an update lock for the rest of the transaction (SQL Server),
    /// where SQLite's write transaction already serialises writers.</summary>
    public abstract string LockForUpdate { get; }

    /// <summary>A statement that inserts a row unless a row with the same key already exists.
    /// <paramref name="keyColumns"/> must match a unique index.</summary>
    public abstract string InsertIfMissing(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns);

    /// <summary>Lists the user tables and their columns: (table_name, column_name), lower case.</summary>
    public abstract string ListColumns { get; }

    /// <summary>True when the exception is a unique-key violation (another writer got there first).</summary>
    public abstract bool IsUniqueViolation(System.Data.Common.DbException exception);

    /// <summary>Dates are passed to the database as UTC <see cref="DateTime"/>; SQLite stores them as
    /// ISO text, so range comparisons work on both when every value is written the same way.</summary>
    public static DateTime Utc(DateTimeOffset value) => value.UtcDateTime;

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteDialect(),
        DatabaseProvider.SqlServer => new SqlServerDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

public sealed class SqliteDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
    public override string SelectNewId => "SELECT last_insert_rowid()";
    public override string SelectNewIdIfInserted => "SELECT CASE WHEN changes() > 0 THEN last_insert_rowid() END";
    public override string Page(int skip, int take) => $"LIMIT {take} OFFSET {skip}";
    public override string LockForUpdate => "";

    public override string InsertIfMissing(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))}) " +
        $"ON CONFLICT ({string.Join(", ", keyColumns)}) DO NOTHING";

    public override bool IsUniqueViolation(System.Data.Common.DbException exception) =>
        exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 }; // SQLITE_CONSTRAINT

    public override string ListColumns =>
        "SELECT lower(m.name) AS table_name, lower(p.name) AS column_name " +
        "FROM sqlite_master m JOIN pragma_table_info(m.name) p " +
        "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'SchemaVersions' ORDER BY 1, 2";
}

public sealed class SqlServerDialect : SqlDialect
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
    public override string SelectNewId => "SELECT CAST(SCOPE_IDENTITY() AS BIGINT)";
    public override string SelectNewIdIfInserted => "SELECT CASE WHEN @@ROWCOUNT > 0 THEN CAST(SCOPE_IDENTITY() AS BIGINT) END";
    public override string Page(int skip, int take) => $"OFFSET {skip} ROWS FETCH NEXT {take} ROWS ONLY";
    public override string LockForUpdate => "WITH (UPDLOCK, HOLDLOCK)";

    public override string InsertIfMissing(string table, IReadOnlyList<string> columns, IReadOnlyList<string> keyColumns) =>
        $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select(c => "@" + c))} " +
        $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE " +
        string.Join(" AND ", keyColumns.Select(c => $"{c} = @{c}")) + ")";

    public override bool IsUniqueViolation(System.Data.Common.DbException exception) =>
        exception is Microsoft.Data.SqlClient.SqlException { Number: 2601 or 2627 };

    public override string ListColumns =>
        "SELECT lower(t.name) AS table_name, lower(c.name) AS column_name " +
        "FROM sys.tables t JOIN sys.columns c ON c.object_id = t.object_id " +
        "WHERE t.is_ms_shipped = 0 AND t.name <> 'SchemaVersions' ORDER BY 1, 2";
}
