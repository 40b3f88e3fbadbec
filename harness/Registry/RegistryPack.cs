using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;

namespace OmiStack.Harness.Registry;

/// <summary>
/// The target's private registry (<c>session.Registry()</c>), probed from the grading machine at its node's address:
/// its TLS judged once per session (shared by every check that needs the transport), its API through the same probe.
/// Trust anchors are the instructor's (and the target's CA only where the run trusts it).
/// </summary>
public readonly struct RegistryPack(LabSession session)
{
    private const string TlsKey = "registry.tls";

    /// <summary>The target's registry section; null where the target names none.</summary>
    public RegistryTarget? Target => session.Target.Registry;

    /// <summary>The registry's TLS as the grading machine finds it, probed once per session; notes the certificate seen.</summary>
    public Task<RegistryTls> TlsAsync(CancellationToken cancellationToken = default)
    {
        var (owner, registry) = (session, Required);
        return owner.MemoAsync(
            TlsKey,
            async ct =>
            {
                var tls = await (await ProbeAsync(owner, registry, ct).ConfigureAwait(false)).CheckTlsAsync(ct).ConfigureAwait(false);
                owner.NoteEnvironment(EnvironmentKind.RegistryCertificate, tls.CertificateFingerprint);
                return tls;
            },
            cancellationToken);
    }

    /// <summary>The registry's API (catalog, manifests) over the transport <see cref="TlsAsync"/> found.</summary>
    /// <remarks>
    /// A probe of its own per call, not a memo: its trust anchors are read through the evidence under the asking
    /// check's scope, which is where evidence already handed in has them and where a re-judge looks for them. Two
    /// checks ask, once each per run.
    /// </remarks>
    public async Task<RegistryClient> ApiAsync(CancellationToken cancellationToken = default) =>
        (await ProbeAsync(session, Required, cancellationToken).ConfigureAwait(false)).Api;

    /// <summary>Starts the TLS probe now, beside the nodes' connects, where the registry's node is one of the target's.</summary>
    public void Prefetch()
    {
        if (Target is { } registry && session.Target.Nodes.Any(n => n.Name == registry.Node))
        {
            _ = TlsAsync(session.Closing).ContinueWith(static t => t.Exception, TaskScheduler.Default);
        }
    }

    private RegistryTarget Required => Target ?? throw new InvalidOperationException("The target names no registry: a check asks session.Registry() only where it does.");

    private static async Task<RegistryProbe> ProbeAsync(LabSession session, RegistryTarget registry, CancellationToken cancellationToken)
    {
        var node = session.NodeNamed(registry.Node);
        IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> trust =
        [
            .. await RegistryTrust.LoadAsync(session.Options.RegistryCaFile, session.Evidence, cancellationToken).ConfigureAwait(false),
            .. session.Options.TrustsTargetCa ? await RegistryTrust.LoadAsync(registry.CaFile, session.Evidence, cancellationToken).ConfigureAwait(false) : [],
        ];
        return new RegistryProbe(registry.Host, registry.Port, node.Address, node.PortFor(registry.Port), trust, session.Options.HttpTimeout, session.Options.Time) { Evidence = session.Evidence };
    }
}
