using System.Net.Sockets;
using FluentAssertions;
using OmiStack.Harness.Http;

namespace OmiStack.Tests.Unit.Http;

/// <summary>
/// How a connection ended, read from the exception chain: every way a forwarder with nothing behind
/// it ends a connection (timing decides which one a run sees) counts as closed without an answer.
/// </summary>
public sealed class ConnectionEndTests
{
    [TestCase(SocketError.ConnectionRefused)]
    [TestCase(SocketError.ConnectionReset)]
    [TestCase(SocketError.ConnectionAborted)]
    [TestCase(SocketError.Shutdown)]
    [TestCase(SocketError.NotConnected)] // ENOTCONN after a reset: seen once in CI as "Transport endpoint is not connected"
    public void A_socket_ended_by_the_peer_is_closed_without_an_answer_however_deep_in_the_chain(SocketError error)
    {
        var chain = new HttpRequestException("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection.", new SocketException((int)error)));

        ConnectionEnd.ClosedWithoutAnswer(chain).Should().BeTrue();
    }

    [TestCase(SocketError.TimedOut)]
    [TestCase(SocketError.HostUnreachable)]
    public void Silence_or_no_route_is_not_a_closed_connection(SocketError error)
    {
        ConnectionEnd.ClosedWithoutAnswer(new HttpRequestException("x", new SocketException((int)error))).Should().BeFalse();
    }
}
