using OmiStack.Harness.Checks;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Harness.Waiting;

namespace OmiStack.Harness.Gathering;

/// <summary>How connecting to one node went: a handle, or the error that stopped it.</summary>
public sealed record NodeProbe(NodeTarget Target, NodeHandle? Handle, Exception? Error)
{
    /// <summary>SSH answered but Docker did not: the student's engine is down (a fail, not a doubt).</summary>
    public bool EngineDown => Error is DockerUnavailableException;

    /// <summary>The handle, or an inconclusive judgement naming why the node could not be used.</summary>
    public Gathered<NodeHandle> AsGathered() => Handle is not null
        ? Gathered<NodeHandle>.Of(Handle)
        : Gathered<NodeHandle>.Because(Judgement.Inconclusive(Describe(Error!)));

    /// <summary>An error as a cause: the message of the harness's own exceptions, else type and message.</summary>
    public static string Describe(Exception error) => error switch
    {
        SshUnavailableException or DockerUnavailableException or DeadlineExceededException or Evidence.EvidenceMissingException => error.Message,
        global::Docker.DotNet.DockerApiException api => $"the Docker API answered {(int)api.StatusCode}: {api.ResponseBody?.Trim()}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
