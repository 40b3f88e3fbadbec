using System.Security.Cryptography;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Targets;

/// <summary>One student of a roster: the id, and the target (or why it cannot be used).</summary>
public sealed record RosterEntry(string Student, Target? Target, string? Error)
{
    /// <summary>The shard (1..n) this student falls into: stable across runs and machines.</summary>
    public int ShardOf(int count) =>
        (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(Student)), 0) % (uint)count) + 1;
}

/// <summary>
/// A roster: a folder of target files (one student each), or one YAML file with shared defaults
/// and per-student entries:
/// <code>
/// defaults:
///   ssh: { user: ubuntu, identityFile: ~/.ssh/course_key }
///   registry: { port: 5000, node: node1 }
/// students:
///   - student: s1
///     nodes: [ { name: node1, address: 10.0.0.1 }, ... ]
///     registry: { host: vm1.example.org }
///   - target: s2.yaml        # a target file, relative to the roster (student: s2)
///   - target: s3/omistack.yaml   # student: s3 (the folder names a standard-named file's student)
/// </code>
/// A student whose entry is bad keeps its row, with the error (one bad entry never hides the others).
/// </summary>
public static class Roster
{
    /// <summary>Reads a roster folder or file; <paramref name="lessonSections"/> and <paramref name="variables"/> as for <see cref="TargetLoader.Load"/>.</summary>
    public static IReadOnlyList<RosterEntry> Load(string path, TargetShape? lessonSections = null, Func<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            // The instructor names each student by the file's name; the student's own file must agree.
            var files = Directory.EnumerateFiles(path, "*.yaml").Concat(Directory.EnumerateFiles(path, "*.yml")).Order(StringComparer.Ordinal).ToList();
            return Unique([.. files.Select(f => FromFile(f, Path.GetFileNameWithoutExtension(f), lessonSections, variables))], Path.GetFileName(path.TrimEnd('/')));
        }

        if (!File.Exists(path))
        {
            throw new TargetFileException($"Roster '{path}' is neither a folder of target files nor a roster file.");
        }

        var name = Path.GetFileName(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (YamlText.RootMapping(File.ReadAllText(path), name, (message, inner) => new TargetFileException(message, inner)) is not { } root
            || !root.Children.TryGetValue(new YamlScalarNode("students"), out var studentsNode) || studentsNode is not YamlSequenceNode students)
        {
            throw new TargetFileException($"{name}: a roster needs 'students:' with a list of entries (and optional 'defaults:').");
        }

        var defaults = root.Children.TryGetValue(new YamlScalarNode("defaults"), out var d) ? d as YamlMappingNode : null;
        var entries = new List<RosterEntry>();
        foreach (var (entry, index) in students.Children.Select((e, i) => (e, i)))
        {
            if (entry is not YamlMappingNode map)
            {
                entries.Add(new RosterEntry($"entry-{index + 1}", null, $"{name} line {entry.Start.Line}: a student entry must be a mapping."));
                continue;
            }

            if (map.Children.TryGetValue(new YamlScalarNode("target"), out var file) && file is YamlScalarNode { Value: { } relative })
            {
                // The roster's 'student:' is the identity; without one, the file's name (never only the student's own field).
                var full = Path.GetFullPath(Path.Combine(folder, TargetPaths.Expand(relative)));
                var named = map.Children.TryGetValue(new YamlScalarNode("student"), out var given) && given is YamlScalarNode { Value: { Length: > 0 } givenId } ? givenId : IdOfFile(full);
                entries.Add(FromFile(full, named, lessonSections, variables));
                continue;
            }

            var student = map.Children.TryGetValue(new YamlScalarNode("student"), out var s) && s is YamlScalarNode { Value: { } id } ? id : $"entry-{index + 1}";
            var merged = Merge(defaults, map);
            try
            {
                var text = new StringWriter();
                new YamlStream(new YamlDocument(merged)).Save(text, assignAnchors: false);
                var target = TargetLoader.Parse(text.ToString(), $"{name} (student {student})", lessonSections, variables ?? TargetLoader.NoVariables);
                entries.Add(new RosterEntry(target.Student, TargetLoader.ResolvePaths(target, folder), null));
            }
            catch (TargetFileException ex)
            {
                entries.Add(new RosterEntry(student, null, ex.Message));
            }
        }

        return Unique(entries, name);
    }

    /// <summary>
    /// The student a target file names by its place: its file name (s123456.yaml), or its folder's name
    /// where the file has the standard name (s123456/omistack.yaml, as submissions are often collected).
    /// </summary>
    private static string IdOfFile(string file) =>
        Path.GetFileNameWithoutExtension(file) is "omistack" && Path.GetFileName(Path.GetDirectoryName(file)) is { Length: > 0 } folder
            ? folder
            : Path.GetFileNameWithoutExtension(file);

    /// <summary>Refuses a roster that names one student twice: two entries would be graded and reported as one.</summary>
    private static IReadOnlyList<RosterEntry> Unique(IReadOnlyList<RosterEntry> entries, string name)
    {
        foreach (var duplicate in entries.GroupBy(e => e.Student, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new TargetFileException($"{name}: student '{duplicate.Key}' is listed {duplicate.Count()} times.");
        }

        return entries;
    }

    /// <summary>The students of a shard "i/n" (1-based, e.g. "2/4"); all of them when <paramref name="shard"/> is empty.</summary>
    public static IReadOnlyList<RosterEntry> Shard(IReadOnlyList<RosterEntry> roster, string? shard)
    {
        ArgumentNullException.ThrowIfNull(roster);
        if (string.IsNullOrWhiteSpace(shard))
        {
            return roster;
        }

        var parts = shard.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count) || count < 1 || index < 1 || index > count)
        {
            throw new TargetFileException($"Shard '{shard}' must be i/n with 1 <= i <= n, e.g. 2/4.");
        }

        return [.. roster.Where(e => e.ShardOf(count) == index)];
    }

    /// <summary>
    /// The shard of a CI job that runs in parallel copies: GitLab's `parallel:` sets CI_NODE_INDEX (1-based)
    /// and CI_NODE_TOTAL; null outside such a job (or for a single copy).
    /// </summary>
    public static string? CiShard(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return (environment("CI_NODE_INDEX"), environment("CI_NODE_TOTAL")) is ({ Length: > 0 } index, { Length: > 0 } total) && total != "1"
            ? $"{index}/{total}"
            : null;
    }

    /// <summary>
    /// A target file as the roster's student <paramref name="student"/>: a file whose own 'student:'
    /// says someone else keeps its row under the roster's id, unusable, naming both (Alice's file saying
    /// 'student: bob' must not grade Alice's VMs as Bob's).
    /// </summary>
    private static RosterEntry FromFile(string file, string student, TargetShape? lessonSections, Func<string, string?>? variables)
    {
        try
        {
            var target = TargetLoader.Load(file, lessonSections, variables) with { FromStudent = true };
            return target.Student == student
                ? new RosterEntry(student, target, null)
                : new RosterEntry(student, null, $"{Path.GetFileName(file)} says student '{target.Student}', but the roster names this file's student '{student}'; the roster decides who is graded: correct the file.");
        }
        catch (TargetFileException ex)
        {
            return new RosterEntry(student, null, ex.Message);
        }
    }

    private static YamlMappingNode Merge(YamlMappingNode? defaults, YamlMappingNode entry)
    {
        var merged = new YamlMappingNode();
        if (defaults is not null)
        {
            foreach (var (key, value) in defaults.Children)
            {
                merged.Children[key] = value;
            }
        }

        foreach (var (key, value) in entry.Children)
        {
            merged.Children[key] = merged.Children.TryGetValue(key, out var existing) && existing is YamlMappingNode a && value is YamlMappingNode b
                ? Merge(a, b)
                : value;
        }

        return merged;
    }
}
