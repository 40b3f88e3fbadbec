namespace OmiStack.Harness.Ssh;

/// <summary>Why a node could not be reached or used over SSH.</summary>
public enum SshFailure
{
    /// <summary>No TCP connection (refused, unreachable, name not found).</summary>
    Unreachable,

    /// <summary>No SSH handshake within the connect bound.</summary>
    Timeout,

    /// <summary>The server refused the key.</summary>
    AuthenticationRefused,

    /// <summary>The host key is not the one on file, or unknown under a strict policy.</summary>
    HostKeyRejected,

    /// <summary>The private key file is missing or unreadable.</summary>
    BadIdentity,

    /// <summary>The connection dropped or a command could not run.</summary>
    Broken,
}

/// <summary>A node could not be reached or used over SSH: the message names the node and the cause.</summary>
public sealed class SshUnavailableException : Exception
{
    /// <summary>SSH to <paramref name="endpoint"/> failed with <paramref name="failure"/>, for <paramref name="cause"/>.</summary>
    public SshUnavailableException(SshEndpoint endpoint, SshFailure failure, string cause, Exception? inner = null)
        : base($"SSH to {endpoint} failed: {cause}", inner)
    {
        Endpoint = endpoint;
        Failure = failure;
        Cause = cause;
    }

    /// <summary>The cause, in words (the message without the node).</summary>
    public string Cause { get; }

    /// <summary>The node.</summary>
    public SshEndpoint Endpoint { get; }

    /// <summary>The kind of failure.</summary>
    public SshFailure Failure { get; }
}
