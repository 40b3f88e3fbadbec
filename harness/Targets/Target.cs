namespace OmiStack.Harness.Targets;

/// <summary>
/// A student's lab environment as the target file describes it (format: docs/students/target-file.md).
/// </summary>
public sealed record Target
{
    /// <summary>Id in reports and gradebooks.</summary>
    public required string Student { get; init; }

    /// <summary>SSH defaults for every node.</summary>
    public required SshTarget Ssh { get; init; }

    /// <summary>The lesson's VMs, manager first.</summary>
    public required IReadOnlyList<NodeTarget> Nodes { get; init; }

    /// <summary>The private registry, when the lesson has one.</summary>
    public RegistryTarget? Registry { get; init; }

    /// <summary>Lesson 2's Rancher server, when the target has one.</summary>
    public RancherTarget? Rancher { get; init; }

    /// <summary>
    /// The sections a lesson module reads itself (its <c>TargetKeys</c> beyond the harness's typed
    /// ones), by key, as written; a lesson parses its own.
    /// </summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public IReadOnlyDictionary<string, TargetSection> Sections { get; init; } = new Dictionary<string, TargetSection>();

    /// <summary>The folder of the target file (relative paths in lesson sections resolve against it); null when not from a file.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string? Folder { get; init; }

    /// <summary>
    /// Written by the student (a roster's target file, a platform's submission), not by the instructor:
    /// a file it names for grading (the answers) must lie in its own <see cref="Folder"/>, so that one
    /// student's target cannot have another student's files graded as theirs.
    /// </summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public bool FromStudent { get; init; }

    /// <summary>
    /// Why <paramref name="path"/> (a file this target names) must not be used, or null: for a target
    /// <see cref="FromStudent"/>, the file, links followed, must lie below the target's folder.
    /// </summary>
    public string? OutsideOwnFolder(string path, string key)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!FromStudent || Folder is null)
        {
            return null;
        }

        var real = Path.GetFullPath(path);
        try
        {
            if (new FileInfo(real).ResolveLinkTarget(returnFinalTarget: true) is { } final)
            {
                real = Path.GetFullPath(final.FullName);
            }
        }
        catch (IOException)
        {
            // a link loop or an unreadable link: the path as written is judged, and reading it fails later
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Folder)) + Path.DirectorySeparatorChar;
        return real.StartsWith(folder, StringComparison.Ordinal)
            ? null
            : $"{key} '{path}' is outside the folder of the target file ({Folder}): a student's target names only files beside it, so that no one's files are graded as another's";
    }
}

/// <summary>A lesson's own section of a target file, as written: a mapping of keys to texts, with lines for errors.</summary>
public sealed record TargetSection(string Key, string Source, YamlDotNet.RepresentationModel.YamlMappingNode Node)
{
    /// <summary>A declared section's secrets, read (the environment's value where the field names a variable).</summary>
    public IReadOnlyDictionary<string, string> SecretValues { get; init; } = new Dictionary<string, string>();

    /// <summary>A declared section's host lists, read as nodes are.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<NodeTarget>> HostLists { get; init; } = new Dictionary<string, IReadOnlyList<NodeTarget>>();

    /// <summary>The secret under <paramref name="name"/> (declared in the lesson's <see cref="SectionSchema"/>); null when absent.</summary>
    public string? Secret(string name) => SecretValues.GetValueOrDefault(name);

    /// <summary>The hosts listed under <paramref name="name"/> (declared in the lesson's <see cref="SectionSchema"/>); empty when absent.</summary>
    public IReadOnlyList<NodeTarget> Hosts(string name) => HostLists.GetValueOrDefault(name) ?? [];

    /// <summary>The text under <paramref name="name"/>; null when absent; an error naming the line when it is not a text.</summary>
    public string? Text(string name)
    {
        if (!Node.Children.TryGetValue(new YamlDotNet.RepresentationModel.YamlScalarNode(name), out var value))
        {
            return null;
        }

        return value is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { Length: > 0 } text }
            ? text
            : throw new TargetFileException($"{Source} line {value.Start.Line}: {Key}.{name} must be a non-empty text.");
    }

    /// <summary>The keys written in the section.</summary>
    public IReadOnlyList<string> Keys => [.. Node.Children.Keys.OfType<YamlDotNet.RepresentationModel.YamlScalarNode>().Select(k => k.Value ?? "")];
}

/// <summary>Lesson 2's Rancher 1.6 server and its hosts.</summary>
public sealed record RancherTarget
{
    /// <summary>The server, e.g. http://134.60.64.20:8080.</summary>
    public required string Url { get; init; }

    /// <summary>The account API key's access key.</summary>
    public required string AccessKey { get; init; }

    /// <summary>The API key's secret (usually "${VAR}" in the file); never printed, never written back.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public required string SecretKey { get; init; }

    /// <summary>The Rancher VMs (master included), like nodes.</summary>
    public required IReadOnlyList<NodeTarget> Hosts { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"RancherTarget {{ Url = {Url}, AccessKey = {AccessKey}, SecretKey = ***, Hosts = {string.Join(", ", Hosts.Select(h => h.Name))} }}";
}

/// <summary>SSH settings shared by all nodes.</summary>
public sealed record SshTarget
{
    /// <summary>No SSH (a target that describes only its Rancher server).</summary>
    public static readonly SshTarget None = new() { User = "-", IdentityFile = "-" };

    /// <summary>Login user on every node.</summary>
    public required string User { get; init; }

    /// <summary>OpenSSH or PEM private key file.</summary>
    public required string IdentityFile { get; init; }

    /// <summary>Optional known_hosts file that host keys are verified against (default ~/.ssh/known_hosts).</summary>
    public string? KnownHosts { get; init; }

    /// <summary>Host key trust: strict, accept-new (default) or insecure; env OMISTACK_HOST_KEYS overrides.</summary>
    public string? HostKeys { get; init; }

    /// <summary>The key's passphrase, usually "${VAR}" (expanded from the environment); a secret, never printed.</summary>
    [YamlDotNet.Serialization.YamlIgnore] // expanded from the environment: never written back to a file
    public string? Passphrase { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"SshTarget {{ User = {User}, IdentityFile = {IdentityFile}, KnownHosts = {KnownHosts}, HostKeys = {HostKeys}, Passphrase = {(Passphrase is null ? "none" : "***")} }}";
}

/// <summary>One VM of the lesson.</summary>
public sealed record NodeTarget
{
    /// <summary>The host name Docker reports for the node.</summary>
    public required string Name { get; init; }

    /// <summary>Where the harness reaches it (floating IP or DNS).</summary>
    public required string Address { get; init; }

    /// <summary>Lab port → port reachable from the harness; absent ports are reached as they are.</summary>
    public IReadOnlyDictionary<int, int>? Ports { get; init; }

    /// <summary>The port the harness uses to reach the node's <paramref name="labPort"/>.</summary>
    public int PortFor(int labPort) => Ports is not null && Ports.TryGetValue(labPort, out var mapped) ? mapped : labPort;
}

/// <summary>The private registry of Lesson 1.</summary>
public sealed record RegistryTarget
{
    /// <summary>Name in image references and in the certificate.</summary>
    public required string Host { get; init; }

    /// <summary>Registry port (5000 in the lesson).</summary>
    public int Port { get; init; } = 5000;

    /// <summary>The node that runs it: the harness connects to its address.</summary>
    public required string Node { get; init; }

    /// <summary>Optional extra trust anchor; else the system's trust.</summary>
    public string? CaFile { get; init; }
}
