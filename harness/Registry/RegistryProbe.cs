using OmiStack.Harness.Evidence;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

using OmiStack.Harness.Http;

namespace OmiStack.Harness.Registry;

/// <summary>How the registry answered on its port.</summary>
public enum RegistryTransport
{
    /// <summary>Nothing accepted the connection.</summary>
    Refused,

    /// <summary>A TCP connection, but no answer within the bound (or the route is down).</summary>
    NoAnswer,

    /// <summary>TLS.</summary>
    Https,

    /// <summary>Plain HTTP on the TLS port.</summary>
    PlainHttp,

    /// <summary>Something answered that is neither a TLS handshake nor HTTP.</summary>
    Other,
}

/// <summary>What the registry's TLS looked like.</summary>
public sealed record RegistryTls(RegistryTransport Transport, string? Problem, string Detail)
{
    /// <summary>The SHA-256 fingerprint of the certificate the registry presented, where it presented one.</summary>
    public string? CertificateFingerprint { get; init; }
}

/// <summary>
/// Probes a private registry's TLS with real validation against its public
/// host name, while connecting to the address the harness reaches its node at.
/// </summary>
public sealed class RegistryProbe
{
    private readonly string _host;
    private readonly int _port;
    private readonly string _address;
    private readonly int _addressPort;
    private readonly IReadOnlyList<X509Certificate2> _extraTrust;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    /// <summary>A probe of the registry named <paramref name="host"/>:<paramref name="port"/>, reached at <paramref name="address"/>:<paramref name="addressPort"/>, trusting the system's anchors and <paramref name="extraTrust"/> (the instructor's CA).</summary>
    public RegistryProbe(string host, int port, string address, int addressPort, IReadOnlyList<X509Certificate2> extraTrust, TimeSpan timeout, TimeProvider? time = null)
    {
        _host = host;
        _port = port;
        _address = address;
        _addressPort = addressPort;
        _extraTrust = extraTrust;
        _timeout = timeout;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The registry's API (catalog, manifests) at the same host name and address, through the same evidence.</summary>
    public RegistryClient Api => new(this);

    /// <summary>The registry's public host name (its certificate's).</summary>
    internal string Host => _host;

    /// <summary>The registry's port under its host name.</summary>
    internal int Port => _port;

    /// <summary>The address the harness reaches the registry at.</summary>
    internal string Address => _address;

    /// <summary>The port at <see cref="Address"/>.</summary>
    internal int AddressPort => _addressPort;

    /// <summary>One exchange's bound.</summary>
    internal TimeSpan Timeout => _timeout;

    /// <summary>Where the probe's answers go (recording) or come from (re-judging).</summary>
    public required Evidence.EvidenceLog Evidence { get; init; }

    /// <summary>Handshakes with the registry and judges its certificate for the registry's host name.</summary>
    public async Task<RegistryTls> CheckTlsAsync(CancellationToken cancellationToken = default)
    {
        var handshake = await Evidence.ThroughAsync(EvidenceKinds.Tls, $"{_host}:{_port} at {_address}:{_addressPort}", () => HandshakeAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
        if (handshake.Settled is { } settled)
        {
            return settled;
        }

        if (handshake.Chain.Count == 0)
        {
            return new RegistryTls(RegistryTransport.Https, "the server presented no certificate", "");
        }

        // Judged at the time of the handshake: a re-judge of this evidence judges the same certificate at the same time.
        using var presented = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(handshake.Chain[0].Der));
        var intermediates = handshake.Chain.Skip(1).Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.Der))).ToList();
        try
        {
            var problem = TlsEvaluation.Problem(presented, intermediates, _host, _extraTrust, handshake.At);
            var detail = $"certificate for {TlsEvaluation.Names(presented)}, issued by {presented.Issuer}, valid until {presented.NotAfter.ToUniversalTime():yyyy-MM-dd}";
            return new RegistryTls(RegistryTransport.Https, problem, detail) { CertificateFingerprint = handshake.Chain[0].Fingerprint };
        }
        finally
        {
            intermediates.ForEach(c => c.Dispose());
        }
    }

    /// <summary>The TLS handshake: the chain presented (judged by <see cref="CheckTlsAsync"/>), or how the port answered instead.</summary>
    private async Task<TlsHandshake> HandshakeAsync(CancellationToken cancellationToken)
    {
        X509Certificate2? presented = null;
        var intermediates = new List<X509Certificate2>();
        try
        {
            using var tcp = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var ssl = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_timeout);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = _host,
                    RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                    {
                        presented = certificate is null ? null : new X509Certificate2(certificate);
                        if (chain is not null)
                        {
                            intermediates.AddRange(chain.ChainElements.Skip(1).Select(e => new X509Certificate2(e.Certificate)));
                        }

                        return true; // judged by CheckTlsAsync, with words for each problem
                    },
                },
                bound.Token).ConfigureAwait(false);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return Settle(new RegistryTls(RegistryTransport.Refused, $"nothing answers on port {_port} (connection refused)", ex.Message));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ConnectionEnd.ClosedWithoutAnswer(ex) && !cancellationToken.IsCancellationRequested)
        {
            return Settle(new RegistryTls(RegistryTransport.NoAnswer, $"no answer on port {_port} within {_timeout.TotalSeconds:0} s", ex.Message));
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException || ConnectionEnd.ClosedWithoutAnswer(ex))
        {
            // Inside the handshake's own exchange: the evidence keeps what it settles on, this GET included.
            var plain = await HttpProbe.GetAsync($"http://{_address}:{_addressPort}/v2/", _timeout, Harness.Evidence.EvidenceLog.Off, cancellationToken).ConfigureAwait(false);
            if (plain.Status is not null)
            {
                return Settle(new RegistryTls(RegistryTransport.PlainHttp, $"the registry serves plain HTTP on port {_port} (HTTP {plain.Status} to http://), not HTTPS", ex.Message));
            }

            // Closed without a word, to TLS and to HTTP alike: a port forwarder (NAT, docker-proxy)
            // with nothing behind it.
            // docker-proxy closes (EOF) or resets, depending on timing: both mean the same here.
            return Settle(ConnectionEnd.ClosedWithoutAnswer(ex)
                ? new RegistryTls(RegistryTransport.Refused, $"nothing answers on port {_port} (the connection was closed or reset before a TLS handshake, and plain HTTP gets no answer either)", ex.Message)
                : new RegistryTls(RegistryTransport.Other, $"the TLS handshake on port {_port} failed: {ex.Message}", ex.Message));
        }

        try
        {
            var chain = presented is null ? [] : new[] { presented }.Concat(intermediates).Select(TlsCertificate.Of).ToList();
            return new TlsHandshake(null, chain, _time.GetUtcNow());
        }
        finally
        {
            presented?.Dispose();
            intermediates.ForEach(c => c.Dispose());
        }
    }

    private TlsHandshake Settle(RegistryTls outcome) => new(outcome, [], _time.GetUtcNow());

    /// <summary>A TCP connection to the address the harness reaches the registry at, within the probe's bound.</summary>
    internal async Task<TcpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bound.CancelAfter(_timeout);
            await tcp.ConnectAsync(_address, _addressPort, bound.Token).ConfigureAwait(false);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
