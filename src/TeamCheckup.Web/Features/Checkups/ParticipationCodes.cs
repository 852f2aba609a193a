using System.Security.Cryptography;
using System.Text;

namespace TeamCheckup.Web.Features.Checkups;

/// <summary>
/// Single-use participation codes: 10 characters from an alphabet without look-alikes (≈ 49 bits),
/// shown as XXXXX-XXXXX. Only the SHA-256 of the normalised code is stored; a fast hash is enough for
/// a random code of this length behind a rate limit.
/// </summary>
public static class ParticipationCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 10;

    public static string NewCode() => NewCode(RandomNumberGenerator.GetInt32);

    /// <summary>A code from the given source of random numbers (the data generator's seeded one; the app uses the cryptographic one).</summary>
    public static string NewCode(Func<int, int> nextBelow)
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++) chars[i] = Alphabet[nextBelow(Alphabet.Length)];
        return $"{chars[..5]}-{chars[5..]}";
    }

    /// <summary>Upper case, without spaces and dashes; null when it cannot be a code at all.</summary>
    public static string? Normalise(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return null;
        var cleaned = new string(input.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        return cleaned.Length == Length && cleaned.All(c => Alphabet.Contains(c)) ? cleaned : null;
    }

    public static string Hash(string normalisedCode) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalisedCode)));
}
