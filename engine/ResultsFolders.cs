namespace OmiStack.Engine;

/// <summary>Where a student's results go under a run's results folder.</summary>
public static class ResultsFolders
{
    /// <summary>
    /// A student id as a results folder name, one folder per id: an id of letters, digits, '-', '_'
    /// and inner '.' (at most 64 characters) is its own name; any other id gets a readable part and a
    /// hash of the whole id ("José" → "Jos_-1f3a…", "李" → "student-…"), so two ids never share a
    /// folder and no name is too long for the file system. The id itself is in results.json.
    /// </summary>
    public static string SafeName(string student)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (student.Length is > 0 and <= 64 && student.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && student[0] != '.' && student[^1] != '.')
        {
            return student;
        }

        var readable = new string([.. student.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_')]).Trim('_');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(student)))[..10];
        return $"{(readable.Length == 0 ? "student" : readable)}-{hash}";
    }
}
