namespace OmiStack.Harness.Scoring;

/// <summary>
/// A grading run cannot start, for a cause that is the user's to fix (a malformed target, rubric or
/// answer key, no Docker engine for the embedded default): the message says what and where, and is
/// shown once, as it is, with no stack trace.
/// </summary>
public abstract class RunCannotStartException : Exception
{
    /// <summary>A run that cannot start, for the cause <paramref name="message"/> names.</summary>
    protected RunCannotStartException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
