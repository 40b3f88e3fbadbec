using OmiStack.Harness.Evidence;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Harness.Http;

namespace OmiStack.Tests.Unit.Http;

/// <summary>The harness reaches a lab only where its target says: a proxy the grader's machine sets (HTTP_PROXY) is never used.</summary>
[NonParallelizable]
public sealed class LabHttpTests
{
    [Test]
    public async Task A_page_probe_goes_straight_to_the_lab_even_where_the_machine_names_a_proxy()
    {
        using var lab = new TcpListener(IPAddress.Loopback, 0);
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        lab.Start();
        proxy.Start();
        var labPort = ((IPEndPoint)lab.LocalEndpoint).Port;
        var before = HttpClient.DefaultProxy;
        HttpClient.DefaultProxy = new EveryRequest(new Uri($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}"));
        try
        {
            var proxied = AnswerAsync(proxy, "the proxy");
            using (var ordinary = new HttpClient())
            {
                (await ordinary.GetStringAsync(new Uri($"http://127.0.0.1:{labPort}/"))).Should().Be("the proxy", "an ordinary client takes the machine's proxy: the test's proxy works");
            }

            await proxied.WaitAsync(TimeSpan.FromSeconds(10));
            var direct = AnswerAsync(lab, "the lab");
            var page = await HttpProbe.GetAsync($"http://127.0.0.1:{labPort}/", TimeSpan.FromSeconds(10), EvidenceLog.Off);
            await direct.WaitAsync(TimeSpan.FromSeconds(10));

            page.Body.Should().Be("the lab");
            proxy.Pending().Should().BeFalse("nothing was sent to the proxy");
        }
        finally
        {
            HttpClient.DefaultProxy = before;
        }
    }

    private static async Task AnswerAsync(TcpListener listener, string body)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        _ = await stream.ReadAsync(new byte[4096]);
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
    }

    private sealed class EveryRequest(Uri proxy) : IWebProxy
    {
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination) => proxy;

        public bool IsBypassed(Uri host) => false;
    }
}
