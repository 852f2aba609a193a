using System.Data.Common;
using System.Globalization;
using Dapper;
using TeamCheckup.Web.Features.Triage;

namespace TeamCheckup.Web.Features.Networks;

/// <summary>
/// How long leadership has for a network's signal, in working days (<see cref="WorkingDays"/>): acknowledge within
/// <see cref="AcknowledgeDays"/> (default 5), answer within <see cref="AnswerDays"/> (default 20, about a month). The
/// Administrator sets them on the networks page; a signal keeps the dates it was filed with.
/// </summary>
public sealed record NetworkSignalSettings(int AcknowledgeDays, int AnswerDays)
{
    public static readonly NetworkSignalSettings Default = new(5, 20);
    public const string AcknowledgeKey = "network-signals.acknowledge-days";
    public const string AnswerKey = "network-signals.answer-days";
    public const int MaximumDays = 130;

    public DateOnly AcknowledgeBy(DateOnly filed) => WorkingDays.Add(filed, AcknowledgeDays);
    public DateOnly AnswerBy(DateOnly filed) => WorkingDays.Add(filed, AnswerDays);

    public static async Task<NetworkSignalSettings> LoadAsync(DbConnection connection, DbTransaction? transaction = null)
    {
        var values = (await connection.QueryAsync<(string Name, string Value)>(
            "SELECT name, value FROM settings WHERE name IN @names", new { names = new[] { AcknowledgeKey, AnswerKey } }, transaction))
            .ToDictionary(v => v.Name, v => v.Value);
        int Read(string key, int fallback) =>
            values.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaximumDays ? days : fallback;
        return new NetworkSignalSettings(Read(AcknowledgeKey, Default.AcknowledgeDays), Read(AnswerKey, Default.AnswerDays));
    }

    public async Task SaveAsync(DbConnection connection, DbTransaction transaction)
    {
        foreach (var (name, days) in new[] { (AcknowledgeKey, AcknowledgeDays), (AnswerKey, AnswerDays) })
        {
            var text = days.ToString(CultureInfo.InvariantCulture);
            if (await connection.ExecuteAsync("UPDATE settings SET value = @text WHERE name = @name", new { text, name }, transaction) == 0)
                await connection.ExecuteAsync("INSERT INTO settings (name, value) VALUES (@name, @text)", new { name, text }, transaction);
        }
    }

    public override string ToString() => $"acknowledge={AcknowledgeDays}; answer={AnswerDays}";
}
