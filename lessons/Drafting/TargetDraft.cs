using System.Text.Json;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Drafting;

/// <summary>A VM found in a source (terraform state, ssh config) under the name the lab gives it.</summary>
/// <param name="Name">The lab's name for it: dockernode1..3, rancher-master, rancher-host1, ...</param>
/// <param name="Address">Where the harness reaches it (a floating IP, else the access IP; or ssh's HostName).</param>
/// <param name="SshPort">The SSH port where it is not 22.</param>
/// <param name="Source">What it was found as ("instance s1-dockernode1, floating IP"), for the user.</param>
public sealed record DraftMachine(string Name, string Address, int? SshPort, string Source);

/// <summary>
/// A target file being written for a student: what the sources told, and what they did not (notes the
/// command prints and the file carries as comments). Rendered as commented YAML that
/// <see cref="TargetLoader"/> reads.
/// </summary>
public sealed record TargetDraft(string Student, string User, string IdentityFile, IReadOnlyList<DraftMachine> Machines)
{
    /// <summary>The names of Lesson 1's VMs, manager first.</summary>
    public static readonly IReadOnlyList<string> DockerNodes = ["dockernode1", "dockernode2", "dockernode3"];

    /// <summary>The Rancher server's VM.</summary>
    public const string RancherMaster = "rancher-master";

    /// <summary>The course's VM names in words, for help texts and errors.</summary>
    public const string VmNames = "dockernode1..3, rancher-master, rancher-host*";

    /// <summary>The registry's host name in words: the name in its TLS certificate.</summary>
    public const string RegistryHostText = "the registry's host name, the name in its TLS certificate (dockernode1's public name)";

    /// <summary>Whether an SSH key is needed: Lesson 1's nodes are graded over SSH.</summary>
    public static bool NeedsKey(IEnumerable<DraftMachine> machines) => machines.Any(m => DockerNodes.Contains(m.Name, StringComparer.Ordinal));

    /// <summary>What the user must fill in by hand, given the machines found and the registry host and access key given.</summary>
    public static IEnumerable<string> StillToFill(IReadOnlyList<DraftMachine> machines, string? registryHost, string? accessKey)
    {
        ArgumentNullException.ThrowIfNull(machines);
        if (registryHost is null && machines.Any(m => m.Name == DockerNodes[0]))
        {
            yield return "No --registry-host: the registry section is left commented out; fill in dockernode1's public host name (the name in the registry's certificate) to grade the registry.";
        }

        if (accessKey is null && machines.Any(m => m.Name == RancherMaster))
        {
            yield return "No --rancher-access-key: fill in rancher.accessKey (Rancher: API > Keys) before grading Lesson 2.";
        }
    }

    /// <summary>What the user should know: a missing VM, a private address, a placeholder to fill in.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The registry's host name (the certificate's name), when given.</summary>
    public string? RegistryHost { get; init; }

    /// <summary>The Rancher API key's access part, when given.</summary>
    public string? RancherAccessKey { get; init; }

    /// <summary>Whether a lab name is one of the lesson's (dockernode1..3, rancher-master, rancher-host*).</summary>
    public static bool IsLabName(string name) =>
        DockerNodes.Contains(name, StringComparer.Ordinal) || name == RancherMaster || (name.StartsWith("rancher-host", StringComparison.Ordinal) && name.Length > "rancher-host".Length);

    /// <summary>
    /// The lab name a VM's own name stands for: itself when it is one, else the lab name it ends with
    /// after a separator ("s123-dockernode1" → dockernode1); null when none.
    /// </summary>
    public static string? LabNameOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.Trim().ToLowerInvariant();
        if (IsLabName(lower))
        {
            return lower;
        }

        for (var at = lower.IndexOfAny(['-', '_', '.']); at >= 0 && at < lower.Length - 1; at = lower.IndexOfAny(['-', '_', '.'], at + 1))
        {
            if (IsLabName(lower[(at + 1)..]))
            {
                return lower[(at + 1)..];
            }
        }

        return null;
    }

    /// <summary>The commented YAML of the target file.</summary>
    public string Render()
    {
        var yaml = new List<string>();
        yaml.Add("# OmiStack target file, written by `omistack target`. Check it, then: OMISTACK_TARGET=<this file> dotnet test checks");
        foreach (var note in Notes)
        {
            yaml.Add($"# NOTE: {OneLine(note)}");
        }

        yaml.Add($"student: {Quote(Student)}");
        var nodes = DockerNodes.Select(n => Machines.FirstOrDefault(m => m.Name == n)).OfType<DraftMachine>().ToList();
        var rancher = Machines.Where(m => m.Name.StartsWith("rancher-", StringComparison.Ordinal)).OrderBy(m => m.Name == RancherMaster ? 0 : 1).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        if (nodes.Count > 0)
        {
            yaml.Add("ssh:");
            yaml.Add($"  user: {Quote(User)}");
            yaml.Add($"  identityFile: {Quote(IdentityFile)}");
            yaml.Add("  # hostKeys: accept-new (default: trust on first use, refuse a changed key) | strict | insecure");
            yaml.Add("nodes:                     # Lesson 1: the manager first");
            foreach (var node in nodes)
            {
                yaml.Add($"  - name: {node.Name}      # {OneLine(node.Source)}");
                yaml.Add($"    address: {Quote(node.Address)}");
                if (node.SshPort is { } port and not 22)
                {
                    yaml.Add($"    ports: {{ 22: {port} }}");
                }
            }

            if (RegistryHost is null)
            {
                yaml.Add("# registry:                # the TLS registry of Lesson 1: its host is dockernode1's public name (the certificate's)");
                yaml.Add("#   host: <dockernode1's public host name>");
                yaml.Add("#   port: 5000");
                yaml.Add("#   node: dockernode1");
            }
            else
            {
                yaml.Add("registry:                  # the TLS registry of Lesson 1");
                yaml.Add($"  host: {Quote(RegistryHost)}");
                yaml.Add("  port: 5000");
                yaml.Add("  node: dockernode1");
            }
        }

        if (rancher.FirstOrDefault(m => m.Name == RancherMaster) is { } master)
        {
            yaml.Add("rancher:                   # Lesson 2");
            yaml.Add($"  url: {Quote($"http://{UrlHost(master.Address)}:8080")}");
            yaml.Add($"  accessKey: {Quote(RancherAccessKey ?? "FILL-IN: API > Keys > Add Account API Key, the access key")}");
            yaml.Add("  secretKey: ${RANCHER_SECRET_KEY}   # set RANCHER_SECRET_KEY in the environment; never written here");
            yaml.Add("  hosts:");
            foreach (var host in rancher)
            {
                yaml.Add($"    - {{ name: {host.Name}, address: {Quote(host.Address)} }}   # {OneLine(host.Source)}");
            }
        }

        return string.Join('\n', yaml) + "\n";
    }

    /// <summary>A YAML double-quoted scalar (JSON's escaping is valid YAML): a student's text stays text.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string UrlHost(string address) => address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
