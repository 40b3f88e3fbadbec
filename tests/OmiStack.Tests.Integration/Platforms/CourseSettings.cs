using OmiStack.Fixtures.Nodes;

namespace OmiStack.Tests.Integration.Platforms;

/// <summary>The instructor's settings an autograder runs with for a lab (as the Gradescope zip carries them).</summary>
internal static class CourseSettings
{
    /// <summary>The course's grading key, CA and known_hosts (a copy in <paramref name="folder"/>), strict host keys, a short convergence bound.</summary>
    public static Dictionary<string, string> For(NodeLab lab, string folder)
    {
        var knownHosts = Path.Combine(folder, "course_known_hosts");
        File.Copy(lab.KnownHostsFile, knownHosts);
        return new()
        {
            ["OMISTACK_SSH_KEY"] = lab.IdentityFile,
            ["OMISTACK_REGISTRY_CA"] = lab.RegistryCaFile,
            ["OMISTACK_KNOWN_HOSTS"] = knownHosts,
            ["OMISTACK_HOST_KEYS"] = "strict",
            ["OMISTACK_CONVERGE_SECONDS"] = "5",
        };
    }
}
