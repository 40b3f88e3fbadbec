using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmiStack.Reports.Gradebook;

/// <summary>One student in one round of the lab session: the stage the lab was at, the score, each check's verdict.</summary>
public sealed record StudentRound(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("max_score")] decimal MaxScore,
    [property: JsonPropertyName("verdicts")] IReadOnlyList<string> Verdicts);

/// <summary>One round of the lab session: when, whether it was the final one, every student's state (checks in <see cref="Checks"/>' order).</summary>
public sealed record SessionRound(
    [property: JsonPropertyName("round")] int Number,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("final")] bool Final,
    [property: JsonPropertyName("checks")] IReadOnlyList<string> Checks,
    [property: JsonPropertyName("students")] IReadOnlyDictionary<string, StudentRound> Students)
{
    /// <summary>A student's verdict of a check in this round; null where the round did not grade it.</summary>
    public string? Verdict(string student, string check)
    {
        var at = IndexOf(check);
        return Students.TryGetValue(student, out var round) && at >= 0 && at < round.Verdicts.Count ? round.Verdicts[at] : null;
    }

    private int IndexOf(string check)
    {
        for (var i = 0; i < Checks.Count; i++)
        {
            if (Checks[i] == check)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The lab session as the rounds saw it (rounds.json in the results folder): the class's record in time,
/// from which the class view tells each student's stage now, what changed since the last round, who has made
/// no progress for a while and on which check, and what most of the class fails right now. Rewritten whole
/// after each round (a temporary file, then a rename), so a crash leaves the last complete round.
/// </summary>
public sealed record ClassSession(
    [property: JsonPropertyName("rounds")] IReadOnlyList<SessionRound> Rounds)
{
    /// <summary>The file's name in the results folder.</summary>
    public const string FileName = "rounds.json";

    /// <summary>How many rounds the file keeps (the newest); a day of rounds every 3 minutes.</summary>
    public const int MaxRounds = 480;

    /// <summary>Bound on the file read back.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>When the next round starts, while the rounds go on; null once they ended.</summary>
    [JsonPropertyName("next_at")]
    public DateTimeOffset? NextAt { get; init; }

    /// <summary>No round yet.</summary>
    public static readonly ClassSession None = new([]);

    /// <summary>The last round, or null.</summary>
    [JsonIgnore]
    public SessionRound? Last => Rounds.Count == 0 ? null : Rounds[^1];

    /// <summary>This session with <paramref name="round"/> added (the oldest dropped past <see cref="MaxRounds"/>).</summary>
    public ClassSession With(SessionRound round, DateTimeOffset? nextAt) =>
        new([.. Rounds.Append(round).TakeLast(MaxRounds)]) { NextAt = nextAt };

    /// <summary>
    /// The session in <paramref name="folder"/>; <see cref="None"/> where there is none. A file that is too large
    /// or does not parse throws <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static ClassSession Read(string folder)
    {
        var file = new FileInfo(Path.Combine(folder, FileName));
        if (!file.Exists)
        {
            return None;
        }

        if (file.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{file.FullName} is {file.Length} bytes, over the {MaxFileBytes} the rounds' record may be.");
        }

        try
        {
            return JsonSerializer.Deserialize<ClassSession>(File.ReadAllText(file.FullName), Json) ?? None;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file.FullName} is not the rounds' record: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the session into <paramref name="folder"/>.</summary>
    public void Write(string folder) => ReportWriter.Atomic(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>"web.service fail → pass" for each check whose verdict changed between the last two rounds the student was in.</summary>
    public IReadOnlyList<string> ChangedSinceLastRound(string student)
    {
        var seen = Rounds.Where(r => r.Students.ContainsKey(student)).TakeLast(2).ToList();
        if (seen.Count < 2)
        {
            return [];
        }

        var (before, now) = (seen[0], seen[1]);
        var changes = now.Checks
            .Select(c => (Check: c, Was: before.Verdict(student, c), Is: now.Verdict(student, c)))
            .Where(c => c.Was is not null && c.Is is not null && c.Was != c.Is)
            .Select(c => $"{c.Check} {c.Was} → {c.Is}")
            .ToList();
        var (was, @is) = (before.Students[student].Stage, now.Students[student].Stage);
        return was == @is ? changes : [$"stage {was} → {@is}", .. changes];
    }

    /// <summary>
    /// How long the student has made no progress (the same score and stage in every round since then), as of the
    /// last round; zero where the last round changed something.
    /// </summary>
    public TimeSpan NoProgressFor(string student)
    {
        var seen = Rounds.Where(r => r.Students.ContainsKey(student)).ToList();
        if (seen.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var last = seen[^1].Students[student];
        var since = seen[^1].At;
        for (var i = seen.Count - 2; i >= 0 && Same(seen[i].Students[student], last); i--)
        {
            since = seen[i].At;
        }

        return seen[^1].At - since;
    }

    /// <summary>The check a student is stuck on in the last round: the first failed one in the lesson's order, else the first not yet done.</summary>
    public string? StuckOn(string student)
    {
        if (Last is not { } last || !last.Students.ContainsKey(student))
        {
            return null;
        }

        return last.Checks.FirstOrDefault(c => last.Verdict(student, c) is "fail" or "inconclusive")
            ?? last.Checks.FirstOrDefault(c => last.Verdict(student, c) is "not-yet" or "not-run");
    }

    /// <summary>The checks that at least half the class fails (or cannot have judged) in the last round, most failed first, with their counts.</summary>
    public IReadOnlyList<(string Check, int Failing, int Students)> FailingNow()
    {
        if (Last is not { } last || last.Students.Count == 0)
        {
            return [];
        }

        var students = last.Students.Count;
        return [.. last.Checks
            .Select(c => (Check: c, Failing: last.Students.Keys.Count(s => last.Verdict(s, c) is "fail"), Students: students))
            .Where(c => c.Failing * 2 >= students && c.Failing > 0)
            .OrderByDescending(c => c.Failing)
            .ThenBy(c => c.Check, StringComparer.Ordinal)];
    }

    private static bool Same(StudentRound a, StudentRound b) => a.Score == b.Score && a.Stage == b.Stage;
}
