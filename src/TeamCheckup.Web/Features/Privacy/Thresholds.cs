using System.Data.Common;
using System.Globalization;
using Dapper;

namespace TeamCheckup.Web.Features.Privacy;

/// <summary>
/// The anonymity thresholds (SPEC §9 P2): k for every pulse aggregate and small count, k_c for free-text
/// comments. A round fixes the values in force when its pulse opens; everything without a round of its
/// own (case counts, composition counts, roll-ups over many rounds) uses the current setting, read
/// through <see cref="ThresholdSettings"/> only.
/// </summary>
public readonly record struct Thresholds(int K, int Kc)
{
    /// <summary>k is never below 3, whatever is configured.</summary>
    public const int MinimumK = 3;
    public static readonly Thresholds Default = new(5, 10);

    /// <summary>A round's stored thresholds, or the defaults for a round whose pulse never opened.</summary>
    public static Thresholds OfRound(int? k, int? kc) =>
        k is { } kk ? Clamp(kk, kc ?? Math.Max(kk, Default.Kc)) : Default;

    /// <summary>The stricter of two thresholds (roll-ups over rounds fixed at different times).</summary>
    public Thresholds Strictest(Thresholds other) => new(Math.Max(K, other.K), Math.Max(Kc, other.Kc));

    internal static Thresholds Clamp(int k, int kc)
    {
        var safeK = Math.Max(MinimumK, k);
        return new Thresholds(safeK, Math.Max(safeK, kc));
    }
}

/// <summary>The one place the configured thresholds are read from the <c>settings</c> table.</summary>
public static class ThresholdSettings
{
    public const string KName = "anonymity.k", KcName = "anonymity.kc";

    public static async Task<Thresholds> ReadAsync(DbConnection connection, DbTransaction? transaction = null)
    {
        var values = (await connection.QueryAsync<(string Name, string Value)>(
                "SELECT name, value FROM settings WHERE name IN (@k, @kc)", new { k = KName, kc = KcName }, transaction))
            .ToDictionary(v => v.Name, v => int.TryParse(v.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null);
        return Thresholds.Clamp(values.GetValueOrDefault(KName) ?? Thresholds.Default.K, values.GetValueOrDefault(KcName) ?? Thresholds.Default.Kc);
    }
}
