using OmiStack.Harness.Evidence;
using OmiStack.Harness.Registry;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Harness.Http;

namespace OmiStack.Tests.Unit.Http;

/// <summary>
/// A port forwarder with nothing behind it (docker-proxy, NAT) accepts and then closes the
/// connection, or resets it, depending on timing: both are "nothing answers", never a TLS problem
/// (registry probe) or a timeout (HTTP probe).
/// </summary>
public sealed class ForwarderWithNothingBehindTests
{
    [TestCase(true, TestName = "A forwarder that resets every connection is nothing answering")]
    [TestCase(false, TestName = "A forwarder that closes every connection is nothing answering")]
    public async Task A_forwarder_with_nothing_behind_it_is_nothing_answering(bool reset)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var forwarder = DropEveryConnectionAsync(listener, reset, stop.Token);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var probe = new RegistryProbe("registry.example", 5000, "127.0.0.1", port, [], TimeSpan.FromSeconds(5)) { Evidence = EvidenceLog.Off };
        var tls = await probe.CheckTlsAsync();

        await stop.CancelAsync();
        listener.Stop();
        await forwarder;
        tls.Transport.Should().Be(RegistryTransport.Refused, tls.Detail);
        tls.Problem.Should().StartWith("nothing answers on port 5000");
    }

    [TestCase(true, TestName = "An HTTP probe of a forwarder that resets is Closed, not a timeout")]
    [TestCase(false, TestName = "An HTTP probe of a forwarder that closes is Closed, not a timeout")]
    public async Task An_http_probe_of_a_forwarder_with_nothing_behind_it_is_closed(bool reset)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var forwarder = DropEveryConnectionAsync(listener, reset, stop.Token);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var result = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", TimeSpan.FromSeconds(5), EvidenceLog.Off);

        await stop.CancelAsync();
        listener.Stop();
        await forwarder;
        result.Status.Should().BeNull();
        result.Failure.Should().Be(HttpFailure.Closed, result.Error);
    }

    [Test]
    public async Task A_closed_port_is_refused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var tls = await new RegistryProbe("registry.example", 5000, "127.0.0.1", port, [], TimeSpan.FromSeconds(5)) { Evidence = EvidenceLog.Off }.CheckTlsAsync();

        tls.Transport.Should().Be(RegistryTransport.Refused);
        tls.Problem.Should().Be("nothing answers on port 5000 (connection refused)");
    }

    private static async Task DropEveryConnectionAsync(TcpListener listener, bool reset, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                if (reset)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // close = RST
                }

                client.Close();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }
}
