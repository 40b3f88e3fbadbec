using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OmiStack.Harness.Registry;

/// <summary>A certificate as evidence keeps it: what a person reads (fingerprint, names, dates) and the certificate itself (public).</summary>
public sealed record TlsCertificate(string Fingerprint, string Subject, string Issuer, string Names, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Der)
{
    /// <summary>Describes <paramref name="certificate"/>.</summary>
    public static TlsCertificate Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new TlsCertificate(
            "SHA256:" + certificate.GetCertHashString(HashAlgorithmName.SHA256),
            certificate.Subject,
            certificate.Issuer,
            TlsEvaluation.Names(certificate),
            certificate.NotBefore.ToUniversalTime(),
            certificate.NotAfter.ToUniversalTime(),
            Convert.ToBase64String(certificate.RawData));
    }
}

/// <summary>One TLS handshake with a registry: the chain presented and when, or how the port answered instead (<see cref="Settled"/>).</summary>
public sealed record TlsHandshake(RegistryTls? Settled, IReadOnlyList<TlsCertificate> Chain, DateTimeOffset At);
