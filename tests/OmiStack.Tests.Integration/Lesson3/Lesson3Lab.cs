using System.Security.Cryptography;
using OmiStack.Fixtures.Engine;
using OmiStack.Fixtures.Nodes;
using OmiStack.Harness.Lessons;
using OmiStack.Harness.Targets;
using YamlDotNet.RepresentationModel;

namespace OmiStack.Tests.Integration.Lesson3;

/// <summary>
/// Lesson 3's own lab: one host whose Docker engine is stopped (it runs none, as the lesson's hosts),
/// serving the status service: a small Perl HTTP server (perl is in every Debian) that reads its port and
/// token from <see cref="Lesson3Checks.ConfigFile"/> and answers <c>status: ok</c> to a request with the
/// token's bearer header, 401 without it. The reference solution is applied at start: every stage reached.
/// </summary>
public sealed class Lesson3Lab : ILessonLab
{
    /// <summary>The host's name in the status section.</summary>
    public const string Host = "statushost";

    private const string Server = "/usr/local/bin/omistack-status";

    /// <summary>A pattern for pkill/pgrep -f that matches the server but not the shell that runs them (whose command line names it).</summary>
    private const string ServerPattern = "/usr/local/bin/[o]mistack-status";

    private const string ServerScript = """
        #!/usr/bin/perl
        # The lesson's status service: GET /status answers 'status: ok' to 'Authorization: Bearer <token>'.
        use strict; use warnings; use IO::Socket::INET;
        my %conf;
        open(my $file, '<', '/etc/omistack/status.conf') or die "no config: $!";
        while (<$file>) { chomp; my ($key, $value) = split /=/, $_, 2; $conf{$key} = $value if defined $value; }
        close $file;
        my $server = IO::Socket::INET->new(LocalPort => $conf{port} // 8080, Listen => 16, ReuseAddr => 1, Proto => 'tcp') or die "listen: $!";
        while (my $client = $server->accept) {
          my $request = <$client> // '';
          my ($path) = $request =~ m{^GET (\S+)};
          my $auth = '';
          while (my $header = <$client>) { last if $header =~ /^\r?\n$/; $auth = $1 if $header =~ /^Authorization:\s*(.*?)\r?\n$/i; }
          my $token = $conf{token} // '';
          my ($code, $body) = !defined $path || $path ne '/status' ? (404, "not found\n")
            : length($token) && $auth ne "Bearer $token" ? (401, "unauthorized\n")
            : (200, "status: ok\n");
          print $client "HTTP/1.1 $code -\r\nContent-Type: text/plain\r\nContent-Length: " . length($body) . "\r\nConnection: close\r\n\r\n$body";
          close $client;
        }
        """;

    private readonly NodeLab _lab;

    private Lesson3Lab(NodeLab lab, string token)
    {
        _lab = lab;
        Token = token;
    }

    /// <summary>The lab for the embedded default's list (<c>[.. EmbeddedLabs.Course, Lesson3Lab.Embedded]</c>).</summary>
    public static EmbeddedLab Embedded { get; } = new(Lesson3Module.Lesson, async (progress, ct) => await StartAsync(progress, ct).ConfigureAwait(false));

    /// <summary>The service's token (the lab's own, new at each start).</summary>
    public string Token { get; }

    /// <summary>The node the host is.</summary>
    public NodeLabNode Node => _lab.Nodes[0];

    /// <summary>The lab's SSH settings.</summary>
    public SshTarget Ssh => _lab.Target.Ssh;

    /// <summary>Starts the host, stops its Docker engine, installs the service with a new token and starts it.</summary>
    public static async Task<Lesson3Lab> StartAsync(TextWriter progress, CancellationToken cancellationToken = default)
    {
        await EngineStarter.EnsureAsync(progress, cancellationToken).ConfigureAwait(false);
        var nodes = new NodeLabBuilder().WithNodeCount(1).WithState(SwarmState.Bare).WithSeededImages().WithProgress(progress).Build();
        try
        {
            await nodes.StartAsync(cancellationToken).ConfigureAwait(false);
            var lab = new Lesson3Lab(nodes, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            await lab.RunAsync("sudo pkill -x dockerd; timeout 20 sh -c 'while pgrep -x dockerd >/dev/null || pgrep -x containerd >/dev/null; do sleep 0.2; done'", cancellationToken).ConfigureAwait(false);
            await nodes.WriteFileAsync(nodes.Nodes[0].Name, Server, ServerScript.ReplaceLineEndings("\n") + "\n", sudo: true, cancellationToken).ConfigureAwait(false);
            await lab.RunAsync($"sudo chmod 755 {Server}", cancellationToken).ConfigureAwait(false);
            await lab.ConfigureAsync(Lesson3Checks.Port, lab.Token, cancellationToken).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await nodes.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Writes the service's config (mode 600, root's) and restarts it: the lesson's step, or a fault.</summary>
    public async Task ConfigureAsync(int port, string token, CancellationToken cancellationToken = default)
    {
        await _lab.WriteFileAsync(Node.Name, "/tmp/status.conf", $"port={port}\ntoken={token}\n", cancellationToken: cancellationToken).ConfigureAwait(false);
        await RunAsync($"sudo install -D -m 600 -o root /tmp/status.conf {Lesson3Checks.ConfigFile} && rm /tmp/status.conf", cancellationToken).ConfigureAwait(false);
        await StopServiceAsync(cancellationToken).ConfigureAwait(false);
        await RunAsync($"sudo sh -c 'setsid {Server} >/var/log/omistack-status.log 2>&1 </dev/null &'; timeout 10 sh -c 'until ss -ltn | grep -q \":{port} \"; do sleep 0.1; done'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the service (a fault: nothing serves the port).</summary>
    public Task StopServiceAsync(CancellationToken cancellationToken = default) =>
        RunAsync($"sudo pkill -f '{ServerPattern}'; timeout 10 sh -c 'while pgrep -f \"{ServerPattern}\" >/dev/null; do sleep 0.1; done'", cancellationToken);

    /// <summary>Runs a command on the host that must succeed (each step ends by waiting for its effect).</summary>
    public Task RunAsync(string command, CancellationToken cancellationToken = default) =>
        _lab.RunCheckedAsync(Node.Name, command, TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>The host as the status section lists it.</summary>
    public NodeTarget HostTarget => Node.ToTarget() with { Name = Host };

    /// <inheritdoc />
    public Target Provide(Target target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var node = new YamlMappingNode { { "path", "/status" } };
        var section = new TargetSection(Lesson3Module.Section, "Lesson 3's embedded lab", node)
        {
            SecretValues = new Dictionary<string, string> { ["token"] = Token },
            HostLists = new Dictionary<string, IReadOnlyList<NodeTarget>> { ["hosts"] = [HostTarget] },
        };
        return target with
        {
            Ssh = target.Ssh == SshTarget.None ? Ssh : target.Ssh,
            Sections = new Dictionary<string, TargetSection>(target.Sections) { [Lesson3Module.Section] = section },
        };
    }

    /// <inheritdoc />
    public Task<bool> ReachAsync(string stage, CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _lab.DisposeAsync();
}
