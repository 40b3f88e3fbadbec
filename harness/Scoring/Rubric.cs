using System.Globalization;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Targets;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Scoring;

/// <summary>An instructor's changes to one check: points, whether it counts, stage, partial credit.</summary>
public sealed record RubricEntry(decimal? Points, bool Counts, string? Stage, bool? PartialCredit);

/// <summary>
/// The instructor-editable rubric (YAML, optional; defaults are each lesson's check table):
/// <code>
/// partialCredit: true            # default for every check with parts
/// lessons:
///   lesson1: { weight: 1.0 }
/// checks:
///   swarm.nodes: { points: 12, counts: true, stage: setup, partialCredit: false }
/// </code>
/// Unknown check ids or lessons are an error naming them.
/// </summary>
public sealed record Rubric(bool PartialCredit, IReadOnlyDictionary<string, decimal> LessonWeights, IReadOnlyDictionary<string, RubricEntry> Checks)
{
    /// <summary>The lessons' own tables: every check counts its default points, partial credit on, weight 1.</summary>
    public static readonly Rubric Default = new(true, new Dictionary<string, decimal>(), new Dictionary<string, RubricEntry>());

    /// <summary>A lesson's weight in a total (1 unless the rubric says otherwise).</summary>
    public decimal WeightOf(string lesson) => LessonWeights.TryGetValue(lesson, out var w) ? w : 1m;

    /// <summary>Whether a check's points count towards the score.</summary>
    public bool Counts(string id) => !Checks.TryGetValue(id, out var e) || e.Counts;

    /// <summary>Whether a failed check with parts earns a share of its points.</summary>
    public bool AllowsPartialCredit(string id) => Checks.TryGetValue(id, out var e) && e.PartialCredit is { } own ? own : PartialCredit;

    /// <summary>The definition with the rubric's points and stage.</summary>
    public CheckDefinition Apply(CheckDefinition check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!Checks.TryGetValue(check.Id, out var entry))
        {
            return check;
        }

        return check with
        {
            Points = entry.Points is { } points ? (int)Math.Round(points) : check.Points,
            Stage = entry.Stage ?? check.Stage,
        };
    }

    /// <summary>Reads a rubric file for the lessons of <paramref name="catalog"/> (their check ids and lesson ids are the known ones).</summary>
    public static Rubric Load(string path, Lessons.LessonCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Load(path, [.. catalog.Known.Select(c => c.Id)], [.. catalog.Lessons.Select(l => l.Id)]);
    }

    /// <summary>
    /// Reads a rubric; <paramref name="knownChecks"/> and <paramref name="knownLessons"/> are what exists,
    /// so a typo is an error naming it (and its line).
    /// </summary>
    public static Rubric Load(string path, IReadOnlyCollection<string> knownChecks, IReadOnlyCollection<string> knownLessons)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RubricException($"Rubric file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > 256 * 1024)
        {
            throw new RubricException($"Rubric file '{path}' is larger than 256 KiB: not a rubric.");
        }

        return Parse(File.ReadAllText(path), Path.GetFileName(path), knownChecks, knownLessons);
    }

    /// <summary>Parses rubric YAML; <paramref name="source"/> names it in errors.</summary>
    public static Rubric Parse(string yaml, string source, IReadOnlyCollection<string> knownChecks, IReadOnlyCollection<string> knownLessons)
    {
        try
        {
            return ParseChecked(yaml, source, knownChecks, knownLessons);
        }
        catch (InvalidCastException ex)
        {
            throw new RubricException($"{source}: keys must be plain names, and values the types docs/instructors/rubric.md shows ({ex.Message}).", ex);
        }
    }

    private static Rubric ParseChecked(string yaml, string source, IReadOnlyCollection<string> knownChecks, IReadOnlyCollection<string> knownLessons)
    {
        ArgumentNullException.ThrowIfNull(knownChecks);
        ArgumentNullException.ThrowIfNull(knownLessons);
        if (YamlText.RootMapping(yaml, source, (message, inner) => new RubricException(message, inner)) is not { } root)
        {
            throw new RubricException($"{source}: expected a mapping with partialCredit, lessons and checks.");
        }

        Unknown(root, source, "", ["partialCredit", "lessons", "checks"]);
        var partial = Bool(root, "partialCredit", source) ?? true;
        var weights = new Dictionary<string, decimal>();
        if (Child(root, "lessons", source) is { } lessons)
        {
            foreach (var (key, value) in lessons.Children)
            {
                var lesson = ((YamlScalarNode)key).Value!;
                if (!knownLessons.Contains(lesson))
                {
                    throw new RubricException($"{source} line {key.Start.Line}: unknown lesson '{lesson}' (known: {string.Join(", ", knownLessons)}).");
                }

                var map = value as YamlMappingNode ?? throw new RubricException($"{source} line {value.Start.Line}: lessons.{lesson} must be a mapping like {{ weight: 1 }}.");
                Unknown(map, source, $"lessons.{lesson}.", ["weight"]);
                weights[lesson] = Number(map, "weight", source, $"lessons.{lesson}.weight") ?? 1m;
            }
        }

        var entries = new Dictionary<string, RubricEntry>();
        if (Child(root, "checks", source) is { } checks)
        {
            var unknown = checks.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(id => !knownChecks.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                throw new RubricException($"{source}: unknown check ids: {string.Join(", ", unknown)}.");
            }

            foreach (var (key, value) in checks.Children)
            {
                var id = ((YamlScalarNode)key).Value!;
                var map = value as YamlMappingNode ?? throw new RubricException($"{source} line {value.Start.Line}: checks.{id} must be a mapping like {{ points: 5 }}.");
                Unknown(map, source, $"checks.{id}.", ["points", "counts", "stage", "partialCredit"]);
                entries[id] = new RubricEntry(
                    Number(map, "points", source, $"checks.{id}.points"),
                    Bool(map, "counts", source) ?? true,
                    map.Children.TryGetValue(new YamlScalarNode("stage"), out var stage) ? ((YamlScalarNode)stage).Value : null,
                    Bool(map, "partialCredit", source));
            }
        }

        return new Rubric(partial, weights, entries);
    }

    private static void Unknown(YamlMappingNode map, string source, string prefix, string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "?";
            if (!known.Contains(name))
            {
                throw new RubricException($"{source} line {key.Start.Line}: unknown key '{prefix}{name}' (known: {string.Join(", ", known.Select(k => prefix + k))}).");
            }
        }
    }

    private static YamlMappingNode? Child(YamlMappingNode map, string key, string source) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? node as YamlMappingNode ?? throw new RubricException($"{source} line {node.Start.Line}: {key} must be a mapping.")
            : null;

    private static bool? Bool(YamlMappingNode map, string key, string source) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? (node as YamlScalarNode)?.Value?.ToLowerInvariant() switch
            {
                "true" or "yes" => true,
                "false" or "no" => false,
                var other => throw new RubricException($"{source} line {node.Start.Line}: {key} must be true or false, but is '{other}'."),
            }
            : null;

    private static decimal? Number(YamlMappingNode map, string key, string source, string path) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node)
            ? decimal.TryParse((node as YamlScalarNode)?.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 10_000
                ? value
                : throw new RubricException($"{source} line {node.Start.Line}: {path} must be a number from 0 to 10000, but is '{(node as YamlScalarNode)?.Value}'.")
            : null;
}

/// <summary>A rubric file that cannot be used: the message names the file, the key and the line.</summary>
public sealed class RubricException : RunCannotStartException
{
    /// <summary>A rubric that cannot be used; <paramref name="message"/> names the file, the key and the line.</summary>
    public RubricException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
