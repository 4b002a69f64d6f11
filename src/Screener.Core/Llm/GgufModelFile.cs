using System.Security.Cryptography;

namespace Screener.Core.Llm;

/// <summary>A GGUF model file as the audit names it: its path, SHA-256 and size (a file name alone says nothing about the weights).</summary>
public sealed record GgufModelFile(string Path, string Sha256, long Bytes)
{
    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    /// <summary>"sha256:HEX (N bytes)": the identity written into every call's audit parameters.</summary>
    public string Identity => $"sha256:{Sha256} ({Bytes} bytes)";

    /// <summary>Checks the file exists and starts with the GGUF magic, then hashes it; throws a one-line error naming the file.</summary>
    public static async Task<GgufModelFile> OpenAsync(string path, string setting, CancellationToken ct)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw Problem(full, setting, "the file does not exist");
        await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var head = new byte[Magic.Length];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        if (read < head.Length || !head.AsSpan().SequenceEqual(Magic))
            throw Problem(full, setting, "it is not a GGUF model (the file does not start with \"GGUF\"); convert it with llama.cpp's convert_hf_to_gguf.py or download a .gguf file");
        stream.Position = 0;
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new GgufModelFile(full, Convert.ToHexStringLower(hash), stream.Length);
    }

    public static ScreenerException Problem(string path, string setting, string reason) =>
        new($"model file {path} ({setting}): {reason}");
}
