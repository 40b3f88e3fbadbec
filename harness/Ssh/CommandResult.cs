namespace OmiStack.Harness.Ssh;

/// <summary>What a remote command returned.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Exit status 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command's output, or its error text when it failed: for messages.</summary>
    public string Describe() => Succeeded
        ? StandardOutput.Trim()
        : $"'{Command}' exited {ExitCode}: {(StandardError.Length > 0 ? StandardError : StandardOutput).Trim()}";
}
