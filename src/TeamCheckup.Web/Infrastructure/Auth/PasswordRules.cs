namespace TeamCheckup.Web.Infrastructure.Auth;

/// <summary>
/// What a new local password must be, wherever one is set (user administration, the create-admin
/// verb): at least <see cref="MinimumLength"/> characters, and not guessable — not one of the 10,000
/// most common passwords (SecLists' list, shipped in <c>CommonPasswords/</c>), not one of them with
/// only digits or symbols around it ("Password2026!"), not containing the user name, not a run of
/// a few repeated characters ("121212121212") or a plain sequence ("abcdefghijkl", "123456789012").
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 200;
    private const int MinimumDistinctCharacters = 5;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    /// <summary>How many passwords the shipped list holds (for tests and the README).</summary>
    public static int CommonPasswordCount => Common.Value.Count;

    /// <summary>True when <paramref name="password"/> is long enough but too easy to guess (see the class summary).</summary>
    public static bool IsGuessable(string password, string? userName = null)
    {
        var lower = password.ToLowerInvariant();
        if (Common.Value.Contains(lower)) return true;
        var core = lower.Trim(NotALetter);
        if (core.Length >= 4 && Common.Value.Contains(core)) return true;
        var name = userName?.Trim().ToLowerInvariant();
        if (name is { Length: >= 3 } && lower.Contains(name, StringComparison.Ordinal)) return true;
        return IsPattern(lower);
    }

    private static bool IsPattern(string password) =>
        password.Distinct().Count() < MinimumDistinctCharacters || IsSequence(password);

    /// <summary>Every character one up (or one down) from the one before; digits wrap 9 → 0.</summary>
    private static bool IsSequence(string password)
    {
        static int Step(char a, char b) => char.IsAsciiDigit(a) && char.IsAsciiDigit(b) ? ((b - a) % 10 + 10) % 10 : b - a;
        var first = Step(password[0], password[1]);
        if (first is not (1 or -1 or 9)) return false;
        for (var i = 2; i < password.Length; i++)
            if (Step(password[i - 1], password[i]) != first) return false;
        return true;
    }

    private static readonly char[] NotALetter = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c).Where(c => !char.IsAsciiLetter(c)).ToArray();

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the app.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) set.Add(line.ToLowerInvariant());
        return set;
    }
}
