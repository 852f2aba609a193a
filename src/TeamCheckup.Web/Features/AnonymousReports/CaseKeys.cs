using System.Security.Cryptography;
using System.Text;

namespace TeamCheckup.Web.Features.AnonymousReports;

/// <summary>
/// The reporter's case key: an 8-character look-up part (random, stored as is, only to find the row)
/// and a 28-character secret part (140 bits) of which only a salted PBKDF2 hash is stored. Shown as
/// groups of four, e.g. ABCD-EFGH-IJKL-… ; a lost key cannot be recovered from what is stored.
/// </summary>
public static class CaseKeys
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // 32 symbols = 5 bits each, no look-alikes
    public const int LookupLength = 8;
    public const int SecretLength = 28;
    public const int Iterations = 100_000;

    public sealed record NewKey(string Display, string LookupId, string Hash, string Salt);

    public static NewKey Create()
    {
        var raw = new string(Enumerable.Range(0, LookupLength + SecretLength).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());
        var salt = RandomNumberGenerator.GetBytes(16);
        return new NewKey(Format(raw), raw[..LookupLength], HashSecret(raw[LookupLength..], salt), Convert.ToHexStringLower(salt));
    }

    /// <summary>Splits typed input into look-up id and secret; null when it cannot be a key.</summary>
    public static (string LookupId, string Secret)? Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 80) return null;
        var cleaned = new string(input.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        if (cleaned.Length != LookupLength + SecretLength || !cleaned.All(c => Alphabet.Contains(c))) return null;
        return (cleaned[..LookupLength], cleaned[LookupLength..]);
    }

    public static bool Verify(string secret, string hash, string saltHex) =>
        CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(HashSecret(secret, Convert.FromHexString(saltHex))), Convert.FromHexString(hash));

    private static string HashSecret(string secret, byte[] salt) =>
        Convert.ToHexStringLower(Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, 32));

    private static string Format(string raw) =>
        string.Join("-", Enumerable.Range(0, raw.Length / 4).Select(i => raw.Substring(i * 4, 4)));
}
