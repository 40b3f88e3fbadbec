using Docker.DotNet;
using Docker.DotNet.Models;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Docker;

/// <summary>A node's Docker engine reached over its SSH connection (the Docker resource's connect), for a session's nodes.</summary>
internal static class DockerConnect
{
    public static async Task<NodeProbe> ReprobeAsync(LabSession session, NodeTarget node, NodeProbe? old, Func<NodeTarget, CancellationToken, Task<NodeProbe>> connect, CancellationToken cancellationToken)
    {
        if (old?.Handle is not { } handle)
        {
            return await connect(node, cancellationToken).ConfigureAwait(false);
        }

        if (!handle.Ssh.IsConnected)
        {
            handle.Dispose();
            return await connect(node, cancellationToken).ConfigureAwait(false);
        }

        handle.Docker.Dispose();
        try
        {
            var (docker, api, info) = await ConnectAsync(session, node, handle.Ssh, cancellationToken).ConfigureAwait(false);
            return new NodeProbe(node, new NodeHandle(node, handle.Ssh, docker, api, info, session.Options.Time.GetUtcNow()), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            handle.Ssh.Dispose();
            return new NodeProbe(node, null, ex);
        }
    }

    /// <summary>A node's engine id, and the swarm it is in (docker info: ID, Swarm.Cluster.ID).</summary>
    private static void NoteEngine(LabSession session, SystemInfoResponse info)
    {
        session.NoteEnvironment(EnvironmentKind.DockerEngine, info.ID);
        session.NoteEnvironment(EnvironmentKind.SwarmCluster, info.Swarm?.Cluster?.ID);
    }

    /// <summary>
    /// A Docker API client over the node's SSH connection, speaking the engine's API: 1.41 first (engines
    /// 20.10 to 28 accept it); an engine whose minimum is newer says so, and the client follows it.
    /// Where the engine does not answer, the CLI over SSH says why (e.g. "Cannot connect to the Docker daemon").
    /// The engine's id and its swarm's are noted (a roster flags students who share one).
    /// </summary>
    public static async Task<(DockerClient Docker, System.Version Api, SystemInfoResponse Info)> ConnectAsync(LabSession session, NodeTarget node, INodeShell ssh, CancellationToken cancellationToken)
    {
        var api = new System.Version(1, 41);
        for (var attempt = 0; ; attempt++)
        {
            var docker = ssh.CreateDockerClient(api, session.Options.DockerCallTimeout);
            try
            {
                var info = await session.DockerCallAsync($"docker info on {node.Name}", ct => docker.System.GetSystemInfoAsync(ct), cancellationToken).ConfigureAwait(false);
                NoteEngine(session, info);
                return (docker, api, info);
            }
            catch (DockerApiException ex) when (attempt == 0 && MinimumApi(ex.ResponseBody) is { } minimum)
            {
                docker.Dispose();
                api = minimum;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or DeadlineExceededException)
            {
                docker.Dispose();
                var cli = await ssh.RunAsync("docker version --format '{{.Server.APIVersion}}'", session.Options.DockerCallTimeout, cancellationToken).ConfigureAwait(false);
                var cause = (cli.StandardError.Length > 0 ? cli.StandardError : cli.StandardOutput).Trim();
                throw new DockerUnavailableException(node.Name, cli.Succeeded ? ex.Message : cause, ex);
            }
        }
    }

    private static System.Version? MinimumApi(string? body)
    {
        var match = System.Text.RegularExpressions.Regex.Match(body ?? "", @"[Mm]inimum supported API version is (\d+\.\d+)");
        return match.Success ? System.Version.Parse(match.Groups[1].Value) : null;
    }
}
