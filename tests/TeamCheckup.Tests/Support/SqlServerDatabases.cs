using Microsoft.Data.SqlClient;

namespace TeamCheckup.Tests.Support;

/// <summary>Fresh, throw-away databases on the SQL Server named by TEAMCHECKUP_TEST_SQLSERVER.</summary>
public static class SqlServerDatabases
{
    public static string NewConnectionString(string server, out string database)
    {
        database = "teamcheckup_test_" + Guid.NewGuid().ToString("N")[..12];
        return new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
    }

    public static void Drop(string server, string database)
    {
        SqlConnection.ClearAllPools();
        using var connection = new SqlConnection(new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"IF DB_ID(N'{database}') IS NOT NULL BEGIN ALTER DATABASE [{database}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{database}]; END";
        command.ExecuteNonQuery();
    }
}
