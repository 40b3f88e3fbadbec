using OmiStack.Harness.Docker;
using OmiStack.Harness.Http;
using OmiStack.Harness.Rancher;
using OmiStack.Harness.Registry;

namespace OmiStack.Harness.Gathering;

/// <summary>
/// The resources a check reads, one shape for each: <c>session.Docker()</c>, <c>session.Registry()</c>,
/// <c>session.Rancher()</c>, <c>session.Web()</c>. Each pack is built from the session, so it records into (or replays
/// from) the session's evidence, uses the run's bounds and trust, and shares what it gathers with the other checks of the
/// session; no call through a pack skips the evidence.
/// </summary>
public static class ResourcePacks
{
    extension(LabSession session)
    {
        /// <summary>The Docker engines and the swarm, read from the manager (the target's first node).</summary>
        public DockerPack Docker() => new(session);

        /// <summary>The target's private registry: its TLS, its API, probed from the grading machine.</summary>
        public RegistryPack Registry() => new(session);

        /// <summary>The target's Rancher 1.6 server, through its v2-beta API with the target's key.</summary>
        public RancherPack Rancher() => new(session);

        /// <summary>Pages of the lab's web services, bounded GETs.</summary>
        public WebPack Web() => new(session);
    }
}
