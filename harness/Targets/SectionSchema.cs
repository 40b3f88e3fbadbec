namespace OmiStack.Harness.Targets;

/// <summary>
/// A lesson's own section of the target file, as the lesson declares it: its key, its text fields, the fields
/// that hold a secret (written as <c>${VARIABLE}</c> and read from the environment, never written to evidence or
/// reports), the fields that list hosts (<c>- { name, address, ports }</c>, as nodes are written), and the
/// variable names a student's own target may read for it beside the harness's (<see cref="TargetVariables"/>).
/// The target loader refuses any other key in the section, naming the line.
/// </summary>
/// <param name="Key">The section's top-level key ("web").</param>
public sealed record SectionSchema(string Key)
{
    /// <summary>Text fields.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Secret fields: a value or <c>${VARIABLE}</c>; either way scrubbed from everything the run writes.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Fields that list hosts, each <c>{ name, address, ports }</c>.</summary>
    public IReadOnlyList<string> HostLists { get; init; } = [];

    /// <summary>Variable names any target may name for this section (the documentation's, as RANCHER_SECRET_KEY is the harness's).</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>Every key the section may have.</summary>
    public IReadOnlyList<string> AllKeys => [.. Fields, .. Secrets, .. HostLists];
}

/// <summary>
/// What of a target file the lessons read: the top-level keys beyond the harness's typed ones, and the sections
/// lessons declare a schema for (checked, their secrets read and scrubbed); a key with no schema reaches its
/// lesson as written.
/// </summary>
public sealed class TargetShape : System.Collections.ObjectModel.ReadOnlyCollection<string>
{
    /// <summary>A shape of <paramref name="keys"/>, with the <paramref name="schemas"/> of some of them.</summary>
    public TargetShape(IEnumerable<string> keys, IEnumerable<SectionSchema>? schemas = null)
        : base([.. keys.Distinct(StringComparer.Ordinal)])
    {
        Schemas = [.. schemas ?? []];
    }

    /// <summary>The declared sections.</summary>
    public IReadOnlyList<SectionSchema> Schemas { get; }

    /// <summary>The schema of <paramref name="key"/>; null where the lesson reads the section as written.</summary>
    public SectionSchema? SchemaOf(string key) => Schemas.FirstOrDefault(s => s.Key == key);

    /// <summary>Variable names the declared sections let any target name.</summary>
    public IReadOnlyList<string> Variables => [.. Schemas.SelectMany(s => s.Variables).Distinct(StringComparer.Ordinal)];
}
