using Docker.DotNet.Models;
using FluentAssertions;
using OmiStack.Lessons.Lesson1;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Labs;
using OmiStack.Harness.Checks;
using OmiStack.Harness.Gathering;
using OmiStack.Harness.Ssh;
using OmiStack.Harness.Targets;
using OmiStack.Tests.Integration.Lesson1;
using OmiStack.Tests.Integration.Lanes;

namespace OmiStack.Tests.Integration.Labs;

/// <summary>The students' practice lab: up, the lesson by hand over SSH, checks pass, down leaves nothing.</summary>
[Lab]
public sealed class PracticeLabTests : LaneFixture
{
    [Test]
    public async Task A_student_does_the_lesson_by_hand_on_the_practice_lab_and_the_checks_pass()
    {
        var folder = Directory.CreateTempSubdirectory("omistack-practice-").FullName;
        using var output = new StringWriter();
        var practice = new PracticeLab(folder, output);
        (await practice.UpAsync(3, formed: false, CancellationToken.None)).Should().Be(0, output.ToString());
        try
        {
            (await practice.UpAsync(3, formed: false, CancellationToken.None)).Should().Be(1);
            output.ToString().Should().Contain("a practice lab is already up");
            output.ToString().Should().Contain("ssh -i ");

            var targetFile = Path.Combine(folder, "omistack.yaml");
            var target = TargetLoader.Load(targetFile);
            await DoTheLessonAsync(target, "setup");
            (await GradeAsync(target, "setup")).ShouldBeExactly();
            await DoTheLessonAsync(target, "ghost");
            (await GradeAsync(target, "ghost")).ShouldBeExactly();
            await DoTheLessonAsync(target, "scale");
            (await GradeAsync(target, "scale")).ShouldBeExactly();
            await DoTheLessonAsync(target, "final");
            (await GradeAsync(target, "final")).ShouldBeExactly();
        }
        finally
        {
            (await practice.DownAsync(CancellationToken.None)).Should().Be(0);
        }

        var runId = output.ToString().Split("Practice lab ")[1].Split(' ')[0];
        using var engine = await DockerEngine.ConnectAsync();
        var filter = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{LabLabels.Run}={runId}"] = true } };
        (await engine.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filter })).Should().BeEmpty();
        (await engine.Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filter })).Should().BeEmpty();
        ((await engine.Client.Volumes.ListAsync(new VolumesListParameters { Filters = filter })).Volumes ?? []).Should().BeEmpty();
        Directory.Exists(folder).Should().BeFalse();
    }

    /// <summary>The lesson sheet's commands, typed by a student into an SSH session per node.</summary>
    private static async Task DoTheLessonAsync(Target target, string stage)
    {
        var registry = $"{target.Registry!.Host}:5000";
        var steps = stage switch
        {
            "setup" => new (string Node, string Command)[]
            {
                ("dockernode1", "docker swarm init --advertise-addr $(hostname -i | awk '{print $1}')"),
                ("dockernode2", "JOIN"),
                ("dockernode3", "JOIN"),
            },
            "ghost" => [("dockernode1", "docker service create --replicas 3 --name ghost-blog --publish 80:2368 ghost")],
            "scale" => [("dockernode1", "docker service scale ghost-blog=1")],
            _ =>
            [
                ("dockernode1", "docker service rm ghost-blog"),
                ("dockernode1", "sudo mkdir -p /opt/certs && sudo cp ~/certs/fullchain.pem ~/certs/privkey.pem /opt/certs/"),
                ("dockernode1", "docker run -d -p 5000:5000 --restart=always --name registry -v /opt/certs:/certs -e REGISTRY_HTTP_TLS_CERTIFICATE=/certs/fullchain.pem -e REGISTRY_HTTP_TLS_KEY=/certs/privkey.pem registry:2"),
                ("dockernode1", $"timeout 60 sh -c 'until curl -sf --cacert /etc/docker/certs.d/{registry}/ca.crt https://{registry}/v2/ >/dev/null; do sleep 0.3; done'"),
                ("dockernode1", $"docker tag mediawiki {registry}/mediawiki && docker tag database {registry}/database"),
                ("dockernode1", $"docker push {registry}/database && docker push {registry}/mediawiki"),
                ("dockernode2", $"docker pull {registry}/database"),
                ("dockernode1", $"printf '%s\\n' \"version: '3'\" 'services:' '    web:' '        image: {registry}/mediawiki' '        ports:' '          - 80:80' '        deploy:' '          replicas: 2' '    database:' '        image: {registry}/database' > docker-compose.yml"),
                ("dockernode1", "docker stack deploy --compose-file docker-compose.yml mediawiki"),
            ],
        };

        string? joinToken = null;
        foreach (var (node, command) in steps)
        {
            var target1 = target.Nodes.Single(n => n.Name == node);
            using var ssh = await SshNode.ConnectAsync(
                new SshEndpoint(node, target1.Address, target1.PortFor(22), target.Ssh.User, target.Ssh.IdentityFile),
                new SshOptions { HostKeyPolicy = HostKeyPolicy.Strict, KnownHostsFile = target.Ssh.KnownHosts });
            var text = command;
            if (command == "JOIN")
            {
                var manager = target.Nodes[0];
                using var m = await SshNode.ConnectAsync(new SshEndpoint("dockernode1", manager.Address, manager.PortFor(22), target.Ssh.User, target.Ssh.IdentityFile), new SshOptions { HostKeyPolicy = HostKeyPolicy.Strict, KnownHostsFile = target.Ssh.KnownHosts });
                joinToken ??= (await m.RunAsync("docker swarm join-token worker | grep 'docker swarm join'")).StandardOutput.Trim();
                text = joinToken;
            }

            var result = await ssh.RunAsync(text, TimeSpan.FromSeconds(120));
            result.Succeeded.Should().BeTrue($"'{text}' on {node}: {result.Describe()}");
        }
    }

    private static async Task<IReadOnlyDictionary<string, CheckOutcome>> GradeAsync(Target target, string stage)
    {
        await using var session = new LabSession(target, new GradingOptions { ConvergenceTimeout = TimeSpan.FromSeconds(90) });
        var outcomes = await Grader.RunAllAsync(Lesson1Checks.All.Where(c => c.Definition.Stage == stage), session, Lesson1Checks.TextFor(target));
        return outcomes.ToDictionary(o => o.Check.Id);
    }
}
