using System.Globalization;

namespace TeamCheckup.Web.Infrastructure.DataGeneration;

/// <summary>What the <c>generate-data</c> verb makes: the defaults are police scale (SPEC §1).</summary>
public sealed record GenerationSettings
{
    public int Seed { get; init; } = 1;
    public int Units { get; init; } = 10;
    public int Teams { get; init; } = 3000;
    /// <summary>Completed quarters of history before the current quarter.</summary>
    public int Quarters { get; init; } = 20;
    /// <summary>The day the data is "as of" (today in the organisation's default time zone unless given); the current
    /// quarter is the one this day falls in.</summary>
    public DateOnly AsOf { get; init; } = Time.Clock.Create(TimeProvider.System).Today;
    /// <summary>Share of the current quarter's rounds whose pulse is open (their codes go to <see cref="CodesFile"/>).</summary>
    public double OpenPulseShare { get; init; } = 0.5;
    /// <summary>Where to write the participation codes of the open pulses, one per line (for the pulse benchmark); none when null.</summary>
    public string? CodesFile { get; init; }
    /// <summary>Password of every generated account.</summary>
    public string Password { get; init; } = "Bench-wachtwoord-2026";

    public const string Usage =
        "generate-data [--seed N] [--units N] [--teams N] [--quarters N] [--as-of yyyy-MM-dd] [--open-pulse-share 0..1] [--codes-file PATH]\n" +
        "  Fills an EMPTY database (the configured one) with a synthetic organisation and its history.\n" +
        "  The password of every generated account is read from TEAMCHECKUP_GENERATED_PASSWORD (default Bench-wachtwoord-2026).";

    /// <summary>Reads the verb's options; throws <see cref="ArgumentException"/> with a readable reason on bad input.</summary>
    public static GenerationSettings Parse(IReadOnlyList<string> args, string? password)
    {
        var settings = new GenerationSettings();
        if (!string.IsNullOrEmpty(password))
        {
            if (password.Length < 12) throw new ArgumentException("TEAMCHECKUP_GENERATED_PASSWORD must be at least 12 characters.");
            settings = settings with { Password = password };
        }
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            settings = name switch
            {
                "--seed" => settings with { Seed = Int(name, value, 0, int.MaxValue) },
                "--units" => settings with { Units = Int(name, value, 1, 50) },
                "--teams" => settings with { Teams = Int(name, value, 1, 20_000) },
                "--quarters" => settings with { Quarters = Int(name, value, 1, 40) },
                "--as-of" => settings with { AsOf = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : throw new ArgumentException($"--as-of must be a date like 2026-11-23, not '{value}'.") },
                "--open-pulse-share" => settings with { OpenPulseShare = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1 ? share : throw new ArgumentException("--open-pulse-share must be between 0 and 1.") },
                "--codes-file" => settings with { CodesFile = value },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }
        if (settings.Teams < settings.Units) throw new ArgumentException("--teams must be at least --units.");
        return settings;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{value}'.");
}
