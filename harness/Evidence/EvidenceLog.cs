using System.Collections.Concurrent;
using System.Text.Json;

namespace OmiStack.Harness.Evidence;

/// <summary>
/// What one grading run gathered, at the edges where the harness meets the lab: every Docker API
/// exchange, SSH connect and command, HTTP and TLS probe, registry and Rancher answer. Recording, it
/// passes each call through and keeps its answer; replaying, it answers every call from the evidence
/// and never touches the network. Both key an answer by who asked (a check, or a shared gathering on
/// its behalf) and what was asked (kind and key), in order, within the lab's epoch (an embedded lab
/// moves between stages: each move is a new epoch); see docs/evidence.md.
/// </summary>
/// <remarks>
/// Bounded: past <see cref="Budget"/> bytes an answer is kept as a marker (its size, "truncated"),
/// so a hostile lab (a thousand services, a 10 MB page) cannot grow the file; a replay that needs a
/// truncated answer is inconclusive and says so. No secret of the run is written: each is replaced
/// by "[secret]" before an answer is kept.
/// </remarks>
public sealed class EvidenceLog
{
    /// <summary>The default bound of one student's evidence (data of all answers, in UTF-8 JSON).</summary>
    public const int DefaultBudget = 2 * 1024 * 1024;

    /// <summary>Written in place of a secret of the run.</summary>
    public const string SecretMark = "[secret]";

    private static readonly AsyncLocal<string?> CurrentScope = new();
    private readonly ConcurrentQueue<EvidenceEntry> _entries = new();
    private readonly ConcurrentDictionary<string, int> _cursor = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<EvidenceRead> _reads = new();
    private readonly ConcurrentDictionary<string, bool> _pastRecorded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Epoch, string Scope, string Shared), int> _readCursor = new();
    private readonly ILookup<(int Epoch, string Scope, string Shared), int> _recordedReads;
    private readonly ConcurrentQueue<EvidenceCheck> _checks = new();
    private readonly ILookup<string, EvidenceEntry> _recorded;
    private readonly ILookup<string, EvidenceEntry> _recordedByScope;
    private readonly IReadOnlyList<string> _secretForms;
    private readonly TimeProvider _time;
    private long _bytes;
    private long _sequence;
    private int _epoch;

    private EvidenceLog(EvidenceMode mode, IEnumerable<string> secrets, TimeProvider time, EvidenceDocument? source, int budget)
    {
        Mode = mode;
        _time = time;
        Budget = budget;
        _secretForms = [.. secrets.Where(s => s.Length >= 4).SelectMany(FormsOf).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length)];
        Source = source;
        _recorded = (source?.Entries ?? []).ToLookup(e => CursorKey(e.Epoch, e.Kind, e.Key), StringComparer.Ordinal);
        _recordedByScope = (source?.Entries ?? []).ToLookup(e => ScopedKey(e.Epoch, e.Scope, e.Kind, e.Key), StringComparer.Ordinal);
        _recordedReads = (source?.Reads ?? []).ToLookup(r => (r.Epoch, r.Scope, r.Shared), r => r.Generation);
    }

    /// <summary>Passes every call through and keeps nothing (a watch round, a benchmark).</summary>
    public static EvidenceLog Off { get; } = new(EvidenceMode.Off, [], TimeProvider.System, null, 0);

    /// <summary>A log that records, never writing <paramref name="secrets"/>, bounded to <paramref name="budget"/> bytes.</summary>
    public static EvidenceLog Recording(IEnumerable<string> secrets, TimeProvider? time = null, int budget = DefaultBudget) =>
        new(EvidenceMode.Record, secrets ?? throw new ArgumentNullException(nameof(secrets)), time ?? TimeProvider.System, null, budget);

    /// <summary>A log that answers from <paramref name="document"/>, with no network.</summary>
    public static EvidenceLog Replaying(EvidenceDocument document) =>
        new(EvidenceMode.Replay, [], TimeProvider.System, document ?? throw new ArgumentNullException(nameof(document)), 0);

    /// <summary>Recording, replaying, or off.</summary>
    public EvidenceMode Mode { get; }

    /// <summary>True when every answer comes from evidence.</summary>
    public bool Replays => Mode == EvidenceMode.Replay;

    /// <summary>The evidence replayed (null while recording).</summary>
    public EvidenceDocument? Source { get; }

    /// <summary>The bound on the data kept.</summary>
    public int Budget { get; }

    /// <summary>The lab's epoch: bumped when the lab moved (a stage reached), so answers before and after are told apart.</summary>
    public int Epoch => Volatile.Read(ref _epoch);

    /// <summary>Answers kept so far, in the order they came.</summary>
    public IReadOnlyList<EvidenceEntry> Entries => [.. _entries.OrderBy(e => e.Sequence)];

    /// <summary>Checks judged so far, with the epoch each started in.</summary>
    public IReadOnlyList<EvidenceCheck> Checks => [.. _checks];

    /// <summary>Bytes of answer data kept.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The lab moved: later answers belong to a new epoch (recording), or are read from it (replaying).</summary>
    public void NextEpoch() => Interlocked.Increment(ref _epoch);

    /// <summary>Replaying: reads answers of <paramref name="epoch"/> from now on (the epoch a check was judged in).</summary>
    public void ReplayEpoch(int epoch) => Volatile.Write(ref _epoch, epoch);

    /// <summary>What the current flow of work gathers for: a check id, or a shared gathering ("swarm", "node node1").</summary>
    public static string? Scope => CurrentScope.Value;

    /// <summary>
    /// A check starts judging: the rest of its async flow gathers for it, and the check is noted with the
    /// epoch it starts in (a replay judges it in the same epoch) and the version of what judged it.
    /// </summary>
    public void BeginCheck(string id, string version)
    {
        ArgumentNullException.ThrowIfNull(id);
        CurrentScope.Value = id;
        if (Mode == EvidenceMode.Record)
        {
            _checks.Enqueue(new EvidenceCheck(id, version, Epoch));
        }
    }

    /// <summary>
    /// Recording: the current check read generation <paramref name="generation"/> of a shared gathering
    /// (the swarm, a memo; a gathering done again after a refresh is a new generation). What that
    /// gathering recorded is evidence of the check too, and a re-judge gives the check the same generation.
    /// </summary>
    public void NoteRead(string shared, int generation)
    {
        if (Mode == EvidenceMode.Record)
        {
            _reads.Enqueue(new EvidenceRead(Epoch, CurrentScope.Value ?? "run", shared, generation));
        }
    }

    /// <summary>
    /// Replaying: the generation of <paramref name="shared"/> the current check read next when recorded;
    /// null when it did not (a check the recorded run did not judge).
    /// </summary>
    public int? ReplayedGeneration(string shared)
    {
        var key = (Epoch, CurrentScope.Value ?? "run", shared);
        var generations = _recordedReads[key].ToList();
        if (!Replays || generations.Count == 0)
        {
            return null;
        }

        var index = _readCursor.AddOrUpdate(key, 0, (_, n) => n + 1);
        if (index >= generations.Count)
        {
            _pastRecorded[key.Item2] = true;
        }

        return generations[Math.Min(index, generations.Count - 1)];
    }

    /// <summary>
    /// Replaying: true (once) when the current scope has read a shared gathering more often than it did
    /// live. A check polling a state that never settled stopped there live (its bound ran out): it stops
    /// there again, at once, on the same last state.
    /// </summary>
    public bool PastRecorded() => _pastRecorded.TryRemove(CurrentScope.Value ?? "run", out _);

    /// <summary>Shared gatherings read, in order: by whom, which generation, in which epoch.</summary>
    public IReadOnlyList<EvidenceRead> Reads => [.. _reads];

    /// <summary>Runs a shared gathering's body under its own scope (what it records belongs to it, not to the first check that asked).</summary>
    public static async Task<T> SharedAsync<T>(string scope, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        CurrentScope.Value = scope;
        return await body().ConfigureAwait(false);
    }

    /// <summary>
    /// Passes one call through: recording, runs <paramref name="live"/> and keeps its answer; replaying,
    /// returns the answer kept for the same kind and key (the n-th call gets the n-th answer, and the last
    /// one once they run out: a state polled again had not changed).
    /// </summary>
    /// <exception cref="EvidenceMissingException">Replaying, and the evidence has no such answer (or it was truncated).</exception>
    public async Task<T> ThroughAsync<T>(string kind, string key, Func<Task<T>> live, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(live);
        switch (Mode)
        {
            case EvidenceMode.Replay:
                var entry = Next(kind, key);
                if (entry.Cancelled)
                {
                    // Live, nothing answered before the caller's bound: the bound runs out again.
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }

                return entry.Data is { } data
                    ? data.Deserialize<T>(EvidenceJson.Options) ?? throw new EvidenceMissingException($"{kind} '{key}' is empty in the evidence")
                    : throw new EvidenceMissingException($"the evidence of {kind} '{key}' was truncated at the {BudgetOf(Source)} bound");
            case EvidenceMode.Record:
                T value;
                try
                {
                    value = await live().ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Keep<T>(kind, key, default, cancelled: true);
                    throw;
                }

                Keep(kind, key, value, cancelled: false);
                return value;
            default:
                return await live().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Replaces every secret of the run in <paramref name="text"/>: as it is, and as JSON writes it once or
    /// twice (an answer's body is JSON, kept inside the evidence's JSON), with either escaping.
    /// </summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var form in _secretForms)
        {
            text = text.Replace(form, SecretMark, StringComparison.Ordinal);
        }

        return text;
    }

    private static IEnumerable<string> FormsOf(string secret)
    {
        var forms = new List<string> { secret };
        for (var level = 0; level < 2; level++)
        {
            forms.AddRange(forms.SelectMany(f => new[] { JsonSerializer.Serialize(f)[1..^1], JsonSerializer.Serialize(f, EvidenceJson.Options)[1..^1] }).ToList());
        }

        return forms;
    }

    private void Keep<T>(string kind, string key, T? value, bool cancelled)
    {
        var at = _time.GetUtcNow();
        var sequence = Interlocked.Increment(ref _sequence);
        JsonElement? data = null;
        var bytes = 0;
        var truncated = false;
        if (!cancelled)
        {
            var text = Scrub(JsonSerializer.Serialize(value, EvidenceJson.Options));
            bytes = System.Text.Encoding.UTF8.GetByteCount(text);
            if (Interlocked.Add(ref _bytes, bytes) <= Budget)
            {
                using var json = JsonDocument.Parse(text);
                data = json.RootElement.Clone();
            }
            else
            {
                Interlocked.Add(ref _bytes, -bytes);
                truncated = true;
            }
        }

        _entries.Enqueue(new EvidenceEntry(sequence, at, Epoch, Scope ?? "run", kind, Scrub(key), data) { Bytes = bytes, Truncated = truncated, Cancelled = cancelled });
    }

    /// <summary>
    /// The next answer for what the current scope asks: the n-th time a check (or a shared gathering) asks,
    /// the n-th answer it got live (two checks that asked the same thing at once took their answers in
    /// whatever order the network gave them); a scope that never asked gets the last answer anyone got.
    /// </summary>
    private EvidenceEntry Next(string kind, string key)
    {
        var scoped = ScopedKey(Epoch, Scope ?? "run", kind, key);
        var own = _recordedByScope[scoped].ToList();
        if (own.Count > 0)
        {
            var index = _cursor.AddOrUpdate(scoped, 0, (_, n) => n + 1);
            return own[Math.Min(index, own.Count - 1)];
        }

        var any = _recorded[CursorKey(Epoch, kind, key)].ToList();
        return any.Count > 0
            ? any[^1]
            : throw new EvidenceMissingException($"the evidence has no answer to {kind} '{key}' (the check asks for something the run that recorded it did not)");
    }

    private static string ScopedKey(int epoch, string scope, string kind, string key) => $"{epoch}\n{scope}\n{kind}\n{key}";

    private static string BudgetOf(EvidenceDocument? source) =>
        source is null ? "size" : $"{source.Budget / (1024 * 1024.0):0.##} MB";

    private static string CursorKey(int epoch, string kind, string key) => $"{epoch}\n{kind}\n{key}";
}

/// <summary>Whether a log records, replays, or does nothing.</summary>
public enum EvidenceMode
{
    /// <summary>Calls pass through; nothing is kept.</summary>
    Off,

    /// <summary>Calls pass through; their answers are kept.</summary>
    Record,

    /// <summary>Answers come from evidence; nothing reaches the network.</summary>
    Replay,
}
