using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;

namespace OmiStack.Cli;

/// <summary>
/// `omistack autograde gradescope-zip`: the autograder zip an instructor uploads to Gradescope.
/// setup.sh and run_autograder at the root; the grader published self-contained for linux-x64 (the
/// image needs no .NET); the course's settings (grading key, known_hosts and host key policy, CA,
/// deadline) in omistack.env, beside the key and files they name.
/// </summary>
internal static class GradescopeZip
{
    public static Command Build()
    {
        var output = new Option<FileInfo>("--out") { Description = "the zip to write (default autograder.zip)", DefaultValueFactory = _ => new FileInfo("autograder.zip") };
        var key = new Option<FileInfo>("--key") { Description = "the course's grading key (private), installed on every student's VMs", Required = true };
        var knownHosts = new Option<FileInfo?>("--known-hosts") { Description = "known_hosts with the students' VMs' host keys (with --host-keys strict)" };
        var hostKeys = new Option<string>("--host-keys") { Description = "strict (only --known-hosts), accept-new (default: trust on first use per submission) or insecure", DefaultValueFactory = _ => "accept-new" };
        hostKeys.AcceptOnlyFromAmong("strict", "accept-new", "insecure");
        var ca = new Option<FileInfo?>("--ca") { Description = "the course's CA (PEM) for registry.tls, where registries do not use a public CA" };
        var deadline = new Option<int>("--deadline") { Description = "seconds for one submission's grading, below the assignment's timeout (default 540, Gradescope's default is 600)", DefaultValueFactory = _ => 540 };
        var publish = new Option<DirectoryInfo?>("--published") { Description = "an existing self-contained linux-x64 publish of cli/ to use instead of publishing now" };
        var command = new Command("gradescope-zip", "Build the Gradescope autograder zip: setup.sh, run_autograder, the grader (self-contained linux-x64) and the course's settings.")
        {
            output, key, knownHosts, hostKeys, ca, deadline, publish,
        };
        command.SetAction(async (parse, ct) =>
        {
            var problems = new[] { parse.GetValue(key), parse.GetValue(knownHosts), parse.GetValue(ca) }.Where(f => f is not null && !f.Exists).Select(f => $"no file {f!.FullName}").ToList();
            if (parse.GetValue(hostKeys) == "strict" && parse.GetValue(knownHosts) is null)
            {
                problems.Add("--host-keys strict needs --known-hosts");
            }

            if (problems.Count > 0)
            {
                await Console.Error.WriteLineAsync($"omistack: {string.Join("; ", problems)}.");
                return 2;
            }

            var staging = Directory.CreateTempSubdirectory("omistack-gradescope-").FullName;
            try
            {
                var grader = Path.Combine(staging, "omistack");
                if (parse.GetValue(publish) is { } published)
                {
                    CopyTree(published.FullName, grader);
                }
                else if (await PublishAsync(grader, ct) is { } failure)
                {
                    await Console.Error.WriteLineAsync($"omistack: publishing the grader failed: {failure}");
                    return 1;
                }

                var zip = parse.GetValue(output)!.FullName;
                Write(staging, grader, parse.GetValue(key)!, parse.GetValue(knownHosts), parse.GetValue(hostKeys)!, parse.GetValue(ca), parse.GetValue(deadline));
                if (File.Exists(zip))
                {
                    File.Delete(zip);
                }

                ZipWithModes(staging, zip);
                Console.WriteLine($"omistack: {zip} ({new FileInfo(zip).Length / (1024 * 1024)} MiB): upload it as the assignment's autograder (Configure Autograder → Zip file upload).");
                return 0;
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        });
        return command;
    }

    /// <summary>The files of the zip's root, besides the grader itself.</summary>
    internal static void Write(string staging, string grader, FileInfo key, FileInfo? knownHosts, string hostKeys, FileInfo? ca, int deadline)
    {
        var course = Path.Combine(staging, "course");
        Directory.CreateDirectory(course);
        File.Copy(key.FullName, Path.Combine(course, "grading_key"), overwrite: true);
        if (knownHosts is not null)
        {
            File.Copy(knownHosts.FullName, Path.Combine(course, "known_hosts"), overwrite: true);
        }
        else
        {
            File.WriteAllText(Path.Combine(course, "known_hosts"), "");
        }

        var settings = new List<string>
        {
            "# The course's grading settings, read by run_autograder (see docs/instructors/platforms.md).",
            "OMISTACK_STUDENT_TARGETS=true",
            "OMISTACK_SSH_KEY=$AUTOGRADER/source/course/grading_key",
            "OMISTACK_KNOWN_HOSTS=$AUTOGRADER/source/course/known_hosts",
            $"OMISTACK_HOST_KEYS={hostKeys}",
            $"OMISTACK_DEADLINE={deadline}",
        };
        if (ca is not null)
        {
            File.Copy(ca.FullName, Path.Combine(course, "ca.pem"), overwrite: true);
            settings.Add("OMISTACK_REGISTRY_CA=$AUTOGRADER/source/course/ca.pem");
        }

        File.WriteAllText(Path.Combine(staging, "omistack.env"), string.Join('\n', settings) + "\n");
        File.WriteAllText(Path.Combine(staging, "setup.sh"), """
            #!/usr/bin/env bash
            # Gradescope runs this once when it builds the autograder image. The grader is self-contained
            # (no .NET needed); it needs OpenSSL and the CA certificates for TLS.
            set -euo pipefail
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates openssl >/dev/null
            chmod 755 /autograder/source/omistack/omistack
            chmod 600 /autograder/source/course/grading_key

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(staging, "run_autograder"), """
            #!/usr/bin/env bash
            # Gradescope runs this for every submission: the student's target (omistack.yaml) is in
            # submission/, the results go to results/results.json, written whatever happens.
            set -u
            AUTOGRADER=${OMISTACK_AUTOGRADER_ROOT:-/autograder}
            cd "$AUTOGRADER/source"
            set -a
            # shellcheck disable=SC1091
            . ./omistack.env
            set +a
            exec ./omistack/omistack autograde gradescope --root "$AUTOGRADER" --deadline "$OMISTACK_DEADLINE"

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    /// <summary>dotnet publish of cli/ for linux-x64, self-contained; null when it worked, else its output's end.</summary>
    private static async Task<string?> PublishAsync(string destination, CancellationToken cancellationToken)
    {
        var project = FindProject();
        if (project is null)
        {
            return "run it from the OmiStack repository (no cli/OmiStack.Cli.csproj above the current folder)";
        }

        var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:InvariantGlobalization=true", "-o", destination])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Console.WriteLine($"omistack: publishing the grader (self-contained, linux-x64) from {project}");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await errors).Trim();
        return process.ExitCode == 0 ? null : text[Math.Max(0, text.Length - 2000)..];
    }

    private static string? FindProject()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "cli", "OmiStack.Cli.csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }

    /// <summary>A zip of the folder whose scripts and grader binary are executable when unpacked (Unix modes in the entries).</summary>
    private static void ZipWithModes(string folder, string zip)
    {
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var entry = archive.CreateEntryFromFile(file, name, CompressionLevel.Optimal);
            var executable = name is "setup.sh" or "run_autograder" or "omistack/omistack" || name.EndsWith(".sh", StringComparison.Ordinal);
            var mode = name == "course/grading_key" ? 0b110_000_000 : executable ? 0b111_101_101 : 0b110_100_100;
            entry.ExternalAttributes = (0b1000 << 28) | (mode << 16); // a regular file (S_IFREG) with its permissions
        }
    }
}
