using System.Diagnostics;
using System.Text.RegularExpressions;
using OmiStack.Harness.Targets;

namespace OmiStack.Lessons.Drafting;

/// <summary>What ssh would use to reach one Host alias: HostName, User, Port, IdentityFile candidates.</summary>
public sealed record SshHost(string Alias, string HostName, string? User, int Port, IReadOnlyList<string> IdentityFiles, bool ViaProxy);

/// <summary>
/// The lab's VMs in an ssh config file (~/.ssh/config): the Host aliases that stand for a lab name
/// (dockernode1, s123-dockernode1, rancher-master, ...), each resolved as ssh resolves it: by
/// <c>ssh -G</c> where ssh is installed, else by reading the file with ssh's rules (the first value
/// obtained wins; Host patterns with * ? and !; Match and Include blocks are not followed and say so).
/// </summary>
public static class SshConfig
{
    /// <summary>OpenSSH's default identity files, in the order ssh tries them (ssh_config(5), IdentityFile).</summary>
    public static readonly IReadOnlyList<string> DefaultIdentities = ["~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_dsa"];

    /// <summary>
    /// The lab's machines in the file, and notes on what could not be told. <paramref name="useSsh"/>: an ssh client is
    /// on the user's PATH (the caller looks) and resolves the file as ssh reads it (ssh -G).
    /// </summary>
    public static (IReadOnlyList<DraftMachine> Machines, IReadOnlyList<SshHost> Hosts, IReadOnlyList<string> Notes) Read(string path, bool useSsh)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new TargetFileException($"{path}: no such ssh config file.");
        }

        var lines = File.ReadAllLines(path);
        var notes = new List<string>();
        if (lines.Any(l => Keyword(l).Key is "match" or "include"))
        {
            notes.Add(useSsh ? $"{path} has Match or Include lines: resolved by ssh -G, as ssh reads them." : $"{path} has Match or Include lines, which are not followed here (ssh is not installed): check user, port and key below.");
        }

        var aliases = lines.Select(Keyword).Where(k => k.Key == "host").SelectMany(k => k.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(a => !a.Contains('*', StringComparison.Ordinal) && !a.Contains('?', StringComparison.Ordinal) && !a.StartsWith('!'))
            .Distinct(StringComparer.Ordinal)
            .Select(a => (Alias: a, LabName: TargetDraft.LabNameOf(a)))
            .Where(a => a.LabName is not null)
            .ToList();
        var machines = new List<DraftMachine>();
        var hosts = new List<SshHost>();
        foreach (var group in aliases.GroupBy(a => a.LabName!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (group.Count() > 1)
            {
                throw new TargetFileException($"{path}: {group.Count()} Host entries stand for {group.Key} ({string.Join(", ", group.Select(a => a.Alias))}); keep one, or give the file of this lab only.");
            }

            var alias = group.Single().Alias;
            var host = useSsh ? ResolveWithSsh(path, alias) : Resolve(lines, alias);
            hosts.Add(host);
            machines.Add(new DraftMachine(group.Key, host.HostName, host.Port == 22 ? null : host.Port, $"Host {alias} in {Path.GetFileName(path)}"));
            if (host.ViaProxy)
            {
                notes.Add($"Host {alias} goes through a jump host (ProxyJump/ProxyCommand): OmiStack connects directly to {host.HostName}, so it must be reachable from this machine.");
            }
        }

        foreach (var missing in TargetDraft.DockerNodes.Where(n => machines.All(m => m.Name != n)))
        {
            notes.Add($"No Host entry for {missing} in {path}: Lesson 1 needs dockernode1, dockernode2 and dockernode3.");
        }

        return (machines, hosts, notes);
    }

    /// <summary>True when an ssh client is in one of the folders of <paramref name="path"/> (a PATH value; its -G prints the resolved configuration).</summary>
    public static bool SshOn(string? path) => (path ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "ssh")));

    /// <summary>
    /// The identity file to write: the first of <paramref name="candidates"/> (the host's IdentityFile
    /// lines, else OpenSSH's defaults) that exists and that OmiStack's SSH client can use (not the
    /// hardware-token _sk keys, not DSA); null when none.
    /// </summary>
    public static string? FirstUsableIdentity(IEnumerable<string> candidates, ICollection<string> notes)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(notes);
        foreach (var candidate in candidates)
        {
            var full = TargetPaths.Expand(candidate.Replace("%d", "~", StringComparison.Ordinal));
            if (!File.Exists(full))
            {
                continue;
            }

            if (candidate.EndsWith("_sk", StringComparison.Ordinal) || candidate.EndsWith("id_dsa", StringComparison.Ordinal))
            {
                notes.Add($"{candidate} exists but is a hardware-token or DSA key, which OmiStack's SSH client cannot use: skipped.");
                continue;
            }

            return candidate;
        }

        return null;
    }

    private static SshHost ResolveWithSsh(string path, string alias)
    {
        var start = new ProcessStartInfo("ssh", ["-G", "-F", path, alias]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new TargetFileException("could not run ssh -G");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TargetFileException($"ssh -G -F {path} {alias} gave no answer within 10 s.");
        }

        if (process.ExitCode != 0)
        {
            throw new TargetFileException($"ssh -G -F {path} {alias} failed: {errors.Result.Trim()}");
        }

        var values = output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 2)).Where(p => p.Length == 2).ToList();
        string? One(string key) => values.FirstOrDefault(p => p[0] == key)?[1].Trim();
        var proxy = One("proxyjump") is { } jump && jump != "none" || One("proxycommand") is { } command && command != "none";
        return new SshHost(alias, One("hostname") ?? alias, One("user"), int.TryParse(One("port"), out var port) ? port : 22, [.. values.Where(p => p[0] == "identityfile").Select(p => p[1].Trim())], proxy);
    }

    /// <summary>ssh's rules without ssh: each Host block whose patterns match, in file order; the first value obtained wins; IdentityFile lines add up.</summary>
    public static SshHost Resolve(IReadOnlyList<string> lines, string alias)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var applies = true;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var identities = new List<string>();
        foreach (var line in lines)
        {
            var (key, value) = Keyword(line);
            switch (key)
            {
                case "":
                    continue;
                case "host":
                    applies = Matches(value.Split(' ', StringSplitOptions.RemoveEmptyEntries), alias);
                    continue;
                case "match":
                    applies = false;
                    continue;
            }

            if (!applies)
            {
                continue;
            }

            if (key == "identityfile")
            {
                identities.Add(value);
            }
            else
            {
                values.TryAdd(key, value);
            }
        }

        var proxy = values.ContainsKey("proxyjump") || values.ContainsKey("proxycommand");
        return new SshHost(alias, values.GetValueOrDefault("hostname") ?? alias, values.GetValueOrDefault("user"), int.TryParse(values.GetValueOrDefault("port"), out var port) ? port : 22, identities.Count > 0 ? identities : DefaultIdentities, proxy);
    }

    private static bool Matches(IReadOnlyList<string> patterns, string alias)
    {
        var matched = false;
        foreach (var pattern in patterns)
        {
            var negated = pattern.StartsWith('!');
            var regex = "^" + Regex.Escape(negated ? pattern[1..] : pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            if (Regex.IsMatch(alias, regex, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)))
            {
                if (negated)
                {
                    return false;
                }

                matched = true;
            }
        }

        return matched;
    }

    private static (string Key, string Value) Keyword(string line)
    {
        var text = line.Trim();
        if (text.Length == 0 || text.StartsWith('#'))
        {
            return ("", "");
        }

        var match = Regex.Match(text, @"^(\S+?)(?:\s*=\s*|\s+)(.*)$", RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? (match.Groups[1].Value.ToLowerInvariant(), match.Groups[2].Value.Trim().Trim('"')) : (text.ToLowerInvariant(), "");
    }
}
