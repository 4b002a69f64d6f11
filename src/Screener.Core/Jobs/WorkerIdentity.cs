using System.Collections.Concurrent;
using System.Diagnostics;

namespace Screener.Core.Jobs;

/// <summary>"host:pid:nonce" — lets a worker on the same host recognise items left by a dead process at once.</summary>
public sealed record WorkerIdentity(string Host, int ProcessId, string Nonce)
{
    // Workers of this process that are still running; another nonce of this process id belongs to one that ended.
    private static readonly ConcurrentDictionary<string, byte> LiveInThisProcess = new();

    public static WorkerIdentity New() => new(Environment.MachineName, Environment.ProcessId, Guid.NewGuid().ToString("N")[..12]);

    public void MarkLive() => LiveInThisProcess[Nonce] = 0;

    public void MarkEnded() => LiveInThisProcess.TryRemove(Nonce, out _);

    public override string ToString() => $"{Host}:{ProcessId}:{Nonce}";

    public static WorkerIdentity? Parse(string? text)
    {
        var parts = text?.Split(':');
        return parts is { Length: 3 } && int.TryParse(parts[1], out var pid) ? new WorkerIdentity(parts[0], pid, parts[2]) : null;
    }

    /// <summary>True only when the worker certainly is gone: same host, and its process no longer runs.</summary>
    public static bool IsCertainlyDead(WorkerIdentity worker)
    {
        if (worker.Host != Environment.MachineName) return false;
        if (worker.ProcessId == Environment.ProcessId) return !LiveInThisProcess.ContainsKey(worker.Nonce);
        try
        {
            using var process = Process.GetProcessById(worker.ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
