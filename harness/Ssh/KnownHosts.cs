namespace OmiStack.Harness.Ssh;

/// <summary>What a host key check found.</summary>
public enum HostKeyMatch
{
    /// <summary>A line for this host carries this exact key.</summary>
    Known,

    /// <summary>No line names this host.</summary>
    Unknown,

    /// <summary>Lines name this host, but none with this key: refuse.</summary>
    Changed,
}

/// <summary>
/// An OpenSSH known_hosts file: plain host names and hashed ones (<c>|1|salt|hash</c>, as Ubuntu's
/// HashKnownHosts writes them); marker lines (@cert-authority, @revoked) are skipped. Hosts on a port
/// other than 22 are written <c>[host]:port</c>, as OpenSSH does.
/// </summary>
public sealed class KnownHosts
{
    private readonly List<(string Host, string KeyType, byte[] Blob)> _entries = [];

    /// <summary>Reads a known_hosts file; a missing file is an empty set.</summary>
    public static KnownHosts Load(string path)
    {
        var hosts = new KnownHosts();
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            // Missing or empty; a FIFO or a device also reports no length, and is never opened.
            return hosts;
        }

        if (Targets.TargetPaths.Unreadable(path, 4 * 1024 * 1024) is { } why)
        {
            throw new IOException($"known_hosts {why}");
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@'))
            {
                continue;
            }

            var parts = line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                continue;
            }

            foreach (var host in parts[0].Split(','))
            {
                hosts._entries.Add((host, parts[1], blob));
            }
        }

        return hosts;
    }

    /// <summary>The name OpenSSH files a host under.</summary>
    public static string HostPattern(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    /// <summary>Adds a key line (e.g. the content of <c>ssh_host_ed25519_key.pub</c>) for a host.</summary>
    public void Add(string host, int port, string publicKeyLine)
    {
        ArgumentNullException.ThrowIfNull(publicKeyLine);
        var parts = publicKeyLine.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw new FormatException($"Not an OpenSSH public key line: '{publicKeyLine}'");
        }

        _entries.Add((HostPattern(host, port), parts[0], Convert.FromBase64String(parts[1])));
    }

    /// <summary>Checks a key blob (the server's public host key, SSH wire format) for a host.</summary>
    public HostKeyMatch Check(string host, int port, ReadOnlySpan<byte> keyBlob)
    {
        var pattern = HostPattern(host, port);
        var named = false;
        foreach (var entry in _entries)
        {
            if (!Names(entry.Host, pattern))
            {
                continue;
            }

            named = true;
            if (keyBlob.SequenceEqual(entry.Blob))
            {
                return HostKeyMatch.Known;
            }
        }

        return named ? HostKeyMatch.Changed : HostKeyMatch.Unknown;
    }

    /// <summary>The SHA256 fingerprints on file for a host, as OpenSSH prints them.</summary>
    public IReadOnlyList<string> FingerprintsFor(string host, int port)
    {
        var pattern = HostPattern(host, port);
        return _entries
            .Where(e => Names(e.Host, pattern))
            .Select(e => $"{e.KeyType} {Fingerprint(e.Blob)}")
            .ToList();
    }

    /// <summary>Whether a known_hosts host field names the host: literally, or as |1|salt|HMAC-SHA1(salt, host).</summary>
    private static bool Names(string field, string pattern)
    {
        if (!field.StartsWith("|1|", StringComparison.Ordinal))
        {
            return string.Equals(field, pattern, StringComparison.OrdinalIgnoreCase);
        }

        var parts = field.Split('|');
        if (parts.Length != 4)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
#pragma warning disable CA5350 // OpenSSH's hashed host names are HMAC-SHA1 by definition; reading them is not a choice of algorithm.
            var hash = System.Security.Cryptography.HMACSHA1.HashData(salt, System.Text.Encoding.ASCII.GetBytes(pattern));
#pragma warning restore CA5350
            return Convert.ToBase64String(hash) == parts[3];
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>OpenSSH's SHA256 fingerprint of a key blob.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> keyBlob) =>
        "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(keyBlob)).TrimEnd('=');

    /// <summary>Writes every entry in OpenSSH's format.</summary>
    public void Save(string path) =>
        File.WriteAllLines(path, _entries.Select(e => $"{e.Host} {e.KeyType} {Convert.ToBase64String(e.Blob)}"));
}
