using YamlDotNet.RepresentationModel;

namespace OmiStack.Harness.Targets;

/// <summary>
/// Reads a target file, strictly: a wrong type, a missing key or an unknown key is one error that
/// names the file, the key and the line (e.g. "omistack.yaml line 9: nodes[1].address is missing").
/// </summary>
public static partial class TargetLoader
{
    /// <summary>Files larger than this are refused before parsing.</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <summary>The top-level keys the harness parses itself (besides student); lesson modules may own more.</summary>
    public static readonly IReadOnlyList<string> TypedKeys = ["ssh", "nodes", "registry", "rancher"];

    /// <summary>
    /// Reads and validates a target file; relative key and CA paths are resolved against its folder.
    /// <paramref name="lessonSections"/>: further top-level keys that lesson modules read themselves.
    /// <paramref name="variables"/>: the instructor's variables a <c>${VAR}</c> of the file may read (the run's host
    /// gives them; none where null, so a file naming one is refused as not set).
    /// </summary>
    public static Target Load(string path, TargetShape? lessonSections = null, Func<string, string?>? variables = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new TargetFileException($"Target file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new TargetFileException($"Target file '{path}' is larger than {MaxBytes / 1024} KiB: not a target file.");
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new TargetFileException($"Target file '{path}' is not UTF-8 text.");
        }

        return ResolvePaths(Parse(text, name, lessonSections, variables ?? NoVariables), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The target's file paths (key, known_hosts, CA) relative to <paramref name="folder"/>, ~ expanded.</summary>
    internal static Target ResolvePaths(Target target, string folder) => target with
    {
        Folder = folder,
        Ssh = target.Ssh == SshTarget.None ? target.Ssh : target.Ssh with
        {
            IdentityFile = Resolve(folder, target.Ssh.IdentityFile),
            KnownHosts = target.Ssh.KnownHosts is null ? null : Resolve(folder, target.Ssh.KnownHosts),
        },
        Registry = target.Registry is null ? null : target.Registry with { CaFile = target.Registry.CaFile is null ? null : Resolve(folder, target.Registry.CaFile) },
    };

    /// <summary>No variables: a target that names one is refused as naming a variable that is not set.</summary>
    public static string? NoVariables(string name) => null;

    /// <summary>Parses target YAML with no variables; <paramref name="source"/> names it in errors.</summary>
    public static Target Parse(string yaml, string source = "target", TargetShape? lessonSections = null) =>
        Parse(yaml, source, lessonSections, NoVariables);

    /// <summary>
    /// As above, with the values of the <c>${VARIABLE}</c> the target names read from <paramref name="environment"/>
    /// (the target writer reads a file back with stand-ins for secrets not set yet, never setting them in its own environment).
    /// </summary>
    public static Target Parse(string yaml, string source, TargetShape? lessonSections, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var sectionKeys = ((IEnumerable<string>?)lessonSections ?? []).Where(k => k != "student" && !TypedKeys.Contains(k)).Distinct().ToList();
        if (YamlText.RootMapping(yaml, source, (message, inner) => new TargetFileException(message, inner)) is not { } root)
        {
            throw new TargetFileException($"{source}: expected a mapping with the keys student, ssh, nodes (see docs/students/target-file.md).");
        }

        var reader = new Reader(source, environment) { Variables = lessonSections?.Variables ?? [] };
        reader.Keys(root, "", ["student", .. TypedKeys, .. sectionKeys]);
        var student = reader.String(root, "student", "student")!;
        reader.Student = student;
        // A target may describe only other lessons (a Rancher server, a lesson's own section): then nodes and ssh are optional.
        var rancherOnly = !root.Children.ContainsKey(new YamlScalarNode("nodes"))
            && sectionKeys.Prepend("rancher").Any(k => root.Children.ContainsKey(new YamlScalarNode(k)));
        var ssh = reader.Mapping(root, "ssh", required: !rancherOnly);
        string? hostKeys = null;
        if (ssh is not null)
        {
            reader.Keys(ssh, "ssh.", "user", "identityFile", "knownHosts", "hostKeys", "passphrase");
            hostKeys = reader.String(ssh, "ssh.hostKeys", "hostKeys", required: false);
            if (hostKeys is not null && hostKeys is not ("strict" or "accept-new" or "insecure"))
            {
                throw new TargetFileException($"{source} line {Line(ssh.Children[new YamlScalarNode("hostKeys")])}: ssh.hostKeys must be strict, accept-new or insecure, but is '{hostKeys}'.");
            }
        }

        var parsedNodes = rancherOnly ? [] : reader.Sequence(root, "nodes").Children.Select((n, i) => reader.Node(n, $"nodes[{i}]")).ToList();
        foreach (var duplicate in parsedNodes.GroupBy(n => n.Name).Where(g => g.Count() > 1))
        {
            throw new TargetFileException($"{source}: node name '{duplicate.Key}' appears twice in nodes.");
        }

        RegistryTarget? registry = null;
        if (reader.Mapping(root, "registry", required: false) is { } reg)
        {
            reader.Keys(reg, "registry.", "host", "port", "node", "caFile");
            registry = new RegistryTarget
            {
                Host = reader.String(reg, "registry.host", "host")!,
                Port = reader.Port(reg, "registry.port", "port") ?? 5000,
                Node = reader.String(reg, "registry.node", "node", required: !rancherOnly) ?? "-",
                CaFile = reader.String(reg, "registry.caFile", "caFile", required: false),
            };
            if (!rancherOnly && parsedNodes.All(n => n.Name != registry.Node))
            {
                throw new TargetFileException($"{source} line {Line(reg)}: registry.node '{registry.Node}' is not one of the nodes ({string.Join(", ", parsedNodes.Select(n => n.Name))}).");
            }
        }

        RancherTarget? rancher = null;
        if (reader.Mapping(root, "rancher", required: false) is { } ran)
        {
            reader.Keys(ran, "rancher.", "url", "accessKey", "secretKey", "hosts");
            var url = reader.String(ran, "rancher.url", "url")!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new TargetFileException($"{source} line {Line(ran.Children[new YamlScalarNode("url")])}: rancher.url must be an http(s) URL like http://134.60.64.20:8080, but is '{System.Text.RegularExpressions.Regex.Replace(url, "^([^/@]*//)?[^/@]*@", "$1***@")}'.");
            }

            if (uri.UserInfo.Length > 0)
            {
                // Never echo it: the part before '@' is a secret.
                throw new TargetFileException($"{source} line {Line(ran.Children[new YamlScalarNode("url")])}: rancher.url carries a user or password before '@'; give the API key as accessKey and secretKey instead.");
            }

            rancher = new RancherTarget
            {
                Url = url,
                AccessKey = reader.String(ran, "rancher.accessKey", "accessKey")!,
                SecretKey = reader.Secret(ran, "rancher.secretKey", "secretKey") ?? throw new TargetFileException($"{source} line {Line(ran)}: rancher.secretKey is missing."),
                Hosts = [.. reader.Sequence(ran, "hosts").Children.Select((h, i) => reader.Node(h, $"rancher.hosts[{i}]"))],
            };
        }

        var sections = new Dictionary<string, TargetSection>(StringComparer.Ordinal);
        foreach (var key in sectionKeys)
        {
            if (reader.Mapping(root, key, required: false) is { } section)
            {
                sections[key] = lessonSections!.SchemaOf(key) is { } schema ? reader.Declared(section, schema) : new TargetSection(key, source, section);
            }
        }

        return new Target
        {
            Sections = sections,
            Rancher = rancher,
            Student = student,
            Ssh = ssh is null ? SshTarget.None : new SshTarget
            {
                User = reader.String(ssh, "ssh.user", "user")!,
                IdentityFile = reader.String(ssh, "ssh.identityFile", "identityFile")!,
                KnownHosts = reader.String(ssh, "ssh.knownHosts", "knownHosts", required: false),
                HostKeys = hostKeys,
                Passphrase = reader.Secret(ssh, "ssh.passphrase", "passphrase"),
            },
            Nodes = parsedNodes,
            Registry = registry,
        };
    }

    private static string Resolve(string folder, string path) =>
        path.StartsWith('~') || Path.IsPathRooted(path) ? TargetPaths.Expand(path) : Path.GetFullPath(Path.Combine(folder, path));

    private static long Line(YamlNode node) => node.Start.Line;
}
