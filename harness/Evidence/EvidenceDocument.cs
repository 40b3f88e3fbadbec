using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmiStack.Harness.Evidence;

/// <summary>One answer the lab gave (or a marker where it was not kept).</summary>
/// <param name="Sequence">Order in the run.</param>
/// <param name="At">When the answer came.</param>
/// <param name="Epoch">The lab's epoch (see <see cref="EvidenceLog.Epoch"/>).</param>
/// <param name="Scope">What it was gathered for: a check id, or a shared gathering ("swarm", "node node1").</param>
/// <param name="Kind">docker, ssh, ssh-connect, http, tls, registry, rancher, file.</param>
/// <param name="Key">What was asked: node and request, command, URL.</param>
/// <param name="Data">The answer; null when truncated or cancelled.</param>
public sealed record EvidenceEntry(long Sequence, DateTimeOffset At, int Epoch, string Scope, string Kind, string Key, JsonElement? Data)
{
    /// <summary>Size of the answer's data in UTF-8 JSON.</summary>
    public int Bytes { get; init; }

    /// <summary>Not kept: the run's evidence had reached its bound.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Truncated { get; init; }

    /// <summary>No answer before the caller's bound ran out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Cancelled { get; init; }
}

/// <summary>A read of a shared gathering (the swarm, a memo): by whom (a check id), which generation, in which epoch.</summary>
public sealed record EvidenceRead(int Epoch, string Scope, string Shared, int Generation);

/// <summary>A check judged by the recorded run: its id, the version of what judged it, and the lab's epoch then.</summary>
public sealed record EvidenceCheck(string Id, string Version, int Epoch);

/// <summary>
/// evidence.json: everything a grading run gathered from one student's lab, enough to judge it again
/// with no network (<see cref="EvidenceLog.Replaying"/>): the target as graded (no secret), the checks
/// in the order they were judged, and every answer.
/// </summary>
public sealed record EvidenceDocument
{
    /// <summary>The format's name and version.</summary>
    public const string CurrentFormat = "omistack-evidence/1";

    /// <summary>The file's name beside results.json.</summary>
    public const string FileName = "evidence.json";

    /// <summary>The scope of what connecting to a node asked ("node node1"): made once, it is evidence of every check that used the node.</summary>
    public const string NodeScopePrefix = "node ";

    /// <summary>Largest evidence file read back (a file over it was not written by OmiStack).</summary>
    public const long MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>The format.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>What built an assembly, as evidence names it: name, version and build id (a changed build is a new id).</summary>
    public static string BuildOf(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return $"{assembly.GetName().Name} {assembly.GetName().Version} build {assembly.ManifestModule.ModuleVersionId.ToString("N")[..12]}";
    }

    /// <summary>The student graded.</summary>
    public required string Student { get; init; }

    /// <summary>When the run started and ended.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run's evidence was written last.</summary>
    public required DateTimeOffset WrittenAt { get; init; }

    /// <summary>The harness that gathered (assembly version and build id).</summary>
    public required string Harness { get; init; }

    /// <summary>The target as graded, as JSON (secrets replaced by "[secret]").</summary>
    public required JsonElement Target { get; init; }

    /// <summary>The checks judged, in order.</summary>
    public required IReadOnlyList<EvidenceCheck> Checks { get; init; }

    /// <summary>The bound on answer data, in bytes.</summary>
    public required int Budget { get; init; }

    /// <summary>Bytes of answer data kept.</summary>
    public required long Bytes { get; init; }

    /// <summary>Answers not kept for the bound.</summary>
    public int Truncated => Entries.Count(e => e.Truncated);

    /// <summary>The shared gatherings (swarm, memos, nodes) the checks read, in order: a re-judge gives each check what it read.</summary>
    public IReadOnlyList<EvidenceRead> Reads { get; init; } = [];

    /// <summary>Every answer, in order.</summary>
    public required IReadOnlyList<EvidenceEntry> Entries { get; init; }

    /// <summary>
    /// The answers behind one check: gathered for it, or by a shared gathering it read, in the lab's epoch
    /// it was judged in (a node's connection, made once, in whichever epoch it was made).
    /// </summary>
    public IReadOnlyList<EvidenceEntry> For(string checkId)
    {
        var epochs = Checks.Where(c => c.Id == checkId).Select(c => c.Epoch).ToHashSet();
        var scopes = new HashSet<string>(StringComparer.Ordinal) { checkId };
        var added = true;
        while (added)
        {
            // What a shared gathering read is the check's too (the swarm gathering connects to the manager).
            added = false;
            foreach (var read in Reads.Where(r => epochs.Contains(r.Epoch) && scopes.Contains(r.Scope) && !scopes.Contains(r.Shared)).ToList())
            {
                added |= scopes.Add(read.Shared);
            }
        }

        return [.. Entries.Where(e => scopes.Contains(e.Scope) && (epochs.Contains(e.Epoch) || e.Scope.StartsWith(NodeScopePrefix, StringComparison.Ordinal)))];
    }

    /// <summary>Writes the document (atomically: a reader never sees half a file).</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, this, EvidenceJson.Options);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads an evidence file; throws <see cref="EvidenceFileException"/> naming the file and the cause.</summary>
    public static EvidenceDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Targets.TargetPaths.Unreadable(path, MaxFileBytes) is { } why)
        {
            throw new EvidenceFileException($"evidence {why}");
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize<EvidenceDocument>(stream, EvidenceJson.Options)
                ?? throw new EvidenceFileException($"{path}: empty");
            return document.Format == CurrentFormat
                ? document
                : throw new EvidenceFileException($"{path}: format '{document.Format}', expected '{CurrentFormat}'");
        }
        catch (JsonException ex)
        {
            throw new EvidenceFileException($"{path} is not OmiStack evidence: {ex.Message}", ex);
        }
    }
}

/// <summary>JSON settings of evidence: camelCase, enums as names.</summary>
internal static class EvidenceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        // A JSON file, never embedded in a page (report.html encodes what it shows): quotes stay \" as Docker writes them.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = HarnessJsonContext.With,
    };
}

/// <summary>Replaying, a check asked for an answer the evidence does not hold.</summary>
public sealed class EvidenceMissingException(string message) : Exception(message);

/// <summary>An evidence file that cannot be read.</summary>
public sealed class EvidenceFileException(string message, Exception? inner = null) : Exception(message, inner);
