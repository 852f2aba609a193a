using DbUp.SqlServer;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace TeamCheckup.Tests.Support;

/// <summary>T-SQL parsing with ScriptDom (SQL Server 2025 grammar) for scripts and captured queries.</summary>
public static class TSql
{
    /// <summary>Splits a script into batches on GO lines with DbUp's SQL Server connection manager, i.e. exactly as
    /// the migrator runs it (the connection string is never opened).</summary>
    public static IReadOnlyList<string> SplitBatches(string script) =>
        new SqlConnectionManager("Server=unused;Database=unused").SplitScriptIntoCommands(script).ToList();

    public static (TSqlFragment Fragment, IList<ParseError> Errors) Parse(string sql)
    {
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        return (fragment, errors);
    }

    public static string Describe(IEnumerable<ParseError> errors) =>
        string.Join("; ", errors.Select(e => $"line {e.Line} col {e.Column}: {e.Message}"));

    /// <summary>The tables and columns a sequence of batches leaves behind: CREATE TABLE, ALTER TABLE ADD and
    /// DROP COLUMN, DROP TABLE, in order. Names in lower case.</summary>
    public static SortedSet<(string Table, string Column)> DeclaredColumns(IEnumerable<TSqlFragment> batches)
    {
        var visitor = new SchemaVisitor();
        foreach (var batch in batches) batch.Accept(visitor);
        return new SortedSet<(string, string)>(visitor.Tables.SelectMany(t => t.Value.Select(c => (t.Key, c))));
    }

    /// <summary>Names (lower case) of the scalar and aggregate functions a fragment calls without a schema.</summary>
    public static IReadOnlyList<string> BuiltInFunctionCalls(TSqlFragment fragment)
    {
        var visitor = new FunctionVisitor();
        fragment.Accept(visitor);
        return visitor.Names;
    }

    private sealed class SchemaVisitor : TSqlFragmentVisitor
    {
        public Dictionary<string, SortedSet<string>> Tables { get; } = new();

        private static string Name(SchemaObjectName name) => name.BaseIdentifier.Value.ToLowerInvariant();

        public override void ExplicitVisit(CreateTableStatement node)
        {
            var columns = new SortedSet<string>(node.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value.ToLowerInvariant()));
            Tables[Name(node.SchemaObjectName)] = columns;
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            var table = Tables.TryGetValue(Name(node.SchemaObjectName), out var existing)
                ? existing
                : throw new InvalidOperationException($"ALTER TABLE {Name(node.SchemaObjectName)} before its CREATE TABLE");
            foreach (var column in node.Definition.ColumnDefinitions) table.Add(column.ColumnIdentifier.Value.ToLowerInvariant());
        }

        public override void ExplicitVisit(AlterTableDropTableElementStatement node)
        {
            if (!Tables.TryGetValue(Name(node.SchemaObjectName), out var table)) return;
            foreach (var element in node.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                table.Remove(element.Name.Value.ToLowerInvariant());
        }

        public override void ExplicitVisit(DropTableStatement node)
        {
            foreach (var name in node.Objects) Tables.Remove(Name(name));
        }
    }

    private sealed class FunctionVisitor : TSqlFragmentVisitor
    {
        public List<string> Names { get; } = [];

        public override void ExplicitVisit(FunctionCall node)
        {
            if (node.CallTarget is null) Names.Add(node.FunctionName.Value.ToLowerInvariant());
            base.ExplicitVisit(node);
        }
    }
}
