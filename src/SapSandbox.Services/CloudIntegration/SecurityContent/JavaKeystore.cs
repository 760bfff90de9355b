using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace SapSandbox.Services.CloudIntegration.SecurityContent;

/// <summary>One entry of a Java keystore file: a trusted certificate, or a private key (PKCS#8) with its chain.</summary>
public sealed record JavaKeystoreEntry(string Alias, DateTimeOffset Created, byte[]? PrivateKey, IReadOnlyList<byte[]> Chain, string? Problem = null);

/// <summary>
/// Java's keystore files, which the tenant exports and imports: JKS (<c>FEEDFEED</c>) and JCEKS (<c>CECECECE</c>). Both
/// hold trusted certificates the same way; JKS protects private keys with Sun's SHA-1 key stream, which is read here.
/// JCEKS private and secret keys are reported as not imported. The file ends with a SHA-1 over the password, the
/// words "Mighty Aphrodite" and the content, which is checked on reading and written on writing.
/// </summary>
public static class JavaKeystore
{
    const uint Jks = 0xFEEDFEED;
    const uint Jceks = 0xCECECECE;
    static readonly byte[] Whitener = Encoding.UTF8.GetBytes("Mighty Aphrodite");

    public static bool IsJavaKeystore(byte[] file) =>
        file.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(file) is Jks or Jceks;

    /// <summary>A JCEKS file of trusted certificates, with the integrity check for <paramref name="password"/>.</summary>
    public static byte[] WriteCertificates(IEnumerable<(string Alias, DateTimeOffset Created, byte[] Certificate)> entries, string password)
    {
        var list = entries.ToList();
        using var body = new MemoryStream();
        UInt32(body, Jceks);
        UInt32(body, 2);
        UInt32(body, (uint)list.Count);
        foreach (var (alias, created, certificate) in list)
        {
            UInt32(body, 2);
            Utf(body, alias);
            UInt64(body, (ulong)created.ToUnixTimeMilliseconds());
            Utf(body, "X.509");
            UInt32(body, (uint)certificate.Length);
            body.Write(certificate);
        }
        var content = body.ToArray();
        return [.. content, .. Digest(password, content)];
    }

    /// <summary>The entries of a JKS or JCEKS file; null when the password does not match its integrity check.</summary>
    public static List<JavaKeystoreEntry>? Read(byte[] file, string password)
    {
        if (file.Length < 32 || !IsJavaKeystore(file)) throw new FormatException("not a JKS or JCEKS keystore");
        var content = file[..^20];
        if (!Digest(password, content).AsSpan().SequenceEqual(file.AsSpan(file.Length - 20))) return null;
        var magic = BinaryPrimitives.ReadUInt32BigEndian(file);
        var at = 8;
        var count = ReadUInt32(file, ref at);
        var entries = new List<JavaKeystoreEntry>();
        for (var i = 0; i < count; i++)
        {
            var tag = ReadUInt32(file, ref at);
            var alias = ReadUtf(file, ref at);
            var created = DateTimeOffset.FromUnixTimeMilliseconds((long)ReadUInt64(file, ref at));
            switch (tag)
            {
                case 1:
                    var protectedKey = ReadBytes(file, ref at, (int)ReadUInt32(file, ref at));
                    var chain = new List<byte[]>();
                    var length = ReadUInt32(file, ref at);
                    for (var c = 0; c < length; c++)
                    {
                        ReadUtf(file, ref at);
                        chain.Add(ReadBytes(file, ref at, (int)ReadUInt32(file, ref at)));
                    }
                    var key = magic == Jks ? Unprotect(protectedKey, password) : null;
                    entries.Add(new JavaKeystoreEntry(alias, created, key, chain,
                        key == null ? "notImported: The private key's protection is not one the sandbox reads (JCEKS); export the key pair as PKCS#12" : null));
                    break;
                case 2:
                    ReadUtf(file, ref at);
                    entries.Add(new JavaKeystoreEntry(alias, created, null, [ReadBytes(file, ref at, (int)ReadUInt32(file, ref at))]));
                    break;
                default:
                    // A JCEKS secret key is a serialised Java object whose length the file does not state: nothing after it can be read.
                    entries.Add(new JavaKeystoreEntry(alias, created, null, [], "notImported: Secret keys cannot be imported into the keystore"));
                    return entries;
            }
        }
        return entries;
    }

    /// <summary>Sun's JKS key protection: the key XORed with a SHA-1 stream of password and salt, then a SHA-1 check.</summary>
    static byte[]? Unprotect(byte[] encryptedPrivateKeyInfo, string password)
    {
        var reader = new AsnReader(encryptedPrivateKeyInfo, AsnEncodingRules.BER).ReadSequence();
        var algorithm = reader.ReadSequence().ReadObjectIdentifier();
        if (algorithm != "1.3.6.1.4.1.42.2.17.1.1") return null;
        var data = reader.ReadOctetString();
        var passwordBytes = Encoding.BigEndianUnicode.GetBytes(password);
        var salt = data[..20];
        var encrypted = data[20..^20];
        var check = data[^20..];
        var key = new byte[encrypted.Length];
        var digest = salt;
        for (var offset = 0; offset < encrypted.Length; offset += 20)
        {
            digest = SHA1.HashData([.. passwordBytes, .. digest]);
            for (var i = 0; i < 20 && offset + i < encrypted.Length; i++) key[offset + i] = (byte)(encrypted[offset + i] ^ digest[i]);
        }
        return SHA1.HashData([.. passwordBytes, .. key]).AsSpan().SequenceEqual(check) ? key : null;
    }

    static byte[] Digest(string password, byte[] content) =>
        SHA1.HashData([.. Encoding.BigEndianUnicode.GetBytes(password), .. Whitener, .. content]);

    static void UInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    static void UInt64(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        stream.Write(bytes);
    }

    /// <summary>Java's modified UTF-8 with a two-byte length (the same as UTF-8 for the characters aliases use).</summary>
    static void Utf(Stream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }

    static uint ReadUInt32(byte[] data, ref int at)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at, 4));
        at += 4;
        return value;
    }

    static ulong ReadUInt64(byte[] data, ref int at)
    {
        var value = BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(at, 8));
        at += 8;
        return value;
    }

    static string ReadUtf(byte[] data, ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at, 2));
        at += 2;
        var text = Encoding.UTF8.GetString(data, at, length);
        at += length;
        return text;
    }

    static byte[] ReadBytes(byte[] data, ref int at, int length)
    {
        var value = data[at..(at + length)];
        at += length;
        return value;
    }
}
