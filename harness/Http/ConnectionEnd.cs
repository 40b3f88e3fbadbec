using System.Net.Sockets;

namespace OmiStack.Harness.Http;

/// <summary>How a connection ended without an answer, read from the exception chain (never from messages' wording alone).</summary>
public static class ConnectionEnd
{
    /// <summary>
    /// The peer refused the connection, or accepted it and closed or reset it before answering: what a
    /// port forwarder (docker-proxy, NAT) with nothing behind it does, depending on timing.
    /// </summary>
    public static bool ClosedWithoutAnswer(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Shutdown: broken pipe. NotConnected: ENOTCONN, what a socket the peer reset reports to
                // the next call on it (seen in CI: "Transport endpoint is not connected").
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown or SocketError.NotConnected }:
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                case HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }:
                case IOException when e.Message.Contains("EOF", StringComparison.OrdinalIgnoreCase): // SslStream: the peer closed during the handshake
                    return true;
            }
        }

        return false;
    }
}
