using System.Security.Cryptography.X509Certificates;

namespace OmiStack.Harness.Registry;

/// <summary>Whether a server certificate is valid for a host name: expiry, name and chain.</summary>
public static class TlsEvaluation
{
    /// <summary>
    /// Null when <paramref name="certificate"/> is valid for <paramref name="host"/> at <paramref name="now"/>,
    /// trusted by the system or by <paramref name="extraTrust"/>; else what is wrong, in words.
    /// </summary>
    public static string? Problem(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> intermediates, string host, IReadOnlyList<X509Certificate2> extraTrust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(extraTrust);
        if (now < certificate.NotBefore.ToUniversalTime())
        {
            return $"the certificate is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
        }

        if (now > certificate.NotAfter.ToUniversalTime())
        {
            return $"the certificate expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC";
        }

        // As Docker checks it (Go's crypto/x509): the name must be a subjectAltName (the Common Name is
        // ignored since Go 1.15), and an extended key usage, where present, must allow a TLS server.
        if (!certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false))
        {
            return certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: true)
                ? $"the certificate names {host} only in its Common Name, with no subjectAltName; Docker (Go's x509) ignores the Common Name: issue it with the name as a subjectAltName (certbot does)"
                : $"the certificate is for {Names(certificate)}, not for {host}";
        }

        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value is ServerAuth or AnyExtendedKeyUsage))
        {
            return $"the certificate's extended key usage ({string.Join(", ", usage.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.FriendlyName ?? o.Value))}) does not allow a TLS server (serverAuth); Docker refuses it";
        }

        var system = Chain(certificate, intermediates, [], now);
        if (system is null)
        {
            return null;
        }

        if (extraTrust.Count > 0 && Chain(certificate, intermediates, extraTrust, now) is null)
        {
            return null;
        }

        return $"the certificate (issued by {certificate.Issuer}) is not trusted: {system}";
    }

    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>The names a certificate is for: its DNS subject alternative names, else its CN.</summary>
    public static string Names(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        return san.Count > 0 ? string.Join(", ", san) : certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    private static string? Chain(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> intermediates, IReadOnlyList<X509Certificate2> roots, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        if (roots.Count > 0)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        return string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
    }
}
