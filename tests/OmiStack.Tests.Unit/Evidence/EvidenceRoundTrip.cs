using OmiStack.Harness.Evidence;

namespace OmiStack.Tests.Unit.Evidence;

/// <summary>What a log recorded, written to evidence.json and read back, as a re-judge reads it.</summary>
internal static class EvidenceRoundTrip
{
    public static EvidenceDocument Document(EvidenceLog log)
    {
        var document = new EvidenceDocument
        {
            Student = "s1",
            StartedAt = DateTimeOffset.UnixEpoch,
            WrittenAt = DateTimeOffset.UnixEpoch,
            Harness = "test",
            Target = System.Text.Json.JsonSerializer.SerializeToElement(new { }),
            Checks = log.Checks,
            Budget = log.Budget,
            Bytes = log.Bytes,
            Reads = log.Reads,
            Entries = log.Entries,
        };

        // Through the file, as a re-judge reads it.
        var path = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.json");
        try
        {
            document.Write(path);
            return EvidenceDocument.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
