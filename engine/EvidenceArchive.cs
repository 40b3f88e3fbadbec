using System.Globalization;

namespace OmiStack.Engine;

/// <summary>
/// Every run's evidence, kept in the student's folder (evidence/&lt;when the run started&gt;.json), so that
/// a verdict kept from a round keeps the evidence that judged it after the next run rewrites evidence.json.
/// Bounded: the newest <c>keep</c> runs, and every run a kept verdict names.
/// </summary>
internal sealed class EvidenceArchive(string folder, DateTimeOffset startedAt, int keep)
{
    /// <summary>The archive's folder in a student's folder.</summary>
    public const string FolderName = "evidence";

    /// <summary>This run's file, relative to the student's folder ("evidence/20261202T101500Z.json").</summary>
    public string Name { get; } = $"{FolderName}/{startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}.json";

    /// <summary>Copies <paramref name="evidence"/> in as this run's, then removes the oldest runs past the bound that no kept verdict names.</summary>
    public void Keep(string evidence, IEnumerable<string?> named)
    {
        ArgumentNullException.ThrowIfNull(named);
        var archive = Path.Combine(folder, FolderName);
        Directory.CreateDirectory(archive);
        File.Copy(evidence, Path.Combine(folder, Name), overwrite: true);
        var referenced = named.OfType<string>().Select(n => Path.GetFileName(n)).ToHashSet(StringComparer.Ordinal);
        var runs = Directory.GetFiles(archive, "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        foreach (var old in runs.Take(Math.Max(0, runs.Count - keep)).Where(r => !referenced.Contains(r)))
        {
            File.Delete(Path.Combine(archive, old));
        }
    }
}
