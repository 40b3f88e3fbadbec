using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace OmiStack.Harness.Ssh;

/// <summary>
/// An RSA key pair for SSH: the private key as PKCS#1 PEM (read by OpenSSH and SSH.NET alike),
/// the public key as an OpenSSH <c>authorized_keys</c> line.
/// </summary>
public sealed record SshKeyPair(string PrivateKeyPem, string PublicKeyLine)
{
    /// <summary>Generates a fresh key pair; <paramref name="comment"/> ends the public key line.</summary>
    public static SshKeyPair Generate(string comment, int bits = 2048)
    {
        using var rsa = RSA.Create(bits);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        var blob = new List<byte>();
        WriteString(blob, Encoding.ASCII.GetBytes("ssh-rsa"));
        WriteMpint(blob, parameters.Exponent!);
        WriteMpint(blob, parameters.Modulus!);
        var publicLine = $"ssh-rsa {Convert.ToBase64String(blob.ToArray())} {comment}";
        return new SshKeyPair(rsa.ExportRSAPrivateKeyPem() + "\n", publicLine);
    }

    /// <summary>Writes the private key with owner-only permissions, as OpenSSH demands.</summary>
    public void WritePrivateKey(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(PrivateKeyPem);
    }

    /// <summary>The private key is a secret: never printed.</summary>
    public override string ToString() => $"SshKeyPair {{ PublicKeyLine = {PublicKeyLine} }}";

    private static void WriteString(List<byte> blob, byte[] value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        blob.AddRange(length.ToArray());
        blob.AddRange(value);
    }

    private static void WriteMpint(List<byte> blob, byte[] unsignedBigEndian)
    {
        // RFC 4251 mpint: two's complement, so a leading 1 bit needs a zero byte in front.
        var value = unsignedBigEndian.SkipWhile(b => b == 0).ToArray();
        if (value.Length > 0 && (value[0] & 0x80) != 0)
        {
            value = [0, .. value];
        }

        WriteString(blob, value);
    }
}
