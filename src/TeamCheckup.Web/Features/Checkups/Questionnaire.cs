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

/// <summary>A statement of the psychological-safety block. <see cref="Key"/> is its identity across versions (see
/// <see cref="QuestionnaireComparison"/>); <see cref="Index"/> says which index it feeds (version 1: all feed it).</summary>
public sealed record ScaleItem(string Key, bool Reverse, string Nl, string En)
{
    public const string PsychologicalSafetyIndex = "psychologicalSafety";
    public const string NoIndex = "none";

    public string Index { get; init; } = PsychologicalSafetyIndex;
    public bool FeedsIndex => Index == PsychologicalSafetyIndex;
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

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The key of a range question: its own, or (version 1) the question's name.</summary>
    public static string KeyOf(RangeQuestion question, string name) => question.Key ?? name;
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
    /// <summary>The question's identity across versions; null in version 1, where the question's own name serves.</summary>
    public string? Key { get; init; }
    public int Min { get; init; }
    public int Max { get; init; }
    public string Nl { get; init; } = "";
    public string En { get; init; } = "";
    public ScaleLabelPair? Labels { get; init; }
    public string Text(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? En : Nl;

    /// <summary>The label of an answer, when the question has one label per answer.</summary>
    public string? Label(CultureInfo culture, int value) =>
        Labels?.For(culture) is { } labels && labels.Count == Max - Min + 1 && value >= Min && value <= Max ? labels[value - Min] : null;
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
/// at start-up when missing; later versions are drafts an Administrator copies, edits and publishes for pulses
/// opening from a chosen day (Features/Questionnaires). A version's definition is frozen by a trigger once a round took it.
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
        var sql = connections.Dialect.InsertIfMissing("questionnaire_versions",
            ["version", "definition", "created_at", "effective_from", "published_at", "published_by"], ["version"]);
        var now = clock.UtcNow;
        await connection.ExecuteAsync(sql, new
        {
            version = 1, definition = BundledVersion1Json(), created_at = now,
            effective_from = Version1EffectiveFrom, published_at = now, published_by = "system",
        });
    }

    /// <summary>Version 1 applies to every pulse from the start.</summary>
    public static readonly DateOnly Version1EffectiveFrom = new(2000, 1, 1);

    /// <summary>What a pulse opened on <paramref name="day"/> takes: the published version with the latest start on or
    /// before that day.</summary>
    public async Task<(int Id, QuestionnaireDefinition Definition)> CurrentAsync(DateOnly day)
    {
        await using var connection = await connections.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            "SELECT id FROM questionnaire_versions WHERE effective_from IS NOT NULL AND effective_from <= @day " +
            $"ORDER BY effective_from DESC, version DESC {connections.Dialect.Page(0, 1)}", new { day });
        return ((int)id, await ByIdAsync((int)id));
    }

    public async Task<QuestionnaireDefinition> ByIdAsync(int id)
    {
        await using var connection = await connections.OpenAsync();
        return await LoadAsync(connection, null, id);
    }

    /// <summary>A version's definition; versions in use are cached (they never change), drafts are read each time.</summary>
    public static async Task<QuestionnaireDefinition> LoadAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, int id)
    {
        lock (CacheLock)
            if (Cache.TryGetValue(id, out var cached)) return cached;
        var row = await connection.QuerySingleOrDefaultAsync<(string Definition, DateTime? FirstUsedAt)>(
                "SELECT definition, first_used_at FROM questionnaire_versions WHERE id = @id", new { id }, transaction);
        if (row.Definition is null) throw new InvalidOperationException($"Questionnaire version {id} does not exist.");
        var definition = QuestionnaireDefinition.Parse(row.Definition);
        if (row.FirstUsedAt is not null)
            lock (CacheLock) Cache[id] = definition; // safe: a version in use never changes (a trigger guards it)
        return definition;
    }
}
