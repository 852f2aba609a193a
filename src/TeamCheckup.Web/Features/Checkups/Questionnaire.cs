using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using TeamCheckup.Web.Infrastructure.Database;
using TeamCheckup.Web.Infrastructure.Time;

namespace TeamCheckup.Web.Features.Checkups;

public sealed record LocalizedText(
    [property: JsonPropertyName("nl")] string Nl,
    [property: JsonPropertyName("en")] string En)
{
    public string For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

public sealed record ScaleItem(string Key, bool Reverse, string Nl, string En)
{
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

/// <summary>A questionnaire version as stored in <c>questionnaire_versions.definition</c>.</summary>
public sealed class QuestionnaireDefinition
{
    public int Version { get; init; }
    public string Source { get; init; } = "";
    public required PsychologicalSafetyBlock PsychologicalSafety { get; init; }
    public required RangeQuestion Satisfaction { get; init; }
    public required RangeQuestion Workload { get; init; }
    public required SocialSafetyQuestion SocialSafety { get; init; }
    public required RangeQuestion Aftercare { get; init; }
    public required CommentQuestion Comment { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static QuestionnaireDefinition Parse(string json) =>
        JsonSerializer.Deserialize<QuestionnaireDefinition>(json, Json) ?? throw new InvalidDataException("Empty questionnaire definition.");
}

public sealed class PsychologicalSafetyBlock
{
    public required ScaleLabels Scale { get; init; }
    public required IReadOnlyList<ScaleItem> Items { get; init; }
}

public sealed class ScaleLabels
{
    public int Min { get; init; }
    public int Max { get; init; }
    public IReadOnlyList<string> Nl { get; init; } = [];
    public IReadOnlyList<string> En { get; init; } = [];
    public IReadOnlyList<string> For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

public sealed class RangeQuestion
{
    public int Min { get; init; }
    public int Max { get; init; }
    public string Nl { get; init; } = "";
    public string En { get; init; } = "";
    public ScaleLabelPair? Labels { get; init; }
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

public sealed class ScaleLabelPair
{
    public IReadOnlyList<string> Nl { get; init; } = [];
    public IReadOnlyList<string> En { get; init; } = [];
    public IReadOnlyList<string> For(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

public sealed class SocialSafetyQuestion
{
    public string Nl { get; init; } = "";
    public string En { get; init; } = "";
    public IReadOnlyDictionary<string, LocalizedText> Options { get; init; } = new Dictionary<string, LocalizedText>();
    public IReadOnlyDictionary<string, LocalizedText> Categories { get; init; } = new Dictionary<string, LocalizedText>();
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
}

public sealed class CommentQuestion
{
    public int MaxLength { get; init; }
    public string Nl { get; init; } = "";
    public string En { get; init; } = "";
    public string WarningNl { get; init; } = "";
    public string WarningEn { get; init; } = "";
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;
    public string Warning(CultureInfo culture, int kc) =>
        string.Format(culture, culture.TwoLetterISOLanguageName == "en" ? WarningEn : WarningNl, kc);
}

/// <summary>
/// The questionnaire versions. Version 1 ships with the app (questionnaire-v1.json) and is inserted
/// at start-up when missing; a version's definition is frozen by a trigger once a pulse used it.
/// </summary>
public sealed class QuestionnaireCatalog(DbConnectionFactory connections, Clock clock)
{
    private static readonly Dictionary<int, QuestionnaireDefinition> Cache = [];
    private static readonly Lock CacheLock = new();

    public static string BundledVersion1Json()
    {
        using var stream = typeof(QuestionnaireCatalog).Assembly.GetManifestResourceStream("questionnaire-v1.json")
            ?? throw new InvalidOperationException("questionnaire-v1.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task EnsureSeededAsync()
    {
        await using var connection = await connections.OpenAsync();
        var sql = connections.Dialect.InsertIfMissing("questionnaire_versions", ["version", "definition", "created_at"], ["version"]);
        await connection.ExecuteAsync(sql, new { version = 1, definition = BundledVersion1Json(), created_at = clock.UtcNow });
    }

    /// <summary>The newest version: what a pulse opened today uses.</summary>
    public async Task<(int Id, QuestionnaireDefinition Definition)> CurrentAsync()
    {
        await using var connection = await connections.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM questionnaire_versions WHERE version = (SELECT MAX(version) FROM questionnaire_versions)");
        return ((int)id, await ByIdAsync((int)id));
    }

    public async Task<QuestionnaireDefinition> ByIdAsync(int id)
    {
        lock (CacheLock)
            if (Cache.TryGetValue(id, out var cached)) return cached;
        await using var connection = await connections.OpenAsync();
        var json = await connection.ExecuteScalarAsync<string>("SELECT definition FROM questionnaire_versions WHERE id = @id", new { id })
            ?? throw new InvalidOperationException($"Questionnaire version {id} does not exist.");
        var definition = QuestionnaireDefinition.Parse(json);
        lock (CacheLock) Cache[id] = definition; // safe: a version in use never changes
        return definition;
    }
}
