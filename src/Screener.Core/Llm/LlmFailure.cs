using System.ClientModel;

namespace Screener.Core.Llm;

/// <summary>A one-line cause for a failed call, for the audit record and the user.</summary>
internal static class LlmFailure
{
    private const int MaxCauseLength = 400;

    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 3; e = e.InnerException)
        {
            var status = e is ClientResultException { Status: > 0 } http ? $" (HTTP {http.Status})" : "";
            parts.Add($"{e.GetType().Name}{status}: {FirstLine(e.Message)}");
        }
        var cause = string.Join(" <- ", parts);
        return cause.Length <= MaxCauseLength ? cause : cause[..MaxCauseLength] + "...";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
