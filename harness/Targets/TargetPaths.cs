namespace OmiStack.Harness.Targets;

/// <summary>Paths in target files: <c>~/</c> is the user's home.</summary>
public static class TargetPaths
{
    /// <summary>The path with a leading ~ expanded.</summary>
    public static string Expand(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
    }
}
