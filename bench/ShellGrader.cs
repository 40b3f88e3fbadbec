using System.Diagnostics;
using OmiStack.Fixtures.Lesson1;
using OmiStack.Fixtures.Nodes;

namespace OmiStack.Bench;

/// <summary>The side-by-side baseline: bench/grade-with-ssh.sh, the Lesson 1 checks as a shell grader writes them (one ssh per command).</summary>
internal static class ShellGrader
{
    /// <summary>Runs the script once on a lab at its final stage; its time and what it printed.</summary>
    public static async Task<(double Seconds, string Output)> RunAsync(NodeLab lab)
    {
        var scriptPath = Path.Combine(AppContext.BaseDirectory, "grade-with-ssh.sh");
        var nodes = lab.Nodes.Select(n => $"{n.PortFor(22)}:{n.PortFor(80)}");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("bash", [scriptPath, lab.IdentityFile, lab.KnownHostsFile, Lesson1Reference.Registry, lab.RegistryCaFile, lab.Nodes[0].PortFor(5000).ToString(System.Globalization.CultureInfo.InvariantCulture), .. nodes]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (clock.Elapsed.TotalSeconds, output);
    }
}
