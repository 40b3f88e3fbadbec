using System.Security.Cryptography.X509Certificates;

namespace OmiStack.Harness.Http;

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

        if (!certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: true))
        {
            return $"the certificate is for {Names(certificate)}, not for {host}";
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
