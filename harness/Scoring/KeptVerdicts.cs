using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OmiStack.Harness.Checks;

namespace OmiStack.Harness.Scoring;

/// <summary>
/// One check's verdict kept from a run that judged it with the lab at or after the check's stage: a round
/// of the lab session, a student's run, a platform's earlier submission. The deadline run folds it in
/// where the lab has moved past the stage (a test service scaled, then removed, as a lesson says).
/// </summary>
public sealed record KeptVerdict(
    [property: JsonPropertyName("verdict")] Verdict Verdict,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("judged_at")] DateTimeOffset JudgedAt,
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("source")] string Source)
{
    /// <summary>The evidence file of the run that judged it, relative to the student's folder; null where that run kept none.</summary>
    [JsonPropertyName("evidence")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Evidence { get; init; }

    /// <summary>An inconclusive verdict the grading machine, not the lab, caused (the mesh without IPVS here): kept, so a final run does not fail it.</summary>
    [JsonPropertyName("by_grading_machine")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ByGradingMachine { get; init; }

    /// <summary>True for a verdict from evidence the student handed in, judged again by the instructor's checks and rubric.</summary>
    [JsonPropertyName("rejudged")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Rejudged { get; init; }

    /// <summary>The sentence the reports add: where and when the verdict was judged.</summary>
    public string Provenance => string.Create(CultureInfo.InvariantCulture, $"kept from {Source} at {JudgedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(Rejudged ? ", re-judged" : "")}, the lab at the {Stage} stage");

    /// <summary>
    /// Whether this verdict is better than <paramref name="other"/>: more of the points; then a pass, then one only
    /// the grading machine could not judge (the lab was right as far as it could be read), then a fail; then the earlier.
    /// </summary>
    public bool IsBetterThan(KeptVerdict other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var share = Share.CompareTo(other.Share);
        return share != 0 ? share > 0
            : Rank != other.Rank ? Rank > other.Rank
            : JudgedAt < other.JudgedAt;
    }

    private int Rank => Verdict switch { Verdict.Pass => 2, Verdict.Inconclusive => 1, _ => 0 };

    /// <summary>Whether a verdict can be kept: a judged one (pass, fail), or one the grading machine could not judge; never the lab's inconclusive, a not-yet or a past-stage one.</summary>
    public bool Keepable => Verdict is Verdict.Pass or Verdict.Fail || (Verdict is Verdict.Inconclusive && ByGradingMachine);

    /// <summary>Score as a share of the points, so a rubric that changed the points rescales it.</summary>
    [JsonIgnore]
    public decimal Share => MaxScore > 0 ? Score / MaxScore : Verdict == Verdict.Pass ? 1 : 0;
}

/// <summary>
/// A check's outcome as the last run that judged it gave it, for a later run that does not judge the check: its
/// reports and results.json show it as judged in an earlier run. Any verdict but not yet, not run or past stage.
/// </summary>
public sealed record LastVerdict(
    [property: JsonPropertyName("verdict")] Verdict Verdict,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("judged_at")] DateTimeOffset JudgedAt)
{
    /// <summary>The stage the lab had reached when it was judged; null where it could not be told.</summary>
    [JsonPropertyName("lab_stage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LabStage { get; init; }

    /// <summary>An inconclusive verdict the grading machine, not the lab, caused.</summary>
    [JsonPropertyName("by_grading_machine")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool ByGradingMachine { get; init; }

    /// <summary>The instructor's reason where an override set it.</summary>
    [JsonPropertyName("override")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Override { get; init; }

    /// <summary>Whether a run's outcome is kept as the check's last: a judged one (not "not yet", not past its stage).</summary>
    public static bool Records(CheckOutcome outcome) => outcome is not null && outcome.Verdict is not (Verdict.NotYet or Verdict.PastStage);

    /// <summary>The outcome, kept.</summary>
    public static LastVerdict Of(CheckOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new LastVerdict(outcome.Verdict, outcome.Score, outcome.MaxScore, outcome.Message, outcome.FinishedAt)
        {
            LabStage = outcome.LabStage,
            ByGradingMachine = outcome.ByGradingMachine,
            Override = outcome.OverrideReason,
        };
    }
}

/// <summary>
/// A student's record of what was judged before (stages.json in the student's folder), the one the engine reads back:
/// per check, the best verdict judged at or after its stage, with when and where (<see cref="KeptVerdict"/>), and the
/// outcome of the last run that judged it (<see cref="LastVerdict"/>). Rewritten whole through a temporary file and a
/// rename, so a grader killed mid-write leaves the last complete record, never a torn one. A file of the first format
/// (the kept verdicts alone, written before 2026-12-07) reads as kept verdicts with no last ones.
/// </summary>
public sealed class KeptVerdicts
{
    /// <summary>The file's name in a student's folder.</summary>
    public const string FileName = "stages.json";

    /// <summary>Bound on the file read back (a record of a few dozen checks is a few KiB).</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        TypeInfoResolver = Evidence.HarnessJsonContext.With,
    };

    private readonly Dictionary<string, KeptVerdict> _checks;
    private readonly Dictionary<string, LastVerdict> _last;
    private readonly Lock _lock = new();

    private KeptVerdicts(Dictionary<string, KeptVerdict> checks, Dictionary<string, LastVerdict> last)
    {
        _checks = checks;
        _last = last;
    }

    /// <summary>No verdict kept yet.</summary>
    public static KeptVerdicts Empty() => new(new Dictionary<string, KeptVerdict>(StringComparer.Ordinal), new Dictionary<string, LastVerdict>(StringComparer.Ordinal));

    /// <summary>The kept verdict of a check, or null.</summary>
    public KeptVerdict? Of(string checkId)
    {
        lock (_lock)
        {
            return _checks.GetValueOrDefault(checkId);
        }
    }

    /// <summary>Every kept verdict by check id.</summary>
    public IReadOnlyDictionary<string, KeptVerdict> All
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, KeptVerdict>(_checks, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Every check's last outcome by check id.</summary>
    public IReadOnlyDictionary<string, LastVerdict> Last
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, LastVerdict>(_last, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Records a run's outcome as its check's last, where it is a judged one (<see cref="LastVerdict.Records"/>).</summary>
    public void Record(CheckOutcome outcome)
    {
        if (LastVerdict.Records(outcome))
        {
            lock (_lock)
            {
                _last[outcome.Check.Id] = LastVerdict.Of(outcome);
            }
        }
    }

    /// <summary>Keeps <paramref name="verdict"/> where it is the check's first or better than the one kept; true when it was kept.</summary>
    public bool Keep(string checkId, KeptVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        if (!verdict.Keepable)
        {
            return false;
        }

        lock (_lock)
        {
            if (_checks.TryGetValue(checkId, out var kept) && !verdict.IsBetterThan(kept))
            {
                return false;
            }

            _checks[checkId] = verdict;
            return true;
        }
    }

    /// <summary>
    /// Reads the record in <paramref name="folder"/>; empty where there is none. A file that is too large or
    /// does not parse throws <see cref="InvalidDataException"/> naming it (it is never silently replaced).
    /// </summary>
    public static KeptVerdicts Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Empty();
        }

        if (file.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{path} is {file.Length} bytes, over the {MaxFileBytes} a record of kept verdicts may be.");
        }

        try
        {
            var text = File.ReadAllText(path);
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out _))
            {
                var record = JsonSerializer.Deserialize<RecordFile>(text, Json) ?? throw new JsonException("the record is empty");
                return new KeptVerdicts(
                    new Dictionary<string, KeptVerdict>(record.Kept ?? [], StringComparer.Ordinal),
                    new Dictionary<string, LastVerdict>(record.Last ?? [], StringComparer.Ordinal));
            }

            var kept = JsonSerializer.Deserialize<Dictionary<string, KeptVerdict>>(text, Json);
            return new KeptVerdicts(new Dictionary<string, KeptVerdict>(kept ?? [], StringComparer.Ordinal), new Dictionary<string, LastVerdict>(StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a record of kept verdicts: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the record into <paramref name="folder"/> (a temporary file, then a rename over the old one).</summary>
    public void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        string text;
        lock (_lock)
        {
            text = JsonSerializer.Serialize(new RecordFile(2, new SortedDictionary<string, KeptVerdict>(_checks, StringComparer.Ordinal), new SortedDictionary<string, LastVerdict>(_last, StringComparer.Ordinal)), Json);
        }

        var path = Path.Combine(folder, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file: its format (2), the kept verdicts and the last ones.</summary>
    internal sealed record RecordFile(
        [property: JsonPropertyName("format")] int Format,
        [property: JsonPropertyName("kept")] SortedDictionary<string, KeptVerdict>? Kept,
        [property: JsonPropertyName("last")] SortedDictionary<string, LastVerdict>? Last);
}
