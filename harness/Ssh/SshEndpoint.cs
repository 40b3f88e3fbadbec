namespace OmiStack.Harness.Ssh;

/// <summary>Where and as whom to reach one node over SSH. <paramref name="Name"/> is for messages.</summary>
public sealed record SshEndpoint(string Name, string Host, int Port, string User, string IdentityFile)
{
    /// <summary>The key's passphrase (from env OMISTACK_SSH_PASSPHRASE); a secret, never printed.</summary>
    public string? Passphrase { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({User}@{Host}:{Port})";
}
