using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Screener.Core.Llm.Batch;

/// <summary>A batch as the provider reports it.</summary>
public sealed record BatchStatus(string Id, string Status, string InputFileId, string? OutputFileId, string? ErrorFileId)
{
    /// <summary>completed, expired, failed, cancelled: the output and error files say what was answered.</summary>
    public bool IsFinished => Status is "completed" or "expired" or "failed" or "cancelled";

    internal static BatchStatus From(JsonObject json) => new(
        json["id"]!.GetValue<string>(), json["status"]?.GetValue<string>() ?? "unknown", json["input_file_id"]?.GetValue<string>() ?? "",
        json["output_file_id"]?.GetValue<string>(), json["error_file_id"]?.GetValue<string>());
}

/// <summary>
/// The files and batches endpoints of OpenAI (/v1/files, /v1/batches) and Azure OpenAI (/openai/files,
/// /openai/batches, with api-version and the key or token put on by AzureBatchAuthHandler), over the gateway's authenticated,
/// retrying HttpClient. Lookups by file name and input file make upload and creation safe to repeat after a crash.
/// </summary>
public sealed class BatchApi(HttpClient http, LlmOptions options)
{
    /// <summary>The most batches one list page may hold (OpenAI: limit 1 to 100).</summary>
    private const int MaxBatchesPerPage = 100;

    /// <summary>The "url" of each input line and the "endpoint" of the batch: Azure's has no /v1.</summary>
    public string ChatUrl => options.Provider == LlmProvider.Azure ? "/chat/completions" : "/v1/chat/completions";

    private string Base => options.Provider switch
    {
        LlmProvider.Azure => $"{options.Endpoint.TrimEnd('/')}/openai",
        _ when string.IsNullOrWhiteSpace(options.Endpoint) => "https://api.openai.com/v1",
        _ => options.Endpoint.TrimEnd('/'),
    };

    /// <summary>An uploaded batch input file with this name (an upload whose answer was lost), or null.</summary>
    public async Task<string?> FindFileAsync(string fileName, CancellationToken ct) =>
        (await FindInListAsync($"{Base}/files?purpose=batch",
            f => f["filename"]?.GetValue<string>() == fileName && f["status"]?.GetValue<string>() is not ("error" or "deleted"), ct))
        ?["id"]?.GetValue<string>();

    /// <summary>The files list, for the `--batch` pre-check: where it is asked for, without the key.</summary>
    public string FilesUrl => $"{Base}/files";

    /// <summary>One file of the batch files list: the cheapest authenticated call the batch route depends on (the caller disposes the answer).</summary>
    public Task<HttpResponseMessage> ProbeFilesAsync(CancellationToken ct) => http.GetAsync($"{Base}/files?purpose=batch&limit=1", ct);

    public async Task<string> UploadAsync(string fileName, string jsonl, CancellationToken ct)
    {
        using var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonl));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", fileName);
        using var response = await http.PostAsync($"{Base}/files", form, ct);
        return (await ReadAsync(response, "upload of the batch input file", ct))["id"]!.GetValue<string>();
    }

    /// <summary>A batch already created from this input file (a creation whose answer was lost), or null.</summary>
    public async Task<BatchStatus?> FindBatchAsync(string inputFileId, CancellationToken ct) =>
        await FindInListAsync($"{Base}/batches?limit={MaxBatchesPerPage}", b => b["input_file_id"]?.GetValue<string>() == inputFileId, ct) is { } found
            ? BatchStatus.From(found)
            : null;

    public async Task<BatchStatus> CreateAsync(string inputFileId, string description, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["input_file_id"] = inputFileId, ["endpoint"] = ChatUrl, ["completion_window"] = "24h",
            ["metadata"] = new JsonObject { ["description"] = description },
        };
        using var response = await http.PostAsJsonAsync($"{Base}/batches", request, ct);
        return BatchStatus.From(await ReadAsync(response, "creation of the batch", ct));
    }

    public async Task<BatchStatus> RetrieveAsync(string batchId, CancellationToken ct) =>
        BatchStatus.From(await GetJsonAsync($"{Base}/batches/{Uri.EscapeDataString(batchId)}", ct));

    public async Task<string> DownloadAsync(string fileId, CancellationToken ct)
    {
        using var response = await http.GetAsync($"{Base}/files/{Uri.EscapeDataString(fileId)}/content", ct);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, $"download of batch file {fileId}", ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    /// <summary>
    /// The first entry of a list that matches, read page by page: OpenAI's lists (and Azure's, the same shape) answer
    /// {data, has_more, last_id}, and the next page is asked for with after=last_id; a list without has_more is one page.
    /// An account with many batches or files has the one looked for past the first page.
    /// </summary>
    private async Task<JsonObject?> FindInListAsync(string url, Func<JsonObject, bool> matches, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var list = await GetJsonAsync(after is null ? url : $"{url}&after={Uri.EscapeDataString(after)}", ct);
            var page = (list["data"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (page.FirstOrDefault(matches) is { } found) return found;
            var hasMore = list["has_more"] is JsonValue more && more.TryGetValue<bool>(out var yes) && yes;
            var next = list["last_id"] is JsonValue last && last.TryGetValue<string>(out var id) ? id : page.LastOrDefault()?["id"]?.GetValue<string>();
            // A server that repeats its cursor would loop for ever: the list ends there.
            if (!hasMore || next is null || next == after) return null;
            after = next;
        }
    }

    private async Task<JsonObject> GetJsonAsync(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        return await ReadAsync(response, $"GET {new Uri(url).AbsolutePath}", ct);
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, what, ct);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject
            ?? throw new ScreenerException($"the Batch API answered the {what} with something that is not a JSON object");
    }

    private static async Task<ScreenerException> ErrorAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        return new ScreenerException($"the Batch API refused the {what}: {(int)response.StatusCode} {(body.Length <= 300 ? body : body[..300])}");
    }
}
