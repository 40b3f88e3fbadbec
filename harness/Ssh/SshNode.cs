using OmiStack.Harness.Evidence;
using System.Net.Sockets;
using System.Text;
using OmiStack.Harness.Waiting;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace OmiStack.Harness.Ssh;

/// <summary>
/// One SSH connection to one node, reused for the whole run: bounded connect, bounded commands,
/// keepalive, host key checked against known_hosts.
/// </summary>
public sealed class SshNode : INodeShell
{
    private static readonly Lock KnownHostsFileLock = new();
    private readonly SshClient _client;
    private readonly SshOptions _options;
    private readonly Evidence.EvidenceLog _evidence;

    private SshNode(SshEndpoint endpoint, SshClient client, SshOptions options, string hostKeyFingerprint, Evidence.EvidenceLog evidence)
    {
        Endpoint = endpoint;
        _client = client;
        _options = options;
        HostKeyFingerprint = hostKeyFingerprint;
        _evidence = evidence;
    }

    /// <summary>The node.</summary>
    public SshEndpoint Endpoint { get; }

    /// <summary>SHA256 fingerprint of the host key the server presented.</summary>
    public string HostKeyFingerprint { get; }

    /// <summary>Connects and authenticates within <see cref="SshOptions.ConnectTimeout"/>.</summary>
    public static Task<SshNode> ConnectAsync(SshEndpoint endpoint, SshOptions options, CancellationToken cancellationToken = default) =>
        ConnectAsync(endpoint, options, Evidence.EvidenceLog.Off, cancellationToken);

    /// <summary>Connects and authenticates within <see cref="SshOptions.ConnectTimeout"/>; its commands and Docker exchanges go to <paramref name="evidence"/>.</summary>
    public static async Task<SshNode> ConnectAsync(SshEndpoint endpoint, SshOptions options, Evidence.EvidenceLog evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        var key = LoadKey(endpoint);
        var info = new PrivateKeyConnectionInfo(endpoint.Host, endpoint.Port, endpoint.User, key)
        {
            Timeout = options.ConnectTimeout,
        };
        PreferCurve25519(info);
        var client = new SshClient(info) { KeepAliveInterval = options.KeepAliveInterval };
        string? rejection = null;
        var fingerprint = "";
        var knownHosts = options.KnownHostsFile is null ? new KnownHosts() : KnownHosts.Load(options.KnownHostsFile);
        client.HostKeyReceived += (_, e) =>
        {
            fingerprint = KnownHosts.Fingerprint(e.HostKey);
            (e.CanTrust, rejection) = Verify(endpoint, options, knownHosts, e);
        };

        try
        {
            await Poll.WithinAsync(
                $"SSH handshake with {endpoint}",
                options.ConnectTimeout,
                // Connect blocks its thread for the handshake's round trips: on a thread of its own (OwnThread). Past
                // the bound the wait is given up and the client disposed below, which ends the blocked Connect.
                ct => OwnThread.RunAsync(() => { client.Connect(); return true; }, "omistack ssh connect").WaitAsync(ct),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return new SshNode(endpoint, client, options, fingerprint, evidence);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            key.Dispose();
            throw Classify(endpoint, ex, rejection, options);
        }
    }

    /// <summary>Runs a command within <paramref name="timeout"/> (default: the options' command bound).</summary>
    public async Task<CommandResult> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var bound = timeout ?? _options.CommandTimeout;
        var answer = await _evidence.ThroughAsync(
            EvidenceKinds.Ssh,
            $"{Endpoint.Name} {command}",
            async () =>
            {
                try
                {
                    return new ShellAnswer(await RunLiveAsync(command, bound, cancellationToken).ConfigureAwait(false), null, null);
                }
                catch (DeadlineExceededException ex)
                {
                    return new ShellAnswer(null, ex.LastSeen, null) { Bound = ex.Timeout };
                }
                catch (SshUnavailableException ex)
                {
                    return new ShellAnswer(null, null, ex.Cause);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return answer.Result(Endpoint, command);
    }

    private async Task<CommandResult> RunLiveAsync(string command, TimeSpan bound, CancellationToken cancellationToken)
    {
        using var ssh = _client.CreateCommand(command, Encoding.UTF8);
        try
        {
            await Poll.WithinAsync(
                $"'{command}' on {Endpoint.Name}",
                bound,
                async ct => { await ssh.ExecuteAsync(ct).ConfigureAwait(false); return true; },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DeadlineExceededException)
        {
            TryCancel(ssh);
            throw;
        }
        catch (Exception ex) when (ex is SshException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new SshUnavailableException(Endpoint, SshFailure.Broken, $"'{command}' could not run: {ex.Message}", ex);
        }

        return new CommandResult(command, ssh.ExitStatus ?? -1, ssh.Result, ssh.Error);
    }

    /// <summary>
    /// A Docker API client that talks to this node's engine through this connection
    /// (<c>docker system dial-stdio</c>, as <c>docker -H ssh://</c> does). Dispose it before the node.
    /// </summary>
    public global::Docker.DotNet.DockerClient CreateDockerClient(Version apiVersion, TimeSpan timeout) =>
        new global::Docker.DotNet.DockerClientBuilder()
            .WithEndpoint(new Uri($"ssh://{Endpoint.User}@{Endpoint.Host}:{Endpoint.Port}"))
            .WithApiVersion(apiVersion)
            .WithTimeout(timeout)
            .WithTransportOptions(Docker.SshDockerHandlerFactory.Instance, new Docker.SshDockerTransportOptions(_client, _evidence, Endpoint.Name))
            .Build();

    /// <summary>True while the session is up.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static void TryCancel(SshCommand command)
    {
        try
        {
            command.CancelAsync(forceKill: true);
        }
        catch (Exception ex) when (ex is SshException or InvalidOperationException or ObjectDisposedException)
        {
            // The channel is already gone: nothing left to cancel.
        }
    }

    /// <summary>
    /// SSH.NET offers the post-quantum hybrids (mlkem768x25519, sntrup761x25519) first; their managed
    /// implementations cost 60-170 ms per handshake here (measured, docs/benchmarks.md). curve25519-sha256
    /// goes first; the hybrids stay on offer after it.
    /// </summary>
    private static void PreferCurve25519(ConnectionInfo info)
    {
        var kex = info.KeyExchangeAlgorithms;
        foreach (var name in kex.Keys.Where(k => k.StartsWith("mlkem", StringComparison.Ordinal) || k.StartsWith("sntrup", StringComparison.Ordinal)).ToList())
        {
            var factory = kex[name];
            kex.Remove(name);
            kex.Add(name, factory);
        }
    }

    private static PrivateKeyFile LoadKey(SshEndpoint endpoint)
    {
        var path = endpoint.IdentityFile;
        if (Targets.TargetPaths.Unreadable(path, 64 * 1024) is { } why)
        {
            throw new SshUnavailableException(endpoint, SshFailure.BadIdentity, $"identity file {why}");
        }

        try
        {
            return new PrivateKeyFile(path, endpoint.Passphrase);
        }
        catch (Exception ex) when (ex is SshException or SshPassPhraseNullOrEmptyException or IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
        {
            var hint = ex is SshPassPhraseNullOrEmptyException ? " (it is encrypted: set OMISTACK_SSH_PASSPHRASE)" : "";
            throw new SshUnavailableException(endpoint, SshFailure.BadIdentity, $"identity file '{path}' could not be read as a private key{hint}: {ex.Message}", ex);
        }
    }

    private static (bool Trust, string? Rejection) Verify(SshEndpoint endpoint, SshOptions options, KnownHosts knownHosts, HostKeyEventArgs e)
    {
        if (options.HostKeyPolicy == HostKeyPolicy.Insecure)
        {
            return (true, null);
        }

        var seen = KnownHosts.Fingerprint(e.HostKey);
        switch (knownHosts.Check(endpoint.Host, endpoint.Port, e.HostKey))
        {
            case HostKeyMatch.Known:
                return (true, null);
            case HostKeyMatch.Changed:
                var expected = string.Join(", ", knownHosts.FingerprintsFor(endpoint.Host, endpoint.Port));
                return (false, $"host key changed: the server presented {e.HostKeyName} {seen}, but {options.KnownHostsFile} expects {expected}");
            case HostKeyMatch.Unknown when options.HostKeyPolicy == HostKeyPolicy.AcceptNew:
                if (options.KnownHostsFile is not null && options.RecordNewKeys)
                {
                    lock (KnownHostsFileLock)
                    {
                        File.AppendAllLines(options.KnownHostsFile, [$"{KnownHosts.HostPattern(endpoint.Host, endpoint.Port)} {e.HostKeyName} {Convert.ToBase64String(e.HostKey)}"]);
                    }
                }

                return (true, null);
            default:
                return (false, $"host key {e.HostKeyName} {seen} is not in {options.KnownHostsFile ?? "any known_hosts file"} (policy: strict)");
        }
    }

    private static SshUnavailableException Classify(SshEndpoint endpoint, Exception ex, string? rejection, SshOptions options)
    {
        if (rejection is not null)
        {
            return new SshUnavailableException(endpoint, SshFailure.HostKeyRejected, rejection, ex);
        }

        return ex switch
        {
            SshUnavailableException known => known,
            DeadlineExceededException or SshOperationTimeoutException =>
                new SshUnavailableException(endpoint, SshFailure.Timeout, $"no SSH handshake within {options.ConnectTimeout:hh\\:mm\\:ss}", ex),
            SshAuthenticationException =>
                new SshUnavailableException(endpoint, SshFailure.AuthenticationRefused, $"the server refused the key '{endpoint.IdentityFile}' for user '{endpoint.User}' ({ex.Message})", ex),
            SocketException socket =>
                new SshUnavailableException(endpoint, SshFailure.Unreachable, $"no connection: {socket.Message}", ex),
            _ => new SshUnavailableException(endpoint, SshFailure.Broken, ex.Message, ex),
        };
    }
}
