using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Fixtures.Network;

namespace OmiStack.Tests.Unit.Network;

/// <summary>The modelled WAN link, against a real echo server on 127.0.0.1.</summary>
public sealed class LatencyRelayTests
{
    private Socket _echo = null!;
    private Task _serving = null!;
    private CancellationTokenSource _stop = null!;

    private int EchoPort => ((IPEndPoint)_echo.LocalEndPoint!).Port;

    [SetUp]
    public void StartEcho()
    {
        _stop = new CancellationTokenSource();
        _echo = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _echo.Listen(16);
        _serving = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _echo.AcceptAsync(_stop.Token);
                _ = Task.Run(async () =>
                {
                    using var _ = client;
                    var buffer = new byte[8192];
                    int read;
                    while ((read = await client.ReceiveAsync(buffer, _stop.Token)) > 0)
                    {
                        await client.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                    }

                    client.Shutdown(SocketShutdown.Send);
                });
            }
        });
    }

    [TearDown]
    public async Task StopEcho()
    {
        await _stop.CancelAsync();
        _echo.Dispose();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    [Test]
    public async Task Each_exchange_waits_a_round_trip_and_is_counted_as_one()
    {
        await using var relay = LatencyRelay.Start(EchoPort, RelayOptions.Wan(TimeSpan.FromMilliseconds(60), TimeSpan.Zero));
        using var client = await ConnectAsync(relay);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("ping"u8.ToArray());
            (await ReceiveExactlyAsync(client, 4)).Should().Equal("ping"u8.ToArray());
        }

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(3 * 60 - 3), "three exchanges wait three round trips of 60 ms");
        relay.RoundTrips.Should().Be(3);
        relay.Connections.Should().Be(1);
        relay.Bytes.Should().Be((12L, 12L));
    }

    [Test]
    public async Task With_jitter_a_megabyte_arrives_whole_and_in_order()
    {
        await using var relay = LatencyRelay.Start(EchoPort, RelayOptions.Wan(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)));
        using var client = await ConnectAsync(relay);
        var data = new byte[1024 * 1024];
        Random.Shared.NextBytes(data);

        var receiving = ReceiveExactlyAsync(client, data.Length);
        for (var offset = 0; offset < data.Length; offset += 1000)
        {
            await client.SendAsync(data.AsMemory(offset, Math.Min(1000, data.Length - offset)));
        }

        (await receiving).Should().Equal(data);
    }

    [Test]
    public async Task The_bandwidth_cap_holds_each_direction_to_its_rate()
    {
        await using var relay = LatencyRelay.Start(EchoPort, new RelayOptions { BytesPerSecond = 1024 * 1024 });
        using var client = await ConnectAsync(relay);
        var data = new byte[256 * 1024];

        var clock = Stopwatch.StartNew();
        var receiving = ReceiveExactlyAsync(client, data.Length);
        await client.SendAsync(data);
        await receiving;

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(200), "256 KiB at 1 MiB/s takes a quarter of a second (less the first chunk)");
    }

    [Test]
    public async Task A_black_hole_accepts_and_never_answers()
    {
        await using var relay = LatencyRelay.Start(EchoPort, new RelayOptions { Mode = RelayMode.BlackHole });
        using var client = await ConnectAsync(relay);
        await client.SendAsync("SSH-2.0-OpenSSH_9.2\r\n"u8.ToArray());

        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var read = async () => await client.ReceiveAsync(new byte[16], wait.Token);

        await read.Should().ThrowAsync<OperationCanceledException>("nothing ever comes back, and the connection stays open");
        relay.Connections.Should().Be(1);
    }

    [Test]
    public async Task A_refusing_relay_refuses_the_connection()
    {
        await using var relay = LatencyRelay.Start(EchoPort, new RelayOptions { Mode = RelayMode.Refuse });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        var connect = async () => await client.ConnectAsync(IPAddress.Loopback, relay.Port);

        (await connect.Should().ThrowAsync<SocketException>()).Which.SocketErrorCode.Should().Be(SocketError.ConnectionRefused);
    }

    [Test]
    public async Task A_connection_beyond_the_cap_is_closed_at_once()
    {
        await using var relay = LatencyRelay.Start(EchoPort, new RelayOptions { MaxConnections = 1 });
        using var first = await ConnectAsync(relay);
        await first.SendAsync("a"u8.ToArray());
        await ReceiveExactlyAsync(first, 1);

        using var second = await ConnectAsync(relay);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        (await second.ReceiveAsync(new byte[1], wait.Token)).Should().Be(0, "the relay closed it");

        relay.OverCap.Should().Be(1);
    }

    [Test]
    public async Task At_the_end_of_its_lifetime_the_relay_closes_every_connection()
    {
        await using var relay = LatencyRelay.Start(EchoPort, new RelayOptions { Mode = RelayMode.BlackHole, Lifetime = TimeSpan.FromMilliseconds(300) });
        using var client = await ConnectAsync(relay);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        (await client.ReceiveAsync(new byte[1], wait.Token)).Should().Be(0, "closed by the relay, not left open by it");
    }

    [Test]
    public void A_relay_to_an_address_other_than_127_0_0_1_is_refused()
    {
        var start = () => LatencyRelay.Start(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 22), new RelayOptions());

        start.Should().Throw<ArgumentException>().WithMessage("A relay forwards only to 127.0.0.1*");
    }

    private static async Task<Socket> ConnectAsync(LatencyRelay relay)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, relay.Port);
        return socket;
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var total = 0;
        while (total < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, bound.Token);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer[..total];
    }
}
