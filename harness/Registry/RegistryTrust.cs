using OmiStack.Harness.Evidence;
using System.Security.Cryptography.X509Certificates;

namespace OmiStack.Harness.Registry;

/// <summary>Trust anchors for a registry's TLS: the instructor's bundle, a target's own CA file, read through evidence.</summary>
public static class RegistryTrust
{
    /// <summary>
    /// Reads a PEM bundle of trust anchors through <paramref name="evidence"/>: a re-judge trusts what the
    /// run trusted, the file gone or not. Only the certificates are kept (a private key in the bundle is not).
    /// </summary>
    public static async Task<IReadOnlyList<X509Certificate2>> LoadAsync(string? caFile, Evidence.EvidenceLog evidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (caFile is null)
        {
            return [];
        }

        return Certificates(await evidence.ThroughAsync(EvidenceKinds.Trust, caFile, () => Task.FromResult(ReadCertificates(caFile)), cancellationToken).ConfigureAwait(false));
    }

    private static X509Certificate2[] Certificates(TrustRead read)
    {
        if (read.Error is not null)
        {
            throw new IOException(read.Error);
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(read.Pem);
        return [.. collection];
    }

    internal sealed record TrustRead(string Pem, string? Error);

    private static TrustRead ReadCertificates(string caFile)
    {
        if (Targets.TargetPaths.Unreadable(caFile, 1024 * 1024) is { } why)
        {
            return new TrustRead("", $"caFile {why}");
        }

        try
        {
            var text = File.ReadAllText(caFile);
            var blocks = System.Text.RegularExpressions.Regex.Matches(text, "-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----");
            return new TrustRead(string.Join("\n", blocks.Select(m => m.Value)), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new TrustRead("", $"caFile '{caFile}' could not be read: {ex.Message}");
        }
    }
}
