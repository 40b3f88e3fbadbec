namespace OmiStack.Harness.Gathering;

/// <summary>SSH answered, but the node's Docker engine did not.</summary>
public sealed class DockerUnavailableException : Exception
{
    /// <summary>The engine on <paramref name="node"/> did not answer, for <paramref name="cause"/>.</summary>
    public DockerUnavailableException(string node, string cause, Exception? inner = null)
        : base($"the Docker engine on {node} does not answer: {cause}", inner)
    {
        Node = node;
    }

    /// <summary>The node.</summary>
    public string Node { get; }
}
