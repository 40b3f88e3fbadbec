namespace OmiStack.Harness.Targets;

/// <summary>A target file that cannot be used: the message names the file, the key and the line.</summary>
public sealed class TargetFileException : Scoring.RunCannotStartException
{
    /// <summary>A target file that cannot be used; <paramref name="message"/> names the file, the key and the line.</summary>
    public TargetFileException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
