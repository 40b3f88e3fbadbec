using System.CommandLine;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Targets;
using OmiStack.Lessons.Drafting;

namespace OmiStack.Cli;

/// <summary>
/// `omistack target`: writes a student's target file from the terraform state their VMs came from
/// (`terraform show -json`) or from their ssh config, with ssh's default keys where none is named;
/// validates what it wrote, and with --check connects to every node. Never overwrites without --force.
/// </summary>
internal static class TargetCommand
{
    public static Command Build()
    {
        var student = new Option<string>("--student") { Description = "your student id (the reports' name)", Required = true };
        var terraform = new Option<FileInfo?>("--terraform") { Description = "the output of 'terraform show -json' in the lesson's terraform folder (a file, or - for standard input)" };
        var sshConfig = new Option<FileInfo?>("--ssh-config") { Description = $"an ssh config with Host entries for the lesson's VMs ({TargetDraft.VmNames}); e.g. ~/.ssh/config" };
        var user = new Option<string?>("--user") { Description = "the SSH user (default: the ssh config's, else ubuntu)" };
        var identity = new Option<string?>("--identity") { Description = "the private key (default: the ssh config's IdentityFile, else ssh's default keys in the order ssh tries them)" };
        var registry = new Option<string?>("--registry-host") { Description = TargetDraft.RegistryHostText };
        var accessKey = new Option<string?>("--rancher-access-key") { Description = "the access part of the Rancher API key (the secret goes in RANCHER_SECRET_KEY, never in the file)" };
        var output = new Option<FileInfo>("--out") { Description = "the file to write", DefaultValueFactory = _ => new FileInfo("omistack.yaml") };
        var force = new Option<bool>("--force") { Description = "overwrite the file if it exists" };
        var check = new Option<bool>("--check") { Description = "after writing, connect to every node over SSH and say which answer" };
        var command = new Command("target", "Write your target file (omistack.yaml) from your terraform state or ssh config.")
        {
            student, terraform, sshConfig, user, identity, registry, accessKey, output, force, check,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(terraform) is null) == (result.GetValue(sshConfig) is null))
            {
                result.AddError("Give one of --terraform (terraform show -json > state.json) or --ssh-config (~/.ssh/config).");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var notes = new List<string>();
                IReadOnlyList<DraftMachine> machines;
                IReadOnlyList<string> identities = SshConfig.DefaultIdentities;
                var sshUser = "ubuntu";
                if (parse.GetValue(terraform) is { } state)
                {
                    var json = state.Name == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(state.FullName, ct);
                    (machines, var found) = TerraformState.Read(json, state.Name == "-" ? "standard input" : state.FullName);
                    notes.AddRange(found);
                }
                else
                {
                    var config = parse.GetValue(sshConfig)!;
                    var (fromConfig, hosts, found) = SshConfig.Read(config.FullName, useSsh: SshConfig.SshOn(Environment.GetEnvironmentVariable("PATH")));
                    machines = fromConfig;
                    notes.AddRange(found);
                    if (hosts.Count > 0 && hosts[0] is var first)
                    {
                        sshUser = first.User ?? sshUser;
                        identities = first.IdentityFiles;
                        if (hosts.Any(h => h.User != first.User || !h.IdentityFiles.SequenceEqual(first.IdentityFiles)))
                        {
                            notes.Add($"The Host entries differ in User or IdentityFile; the target file has one of each: {first.Alias}'s are used.");
                        }
                    }
                }

                var key = parse.GetValue(identity) ?? SshConfig.FirstUsableIdentity(identities, notes);
                if (key is null && TargetDraft.NeedsKey(machines))
                {
                    return Refuse($"no private key found (tried {string.Join(", ", identities)}); give one with --identity");
                }

                notes.AddRange(TargetDraft.StillToFill(machines, parse.GetValue(registry), parse.GetValue(accessKey)));

                if (machines.Count == 0)
                {
                    return Refuse($"no VM of the lesson found ({TargetDraft.VmNames}); nothing to write.");
                }

                var draft = new TargetDraft(parse.GetValue(student)!, parse.GetValue(user) ?? sshUser, key ?? "~/.ssh/id_rsa", machines)
                {
                    Notes = notes,
                    RegistryHost = parse.GetValue(registry),
                    RancherAccessKey = parse.GetValue(accessKey),
                };
                var file = parse.GetValue(output)!;
                if (file.Exists && !parse.GetValue(force))
                {
                    return Refuse($"{file.FullName} exists; give --force to overwrite it, or --out another file.");
                }

                var text = draft.Render();
                var target = Validate(text, file.FullName);
                Directory.CreateDirectory(file.DirectoryName!);
                Reports.ReportWriter.Atomic(file.FullName, text);
                foreach (var note in notes)
                {
                    await Console.Error.WriteLineAsync($"omistack: note: {note}");
                }

                Console.WriteLine($"omistack: wrote {file.FullName}: {string.Join(", ", machines.Select(m => $"{m.Name} {m.Address}"))}");
                Console.WriteLine($"omistack: grade with: OMISTACK_TARGET={file.FullName} dotnet test checks");
                return parse.GetValue(check) ? await CheckAsync(target, ct) : 0;
            }
            catch (TargetFileException ex)
            {
                return Refuse(ex.Message);
            }
            catch (IOException ex)
            {
                return Refuse(ex.Message);
            }
        });
        return command;
    }

    /// <summary>
    /// Reads the text back as the checks will; a variable it names that is not set now (RANCHER_SECRET_KEY,
    /// exported later) reads as a stand-in, without setting anything in this process's environment.
    /// </summary>
    private static Target Validate(string text, string path)
    {
        var target = TargetLoader.Parse(text, Path.GetFileName(path), Lessons.Course.Lessons.TargetKeys, name => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : "stand-in");
        return target with { Ssh = target.Ssh with { IdentityFile = TargetPaths.Expand(target.Ssh.IdentityFile ?? "") } };
    }

    private static async Task<int> CheckAsync(Target target, CancellationToken cancellationToken)
    {
        if (target.Nodes.Count == 0)
        {
            Console.WriteLine("omistack: no nodes to connect to (Lesson 2's server is reached over HTTP when grading).");
            return 0;
        }

        var options = new GradingOptions();
        await using var session = new LabSession(target, options);
        var probes = await session.AllNodesAsync(cancellationToken);
        foreach (var probe in probes)
        {
            Console.WriteLine(probe.Handle is not null
                ? $"omistack: {probe.Target.Name}: answers over SSH, Docker engine running"
                : $"omistack: {probe.Target.Name}: {probe.Error?.Message}");
        }

        return probes.All(p => p.Handle is not null) ? 0 : 1;
    }

    private static int Refuse(string why)
    {
        Console.Error.WriteLine($"omistack: {why}");
        return 2;
    }
}
