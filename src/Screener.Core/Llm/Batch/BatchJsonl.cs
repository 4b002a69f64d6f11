using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Screener.Core.Llm.Batch;

/// <summary>One request of a batch input file, as one JSONL line, with the work item it answers.</summary>
public sealed record BatchLine(long WorkItemId, string CustomId, string Json)
{
    public long Bytes => Encoding.UTF8.GetByteCount(Json) + 1;
}

/// <summary>What a finished batch said about one request: the chat completion body, or why there is none.</summary>
public sealed record BatchReply(string CustomId, JsonObject? Body, string? Error);

/// <summary>
/// The Batch API's file formats (pure): input lines {custom_id, method, url, body}, output and error lines
/// {custom_id, response: {status_code, body}, error}, and the split of a run's lines into files under the API limits.
/// </summary>
public static class BatchJsonl
{
    public static string CustomIdOf(long workItemId) => $"item-{workItemId}";

    public static BatchLine Line(long workItemId, string url, JsonObject body)
    {
        var customId = CustomIdOf(workItemId);
        var line = new JsonObject { ["custom_id"] = customId, ["method"] = "POST", ["url"] = url, ["body"] = body.DeepClone() };
        return new BatchLine(workItemId, customId, line.ToJsonString());
    }

    /// <summary>In order, each file at most <paramref name="maxRequests"/> lines and <paramref name="maxBytes"/> bytes.</summary>
    public static List<List<BatchLine>> Split(IReadOnlyList<BatchLine> lines, int maxRequests, long maxBytes)
    {
        var files = new List<List<BatchLine>>();
        var current = new List<BatchLine>();
        long bytes = 0;
        foreach (var line in lines)
        {
            if (line.Bytes > maxBytes)
                throw new ScreenerException($"work item {line.WorkItemId}: its batch request is {line.Bytes:N0} bytes, over Llm:Batch:MaxFileBytes {maxBytes:N0}; screen it online (without --batch) or raise the limit");
            if (current.Count == maxRequests || bytes + line.Bytes > maxBytes)
            {
                files.Add(current);
                current = [];
                bytes = 0;
            }
            current.Add(line);
            bytes += line.Bytes;
        }
        if (current.Count > 0) files.Add(current);
        return files;
    }

    public static string Join(IEnumerable<BatchLine> lines) => string.Concat(lines.Select(l => l.Json + "\n"));

    /// <summary>
    /// Every line of an output or error file. A reply is a 200 response with a chat completion body; anything else
    /// (an error line, a non-200 response) is a reply without a body, whose item goes back to pending.
    /// </summary>
    public static List<BatchReply> Replies(string jsonl)
    {
        var replies = new List<BatchReply>();
        foreach (var text in jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonObject? line;
            try { line = JsonNode.Parse(text) as JsonObject; }
            catch (JsonException) { continue; }
            if (line?["custom_id"]?.GetValue<string>() is not { } id) continue;
            var response = line["response"] as JsonObject;
            var status = response?["status_code"]?.GetValue<int>();
            var body = response?["body"] as JsonObject;
            if (status == 200 && body?["choices"] is JsonArray)
                replies.Add(new BatchReply(id, body, null));
            else
                replies.Add(new BatchReply(id, null, line["error"]?["message"]?.GetValue<string>()
                    ?? body?["error"]?["message"]?.GetValue<string>() ?? $"status {status?.ToString() ?? "none"}"));
        }
        return replies;
    }
}
