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

    /// <summary>
    /// Why a file a target names (a key, known_hosts, a CA bundle) must not be read, or null when it may:
    /// it must be a file of 1 to <paramref name="maxBytes"/> bytes. A FIFO or a device (/dev/zero)
    /// reports no length and is refused before it is opened: opening a FIFO blocks until a writer
    /// comes, and a device reads without end.
    /// </summary>
    public static string? Unreadable(string path, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Directory.Exists(path) ? $"'{path}' is a folder, not a file" : $"'{path}' does not exist";
        }

        return file.Length switch
        {
            0 => $"'{path}' is empty, or not a regular file (a FIFO or a device)",
            var n when n > maxBytes => $"'{path}' is larger than {maxBytes / 1024} KiB",
            _ => null,
        };
    }
}
