using System.Net;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using OmiStack.Harness.Evidence;
using OmiStack.Harness.Http;

namespace OmiStack.Tests.Unit.Evidence;

/// <summary>What a run records, and how a re-judge answers from it with no network.</summary>
public sealed class EvidenceLogTests
{
    private sealed record Answer(string Text, int Number);

    [Test]
    public async Task A_replay_gives_each_key_its_answers_in_the_recorded_order_and_then_the_last_one()
    {
        var recording = EvidenceLog.Recording([]);
        var live = 0;
        for (var i = 0; i < 3; i++)
        {
            await recording.ThroughAsync("docker", "dockernode1 GET /v1.41/services", () => Task.FromResult(new Answer("services", ++live)));
        }

        await recording.ThroughAsync("docker", "dockernode1 GET /v1.41/info", () => Task.FromResult(new Answer("info", 100)));
        var replay = EvidenceLog.Replaying(Document(recording));

        var answers = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await replay.ThroughAsync<Answer>("docker", "dockernode1 GET /v1.41/services", () => throw new InvalidOperationException("a replay never calls the lab"))).Number);
        }

        answers.Should().Equal([1, 2, 3, 3], "a state polled once more than recorded had not changed since");
        (await replay.ThroughAsync<Answer>("docker", "dockernode1 GET /v1.41/info", () => throw new InvalidOperationException())).Should().Be(new Answer("info", 100));
    }

    [Test]
    public async Task A_replay_asked_for_something_never_recorded_names_it()
    {
        var replay = EvidenceLog.Replaying(Document(EvidenceLog.Recording([])));

        var act = () => replay.ThroughAsync<Answer>("http", "GET http://127.0.0.1:8080/", () => throw new InvalidOperationException());

        (await act.Should().ThrowAsync<EvidenceMissingException>()).Which.Message
            .Should().Be("the evidence has no answer to http 'GET http://127.0.0.1:8080/' (the check asks for something the run that recorded it did not)");
    }

    [Test]
    public async Task Past_its_bound_a_log_keeps_markers_not_answers_and_a_replay_of_one_says_it_was_truncated()
    {
        var recording = EvidenceLog.Recording([], budget: 10_000);
        var big = new string('x', 4_000);
        for (var i = 0; i < 5; i++)
        {
            await recording.ThroughAsync("docker", $"GET /services/{i}", () => Task.FromResult(new Answer(big, i)));
        }

        recording.Bytes.Should().BeLessThanOrEqualTo(10_000);
        recording.Entries.Count(e => e.Truncated).Should().Be(3);
        recording.Entries.Where(e => e.Truncated).Should().AllSatisfy(e => (e.Data, e.Bytes).Should().Match<(System.Text.Json.JsonElement?, int)>(x => x.Item1 == null && x.Item2 > 4_000));

        var replay = EvidenceLog.Replaying(Document(recording));
        (await replay.ThroughAsync<Answer>("docker", "GET /services/1", () => throw new InvalidOperationException())).Number.Should().Be(1);
        var act = () => replay.ThroughAsync<Answer>("docker", "GET /services/4", () => throw new InvalidOperationException());
        (await act.Should().ThrowAsync<EvidenceMissingException>()).Which.Message.Should().Be("the evidence of docker 'GET /services/4' was truncated at the 0.01 MB bound");
    }

    [Test]
    public async Task No_secret_of_the_run_is_kept_in_a_key_or_an_answer_even_json_escaped()
    {
        const string secret = "s3cr\"et-Value\\42";
        var recording = EvidenceLog.Recording([secret, "abc"]);

        await recording.ThroughAsync("rancher", $"GET /v2-beta/apikeys?secret={secret}", () => Task.FromResult(new Answer($"secretValue: {secret}; {System.Text.Json.JsonSerializer.Serialize(secret)}; state: abc", 1)));
        var path = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.json");
        try
        {
            Document(recording).Write(path);
            var text = await File.ReadAllTextAsync(path);

            text.Should().NotContain("s3cr").And.Contain(EvidenceLog.SecretMark);
            text.Should().Contain("abc", "texts shorter than 4 characters are not treated as secrets (they would blank out ordinary words)");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_call_that_got_no_answer_before_its_bound_runs_out_its_bound_again_on_replay()
    {
        var recording = EvidenceLog.Recording([]);
        using (var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(50)))
        {
            var live = () => recording.ThroughAsync("ssh", "dockernode2 test -e /proc/net/ip_vs", async () => { await Task.Delay(Timeout.Infinite, bound.Token); return new Answer("", 0); }, bound.Token);
            await live.Should().ThrowAsync<OperationCanceledException>();
        }

        recording.Entries.Single().Cancelled.Should().BeTrue();
        var replay = EvidenceLog.Replaying(Document(recording));
        using var replayBound = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var again = () => replay.ThroughAsync<Answer>("ssh", "dockernode2 test -e /proc/net/ip_vs", () => throw new InvalidOperationException(), replayBound.Token);
        await again.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task A_page_of_10_MB_is_kept_as_the_probe_reads_it_and_replays_identically()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[4096]);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {10 * 1024 * 1024}\r\n\r\n"));
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            try
            {
                for (var i = 0; i < 160; i++)
                {
                    await stream.WriteAsync(chunk);
                }
            }
            catch (IOException)
            {
                // The probe stopped reading at its bound.
            }
        });
        var recording = EvidenceLog.Recording([]);
        var url = $"http://127.0.0.1:{port}/";

        var live = await HttpProbe.GetAsync(url, TimeSpan.FromSeconds(10), recording);
        await serving.WaitAsync(TimeSpan.FromSeconds(30));
        var replayed = await HttpProbe.GetAsync(url, TimeSpan.FromSeconds(10), EvidenceLog.Replaying(Document(recording)));

        replayed.Should().Be(live);
        recording.Bytes.Should().BeLessThan(HttpProbe.MaxBody + 1024, "a 10 MB page costs the evidence what the probe read of it");
    }

    [Test]
    public void A_file_that_is_not_evidence_is_refused_naming_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"evidence-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"format\": \"something-else/1\", \"student\": \"s1\"}");
        try
        {
            var act = () => EvidenceDocument.Read(path);

            act.Should().Throw<EvidenceFileException>().Which.Message.Should().StartWith(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void An_evidence_file_without_the_fields_added_later_reads_with_their_defaults()
    {
        // Evidence written before "reads" existed: "reads" reads as empty (not null) and its checks' answers are still found.
        var folder = Directory.CreateTempSubdirectory("omistack-evidence-old-").FullName;
        try
        {
            var path = Path.Combine(folder, EvidenceDocument.FileName);
            File.WriteAllText(path, """
                {"format":"omistack-evidence/1","student":"s1","startedAt":"2026-11-26T10:00:00+00:00","writtenAt":"2026-11-26T10:01:00+00:00",
                 "harness":"test","target":{"student":"s1","sshUser":"-","nodes":[],"sections":{},"fromStudent":false},
                 "checks":[{"id":"swarm.docker","version":"1","epoch":0}],"budget":2097152,"bytes":2,
                 "entries":[{"sequence":1,"at":"2026-11-26T10:00:01+00:00","epoch":0,"scope":"swarm.docker","kind":"http","key":"GET /","data":{"status":200}}]}
                """);

            var document = EvidenceDocument.Read(path);

            document.Reads.Should().BeEmpty();
            document.For("swarm.docker").Should().ContainSingle().Which.Kind.Should().Be("http");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static EvidenceDocument Document(EvidenceLog log) => EvidenceRoundTrip.Document(log);
}
