using OmiStack.Harness.Docker;
using OmiStack.Harness.Checks;
using System.Collections.Concurrent;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Gathering;

/// <summary>
/// One grading run's view of a target: one SSH connection per node (with a Docker API client over
/// it), opened lazily in parallel and reused for the whole run, and the gathered swarm state.
/// Gatherers return data or a judgement; they never assert.
/// </summary>
public sealed class LabSession : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<NodeProbe>>> _nodes = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<Gathered<INodeShell>>>> _shells = new();
    private readonly ConcurrentDictionary<(string Kind, string Value), byte> _environment = new();
    private readonly SharedGatherings _shared;
    private readonly CancellationTokenSource _closing = new();

    /// <summary>What a resource gathers once per session and shares between checks (the swarm, a Rancher environment).</summary>
    internal SharedGatherings Shared => _shared;

    /// <summary>A session over <paramref name="target"/>'s nodes, bounded by <paramref name="options"/>, recording what it reads in <paramref name="evidence"/> where given.</summary>
    public LabSession(Target target, GradingOptions options, EvidenceLog? evidence = null)
    {
        Target = target ?? throw new ArgumentNullException(nameof(target));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Evidence = evidence ?? EvidenceLog.Off;
        _shared = new SharedGatherings(Evidence);
    }

    /// <summary>Where the answers gathered go (recording), or come from (re-judging with no network).</summary>
    public EvidenceLog Evidence { get; }

    /// <summary>What is graded.</summary>
    public Target Target { get; }

    /// <summary>Bounds of this run.</summary>
    public GradingOptions Options { get; }

    /// <summary>The manager: the target's first node.</summary>
    public NodeTarget Manager => Target.Nodes[0];

    /// <summary>A node of the target by name.</summary>
    public NodeTarget NodeNamed(string name) =>
        Target.Nodes.FirstOrDefault(n => n.Name == name) ?? throw new KeyNotFoundException($"The target has no node '{name}'.");

    /// <summary>Connects to a node once (later calls get the same outcome).</summary>
    /// <remarks>
    /// Shared work is never tied to the first caller's token (its check's deadline would make every
    /// other check waiting on it inconclusive): it runs under its own bounds, and each caller waits
    /// with its own token.
    /// </remarks>
    public Task<NodeProbe> NodeAsync(NodeTarget node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        var scope = EvidenceDocument.NodeScopePrefix + node.Name;
        Evidence.NoteRead(scope, 0);
        return _nodes.GetOrAdd(node.Name, _ => new Lazy<Task<NodeProbe>>(() => EvidenceLog.SharedAsync(scope, () => ConnectAsync(node, Closing)))).Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// An SSH connection to a host that need not run Docker (a lesson's own host, read over SSH alone), with the
    /// target's SSH settings and the run's host key trust; opened once per run, shared by the checks, recorded
    /// and replayed as every exchange is. Inconclusive, naming why, where SSH cannot be used.
    /// </summary>
    public Task<Gathered<INodeShell>> ShellAsync(NodeTarget host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var scope = $"{EvidenceDocument.NodeScopePrefix}{host.Name} (ssh alone)";
        Evidence.NoteRead(scope, 0);
        return _shells.GetOrAdd(host.Name, _ => new Lazy<Task<Gathered<INodeShell>>>(() => EvidenceLog.SharedAsync(scope, () => OpenShellAsync(host, Closing)))).Value.WaitAsync(cancellationToken);
    }

    private async Task<Gathered<INodeShell>> OpenShellAsync(NodeTarget host, CancellationToken cancellationToken)
    {
        try
        {
            return Gathered<INodeShell>.Of(await ConnectShellAsync(EndpointFor(host), SshOptionsNow, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is SshUnavailableException or DeadlineExceededException or Harness.Evidence.EvidenceMissingException)
        {
            return Gathered<INodeShell>.Because(Judgement.Inconclusive(NodeProbe.Describe(ex)));
        }
    }

    /// <summary>Where a node's SSH is: its address and port 22's mapping, the target's user, the run's or the target's key.</summary>
    private SshEndpoint EndpointFor(NodeTarget node) =>
        new(node.Name, node.Address, node.PortFor(22), Target.Ssh.User, Options.IdentityFile ?? TargetPaths.Expand(Target.Ssh.IdentityFile))
        {
            Passphrase = Target.Ssh.Passphrase ?? Options.SshPassphrase,
        };

    /// <summary>The run's SSH options for this target (host key trust, known_hosts).</summary>
    private SshOptions SshOptionsNow => SshOptions.ForTarget(Target.Ssh, Options.Ssh, Options.HostKeys, Options.KnownHostsFile, Options.StudentTargets);

    /// <summary>
    /// Cancelled when the session closes: the token of the work it starts for all its checks (connections, shells, memos,
    /// shared gatherings, checks judged ahead), which no one caller may cancel for the others.
    /// </summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Every node, connected in parallel.</summary>
    public async Task<IReadOnlyList<NodeProbe>> AllNodesAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Target.Nodes.Select(n => NodeAsync(n, cancellationToken))).ConfigureAwait(false);

    /// <summary>
    /// Starts connecting to every node now, in the background (memoised, carrying its errors), so the first
    /// checks find them ready instead of each waiting in turn; a lesson prefetches what it gathers itself.
    /// </summary>
    public void Prefetch()
    {
        if (Target.Nodes.Count == 0)
        {
            return;
        }

        _ = AllNodesAsync();
    }

    /// <summary>
    /// Gathers (<paramref name="gather"/> with refresh false, then true) until <paramref name="done"/>
    /// holds, the data cannot be gathered, or <see cref="GradingOptions.ConvergenceTimeout"/> passes;
    /// returns the last gathering either way (the judge decides).
    /// </summary>
    public Task<Gathered<T>> ConvergeAsync<T>(Func<bool, CancellationToken, Task<Gathered<T>>> gather, Func<T, bool> done, CancellationToken cancellationToken = default)
        where T : class =>
        ConvergeAsync(gather, done, Options.ConvergenceTimeout, cancellationToken);

    /// <summary>As <see cref="ConvergeAsync{T}(Func{bool, CancellationToken, Task{Gathered{T}}}, Func{T, bool}, CancellationToken)"/>, bounded by <paramref name="bound"/>.</summary>
    public async Task<Gathered<T>> ConvergeAsync<T>(Func<bool, CancellationToken, Task<Gathered<T>>> gather, Func<T, bool> done, TimeSpan bound, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(gather);
        ArgumentNullException.ThrowIfNull(done);
        if (Evidence.Replays)
        {
            // Re-judging: the states come from the evidence, so no waiting between them; the poll ends where it ended live.
            return await Poll.WhileAsync(gather, g => g.Ok && !done(g.Value!) && !Evidence.PastRecorded(), bound, TimeSpan.FromMilliseconds(1), Options.Time, cancellationToken).ConfigureAwait(false);
        }

        return await Poll.WhileAsync(gather, g => g.Ok && !done(g.Value!), bound, Options.ConvergenceInterval, Options.Time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gathers something once per session (e.g. the registry's TLS), keyed by <paramref name="key"/>.</summary>
    public async Task<T> MemoAsync<T>(string key, Func<CancellationToken, Task<T>> gather, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(gather);
        return (T)await _shared.GetAsync(key, refresh: false, async () => await gather(Closing).ConfigureAwait(false)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets one memo, so the next <see cref="MemoAsync{T}"/> gathers afresh (polling a converging state).</summary>
    public void Forget(string key) => _shared.Forget(key);

    /// <summary>
    /// Forgets gathered state (swarm, memos) but keeps the connections: after the lab changed, e.g.
    /// a reference solution reached its next stage.
    /// </summary>
    public void Invalidate()
    {
        if (Evidence.Mode == EvidenceMode.Record)
        {
            Evidence.NextEpoch();
        }

        _shared.Clear();
    }

    /// <summary>Re-judging: answers from here on come from <paramref name="epoch"/> of the evidence (the lab as a check saw it); gathered state is forgotten when that moves.</summary>
    public void ReplayEpoch(int epoch)
    {
        if (Evidence.Replays && Evidence.Epoch != epoch)
        {
            Evidence.ReplayEpoch(epoch);
            Invalidate();
        }
    }

    /// <summary>
    /// For a lab watched while the student works on it: forgets gathered state and asks every node
    /// afresh: over its SSH connection where that is still up (docker info again, the engine may have
    /// stopped or joined a swarm), else connecting anew (a node that was down may be up now).
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        Invalidate();
        foreach (var node in Target.Nodes)
        {
            var old = _nodes.TryGetValue(node.Name, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;
            _nodes[node.Name] = new Lazy<Task<NodeProbe>>(() => DockerConnect.ReprobeAsync(this, node, old, ConnectAsync, Closing));
        }

        await AllNodesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Notes what identifies the environment graded (a Docker engine's id, the swarm's cluster id, the
    /// registry certificate's fingerprint), as it was seen: a roster flags students who share one.
    /// </summary>
    public void NoteEnvironment(EnvironmentKind kind, string? value)
    {
        ArgumentNullException.ThrowIfNull(kind);
        if (!string.IsNullOrWhiteSpace(value))
        {
            _environment.TryAdd((kind.Name, value.Trim()), 0);
        }
    }

    /// <summary>What identifies the environment graded so far, by kind, each kind's values in order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> EnvironmentSeen =>
        _environment.Keys.GroupBy(k => k.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(k => k.Value).Order(StringComparer.Ordinal)], StringComparer.Ordinal);

    /// <summary>Runs one Docker API call under the call bound, naming it when the bound runs out.</summary>
    public Task<T> DockerCallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default) =>
        Poll.WithinAsync(what, Options.DockerCallTimeout, call, Options.Time, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Work the session started for everyone (connections, memos, gatherings) stops here rather than finishing a
        // handshake or an exchange for a run that is gone.
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var lazy in _nodes.Values)
        {
            if (lazy.IsValueCreated)
            {
                try
                {
                    (await lazy.Value.ConfigureAwait(false)).Handle?.Dispose();
                }
                catch (OperationCanceledException)
                {
                    // A connect that was cancelled left nothing to close.
                }
            }
        }

        _nodes.Clear();
        foreach (var lazy in _shells.Values.Where(l => l.IsValueCreated))
        {
            try
            {
                (await lazy.Value.ConfigureAwait(false)).Value?.Dispose();
            }
            catch (OperationCanceledException)
            {
                // A connect that was cancelled left nothing to close.
            }
        }

        _shells.Clear();
    }

    /// <summary>The SSH connection to a node (recording how it went), or, re-judging, the node as the evidence has it.</summary>
    private async Task<INodeShell> ConnectShellAsync(SshEndpoint endpoint, SshOptions sshOptions, CancellationToken cancellationToken)
    {
        SshNode? live = null;
        var answer = await Evidence.ThroughAsync(
            EvidenceKinds.SshConnect,
            endpoint.Name,
            async () =>
            {
                try
                {
                    live = await SshNode.ConnectAsync(endpoint, sshOptions, Evidence, cancellationToken).ConfigureAwait(false);
                    return new ConnectAnswer(live.HostKeyFingerprint, null, null);
                }
                catch (SshUnavailableException ex)
                {
                    return new ConnectAnswer(null, ex.Failure, ex.Cause);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return live ?? answer.Shell(endpoint, Evidence);
    }

    private async Task<NodeProbe> ConnectAsync(NodeTarget node, CancellationToken cancellationToken)
    {
        INodeShell? ssh = null;
        try
        {
            ssh = await ConnectShellAsync(EndpointFor(node), SshOptionsNow, cancellationToken).ConfigureAwait(false);
            var (docker, api, info) = await DockerConnect.ConnectAsync(this, node, ssh, cancellationToken).ConfigureAwait(false);
            return new NodeProbe(node, new NodeHandle(node, ssh, docker, api, info, Options.Time.GetUtcNow()), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ssh?.Dispose();
            return new NodeProbe(node, null, ex);
        }
    }

}
