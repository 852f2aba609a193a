using System.Data;
using System.Globalization;
using Dapper;

namespace TeamCheckup.Web.Infrastructure.Database;

/// <summary>
/// DateOnly through Dapper on both databases: SQLite keeps dates as 'yyyy-MM-dd' text, SQL Server as
/// DATE (read back as DateTime). Registered once by <see cref="DbConnectionFactory"/>.
/// </summary>
public sealed class DateOnlyTypeHandler : SqlMapper.TypeHandler<DateOnly>
{
    public override void SetValue(IDbDataParameter parameter, DateOnly value)
    {
        parameter.DbType = DbType.Date;
        parameter.Value = value;
    }

    public override DateOnly Parse(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        string text => DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture)),
        _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
    };
}
