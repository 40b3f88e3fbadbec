using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmiStack.Reports.Docs;

/// <summary>
/// One failure a test of the project produced for a check: the verdict, message and hint a student saw, the scenario (the
/// test's name in words), the test and its suite. Written by the tests' failure ledger (OMISTACK_FAILURE_LEDGER).
/// </summary>
public sealed record FailureRecord(
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("verdict")] string Verdict,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("hint")] string Hint,
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("test")] string Test,
    [property: JsonPropertyName("suite")] string Suite);

/// <summary>
/// The failures the tests produce, check by check (docs/checks/failures.json): what the check pages list. Folded from the
/// ledger lines of test runs; a scenario recorded again replaces what it gave before, one not run this time is kept.
/// </summary>
public sealed class FailureBook
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = DocsJsonContext.Default,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly SortedDictionary<string, List<FailureRecord>> _byCheck;

    private FailureBook(SortedDictionary<string, List<FailureRecord>> byCheck) => _byCheck = byCheck;

    /// <summary>No failure recorded.</summary>
    public static FailureBook Empty => new(new SortedDictionary<string, List<FailureRecord>>(StringComparer.Ordinal));

    /// <summary>The failures of a check, in the order of their tests.</summary>
    public IReadOnlyList<FailureRecord> Of(string check) => _byCheck.TryGetValue(check, out var records) ? records : [];

    /// <summary>The checks with a failure recorded.</summary>
    public IEnumerable<string> Checks => _byCheck.Keys;

    /// <summary>Reads docs/checks/failures.json; a missing file is an empty book, a malformed one an error naming it.</summary>
    public static FailureBook Read(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            var records = JsonSerializer.Deserialize<Dictionary<string, List<FailureRecord>>>(File.ReadAllText(path), Json)
                ?? throw new JsonException("null");
            return new FailureBook(new SortedDictionary<string, List<FailureRecord>>(records, StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a failure book (a JSON object of check id → failures): {ex.Message}", ex);
        }
    }

    /// <summary>
    /// This book with the ledger lines of <paramref name="folder"/> (*.jsonl, one failure a line) folded in: each test's
    /// failures replace what that test gave before; each check's failures sorted by test, then by verdict and message.
    /// </summary>
    public FailureBook With(string folder)
    {
        var recorded = Directory.EnumerateFiles(folder, "*.jsonl")
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => !string.IsNullOrWhiteSpace(l.line))
            .Select(l => Parse(l.file, l.number, l.line))
            .ToList();
        var rerun = recorded.Select(r => r.Test).ToHashSet(StringComparer.Ordinal);
        var all = _byCheck.Values.SelectMany(r => r).Where(r => !rerun.Contains(r.Test)).Concat(recorded);
        return new FailureBook(new SortedDictionary<string, List<FailureRecord>>(
            all.GroupBy(r => r.Check, StringComparer.Ordinal).ToDictionary(
                g => g.Key,
                g => g.DistinctBy(r => (r.Test, r.Verdict, r.Message)).OrderBy(r => r.Test, StringComparer.Ordinal).ThenBy(r => r.Verdict, StringComparer.Ordinal).ThenBy(r => r.Message, StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal),
            StringComparer.Ordinal));
    }

    private static FailureRecord Parse(string file, int number, string line)
    {
        try
        {
            return JsonSerializer.Deserialize<FailureRecord>(line, Json) ?? throw new JsonException("the line is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}:{number}: not a failure ledger line (check, verdict, message, hint, scenario, test, suite): {ex.Message}", ex);
        }
    }

    /// <summary>A ledger line: <paramref name="record"/> as one line of JSON, as <see cref="With"/> reads it.</summary>
    public static string LedgerLine(FailureRecord record) => JsonSerializer.Serialize(record, DocsJsonContext.Default.FailureRecord);

    /// <summary>The book as docs/checks/failures.json holds it (indented, sorted).</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(_byCheck.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), Json).ReplaceLineEndings("\n") + "\n";
}

/// <summary>The JSON of the docs' data (source-generated, as the reports' own).</summary>
[JsonSerializable(typeof(Dictionary<string, List<FailureRecord>>))]
[JsonSerializable(typeof(FailureRecord))]
internal sealed partial class DocsJsonContext : JsonSerializerContext;
