namespace Screener.Core.Protocol;

/// <summary>One problem in a protocol file, at a 1-based line and column.</summary>
public sealed record ProtocolError(int Line, int Column, string Message)
{
    public override string ToString() => $"{Line}:{Column}: {Message}";
}

/// <summary>A protocol that cannot be used; carries every problem found, not just the first.</summary>
public sealed class ProtocolValidationException(string path, IReadOnlyList<ProtocolError> errors)
    : Exception($"{path}: {errors.Count} problem(s) in the protocol: " + string.Join("; ", errors.Select(e => $"{path}:{e}")))
{
    public string Path { get; } = path;
    public IReadOnlyList<ProtocolError> Errors { get; } = errors;
}
