using OmiStack.Harness.Evidence;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Harness.Http;

namespace OmiStack.Tests.Unit.Http;

/// <summary>A student's server that streams without end costs the grader a bounded read, not its memory.</summary>
public sealed class BoundedBodyTests
{
    [Test]
    public async Task A_page_probe_reads_at_most_its_bound_of_an_endless_body()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        long written = 0;
        var serving = Task.Run(async () =>
        {
            using var client = await server.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            var request = new byte[4096];
            _ = await stream.ReadAsync(request);
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 209715200\r\n\r\n"u8.ToArray());
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'a');
            try
            {
                // 200 MB offered; the probe should stop reading long before.
                for (var i = 0; i < 3200; i++)
                {
                    await stream.WriteAsync(chunk);
                    written += chunk.Length;
                }
            }
            catch (IOException)
            {
                // The probe closed the connection: what it did not read was never sent.
            }
        });

        var result = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(10), EvidenceLog.Off);
        await serving.WaitAsync(TimeSpan.FromSeconds(30));

        result.Status.Should().Be(200);
        result.Body.Length.Should().Be(HttpProbe.MaxBody);
        written.Should().BeLessThan(32L * 1024 * 1024, "the probe stops reading at its bound (socket buffers hold a few MB more)");
    }
}
