using System.Globalization;
using System.Text.Json;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Scoring;

namespace OmiStack.Reports.Gradescope;

/// <summary>
/// A student's earlier submissions as Gradescope gives them to the autograder (submission_metadata.json,
/// previous_submissions[]: submission_time and the results.json this autograder wrote then). That record is
/// the platform's, which the student cannot edit: a check judged there with the lab at or after its stage is
/// kept, so a student who submits at each stage keeps each stage's verdict. Read within bounds; an entry that
/// is not what this autograder writes is skipped, never trusted in part.
/// </summary>
public static class GradescopeHistory
{
    /// <summary>Bound on submission_metadata.json (a few hundred earlier results of some KiB each).</summary>
    public const long MaxMetadataBytes = 16L * 1024 * 1024;

    /// <summary>At most this many earlier submissions are read (the newest).</summary>
    public const int MaxSubmissions = 200;

    /// <summary>One kept verdict from an earlier submission, by check id and the stage the lab was at then.</summary>
    public sealed record Entry(string Check, KeptVerdict Verdict);

    /// <summary>The verdicts of the earlier submissions in <paramref name="metadata"/>; empty where there are none or the file cannot be read.</summary>
    public static IReadOnlyList<Entry> Read(string metadata)
    {
        try
        {
            var file = new FileInfo(metadata);
            if (!file.Exists || file.Length > MaxMetadataBytes)
            {
                return [];
            }

            using var document = JsonDocument.Parse(File.ReadAllText(metadata), new JsonDocumentOptions { MaxDepth = 32 });
            if (!document.RootElement.TryGetProperty("previous_submissions", out var previous) || previous.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. previous.EnumerateArray().TakeLast(MaxSubmissions).SelectMany(Entries)];
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<Entry> Entries(JsonElement submission)
    {
        if (submission.ValueKind != JsonValueKind.Object
            || !submission.TryGetProperty("submission_time", out var time) || time.ValueKind != JsonValueKind.String
            || !DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            || !submission.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        GradescopeResults? parsed;
        try
        {
            parsed = results.Deserialize<GradescopeResults>();
        }
        catch (JsonException)
        {
            yield break;
        }

        foreach (var test in parsed?.Tests ?? [])
        {
            var verdict = test?.ExtraData?.Verdict switch
            {
                "pass" => Verdict.Pass,
                "fail" => Verdict.Fail,
                "inconclusive" when test.ExtraData.ByGradingMachine => Verdict.Inconclusive,
                _ => (Verdict?)null,
            };
            // Only first-hand verdicts: one that submission had itself folded in from an earlier one is there already.
            if (verdict is null || test!.ExtraData.LabStage is not { Length: > 0 } stage || test.ExtraData.Id is not { Length: > 0 } id || test.Output.Contains("(kept from ", StringComparison.Ordinal))
            {
                continue;
            }

            yield return new Entry(id, new KeptVerdict(verdict.Value, test.Score, test.MaxScore, Text.StudentText.Clean(test.Output, 2000), at, stage, "an earlier Gradescope submission") { ByGradingMachine = test.ExtraData.ByGradingMachine });
        }
    }
}
