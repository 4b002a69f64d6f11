using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Screener.FakeLlm;

/// <summary>How the next <see cref="FakeBatchApi.Finish"/> ends the open batches.</summary>
/// <param name="Status">completed, expired, failed or cancelled.</param>
/// <param name="Errors">The first N requests go to the error file (a 400 line each) instead of being answered.</param>
/// <param name="Missing">The next N requests are in neither file (as an expired batch leaves them).</param>
public sealed record FakeBatchOutcome(string Status = "completed", int Errors = 0, int Missing = 0)
{
    public static FakeBatchOutcome Complete => new();

    public static FakeBatchOutcome Expire(int unanswered) => new("expired", 0, unanswered);
}

/// <summary>What to lose on purpose: the server does the step, the client never hears back (a process killed mid-call).</summary>
public enum FakeBatchDrop
{
    None,
    UploadAnswer,
    CreateAnswer,
}

/// <summary>A request the server holds until the test releases it: a process caught in the middle of a step.</summary>
public sealed class FakeHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held request has arrived.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    internal async Task WaitAsync(CancellationToken ct)
    {
        _reached.TrySetResult();
        await _released.Task.WaitAsync(ct);
    }
}

/// <summary>
/// The files and batches endpoints of OpenAI ({base}/files, {base}/batches) and Azure OpenAI (/openai/files,
/// /openai/batches with api-version and api-key): upload, list, content; create, retrieve, list. A batch stays
/// in_progress until the test calls <see cref="Finish"/>, which answers each input line with the server's
/// <see cref="FakeLlmServer.Responder"/>, as the online route would be answered.
/// </summary>
public sealed class FakeBatchApi(Func<FakeLlmRequest, FakeLlmReply> respond)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Name, string Content)> _files = [];
    private readonly Dictionary<string, JsonObject> _batches = [];
    private readonly List<JsonObject> _answered = [];
    private int _ids;
    private FakeHold? _uploadHold;

    public int Uploads { get; private set; }
    public int BatchesCreated { get; private set; }

    /// <summary>The next upload or creation is done but its answer is dropped.</summary>
    public FakeBatchDrop Drop { get; set; }

    /// <summary>Every input line's body, as uploaded, in order.</summary>
    public IReadOnlyList<JsonObject> InputLines
    {
        get { lock (_lock) return [.. _files.Values.Where(f => f.Name.EndsWith(".jsonl", StringComparison.Ordinal)).SelectMany(f => Lines(f.Content))]; }
    }

    /// <summary>The requests answered inside batches (not counted in <see cref="FakeLlmServer.RequestCount"/>).</summary>
    public IReadOnlyList<JsonObject> AnsweredRequests
    {
        get { lock (_lock) return [.. _answered]; }
    }

    /// <summary>Holds the next upload, before the file is stored, until the hold is released.</summary>
    public FakeHold HoldNextUpload()
    {
        lock (_lock) return _uploadHold = new FakeHold();
    }

    /// <summary>When set, an OpenAI-style files or batches call without "Bearer KEY" is refused with 401, as a wrong key is.</summary>
    public string? RequiredKey { get; set; }

    /// <summary>Entries per page of the files and batches lists (as a busy account pages them); null: one page.</summary>
    public int? PageSize { get; set; }

    /// <summary>Adds an input file and a batch on it that belong to other work of the same account (newer than what is there).</summary>
    public void AddOtherBatch()
    {
        lock (_lock)
        {
            var file = AddFile($"other-{_ids + 1}.jsonl", "");
            var id = $"batch_{++_ids}";
            _batches[id] = new JsonObject
            {
                ["id"] = id, ["object"] = "batch", ["endpoint"] = "/v1/chat/completions", ["input_file_id"] = file,
                ["completion_window"] = "24h", ["status"] = "completed", ["output_file_id"] = null, ["error_file_id"] = null,
            };
        }
    }

    /// <summary>The Azure URL checks failed on a files or batches call (no api-version, no key, a /v1 line url).</summary>
    public List<string> Refusals { get; } = [];

    internal static bool Handles(HttpContext context) =>
        Segments(context).Any(s => s is "files" or "batches");

    /// <summary>Ends every open batch as <paramref name="outcome"/> says.</summary>
    public void Finish(FakeBatchOutcome outcome)
    {
        lock (_lock)
            foreach (var batch in _batches.Values.Where(b => b["status"]!.GetValue<string>() == "in_progress").ToList())
                FinishOne(batch, outcome);
    }

    internal async Task HandleAsync(HttpContext context)
    {
        var azure = context.Request.Path.Value!.StartsWith("/openai/", StringComparison.Ordinal);
        if (azure && (string.IsNullOrEmpty(context.Request.Query["api-version"]) || string.IsNullOrEmpty(context.Request.Headers["api-key"])))
        {
            lock (_lock) Refusals.Add($"{context.Request.Method} {context.Request.Path}: api-version or api-key missing");
            await WriteAsync(context, 401, new JsonObject { ["error"] = new JsonObject { ["message"] = "Access denied" } });
            return;
        }
        if (!azure && RequiredKey is { } key && context.Request.Headers.Authorization.ToString() != "Bearer " + key)
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = new JsonObject { ["message"] = "Incorrect API key provided" } });
            return;
        }
        var segments = Segments(context);
        var at = Array.FindIndex(segments, s => s is "files" or "batches");
        var rest = segments[(at + 1)..];
        switch (segments[at], context.Request.Method, rest.Length)
        {
            case ("files", "POST", 0): await UploadAsync(context); break;
            case ("files", "GET", 0): await WriteAsync(context, 200, Page(context, _files.Select(f => FileJson(f.Key, f.Value.Name)))); break;
            case ("files", "GET", 2) when rest[1] == "content": await ContentAsync(context, rest[0]); break;
            case ("batches", "POST", 0): await CreateAsync(context, azure); break;
            case ("batches", "GET", 0): await WriteAsync(context, 200, Page(context, _batches.Values.Select(b => (JsonObject)b.DeepClone()))); break;
            case ("batches", "GET", 1): await RetrieveAsync(context, rest[0]); break;
            default: context.Response.StatusCode = 404; break;
        }
    }

    private async Task UploadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var file = form.Files["file"]!;
        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
        var content = await reader.ReadToEndAsync(context.RequestAborted);
        FakeHold? hold;
        lock (_lock) (hold, _uploadHold) = (_uploadHold, null);
        if (hold is not null) await hold.WaitAsync(context.RequestAborted);
        string id;
        lock (_lock)
        {
            Uploads++;
            id = $"file-{++_ids}";
            _files[id] = (file.FileName, content);
        }
        if (TakeDrop(FakeBatchDrop.UploadAnswer)) { context.Abort(); return; }
        await WriteAsync(context, 200, FileJson(id, file.FileName));
    }

    private async Task ContentAsync(HttpContext context, string id)
    {
        string? content;
        lock (_lock) content = _files.TryGetValue(id, out var f) ? f.Content : null;
        if (content is null) { context.Response.StatusCode = 404; return; }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.WriteAsync(content, context.RequestAborted);
    }

    private async Task CreateAsync(HttpContext context, bool azure)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        var inputId = body["input_file_id"]!.GetValue<string>();
        var endpoint = body["endpoint"]!.GetValue<string>();
        var wanted = azure ? "/chat/completions" : "/v1/chat/completions";
        JsonObject batch;
        lock (_lock)
        {
            if (!_files.TryGetValue(inputId, out var input) || endpoint != wanted || Lines(input.Content).Any(l => l["url"]!.GetValue<string>() != wanted))
            {
                Refusals.Add($"batch on {inputId}: endpoint {endpoint} or a line url is not {wanted}");
                batch = null!;
            }
            else
            {
                BatchesCreated++;
                batch = new JsonObject
                {
                    ["id"] = $"batch_{++_ids}", ["object"] = "batch", ["endpoint"] = endpoint, ["input_file_id"] = inputId,
                    ["completion_window"] = body["completion_window"]?.GetValue<string>(), ["status"] = "in_progress",
                    ["output_file_id"] = null, ["error_file_id"] = null,
                };
                _batches[batch["id"]!.GetValue<string>()] = batch;
            }
        }
        if (batch is null) { await WriteAsync(context, 400, new JsonObject { ["error"] = new JsonObject { ["message"] = "invalid endpoint or url" } }); return; }
        if (TakeDrop(FakeBatchDrop.CreateAnswer)) { context.Abort(); return; }
        await WriteAsync(context, 200, batch.DeepClone().AsObject());
    }

    private async Task RetrieveAsync(HttpContext context, string id)
    {
        JsonObject? batch;
        lock (_lock) batch = _batches.TryGetValue(id, out var b) ? b.DeepClone().AsObject() : null;
        if (batch is null) context.Response.StatusCode = 404;
        else await WriteAsync(context, 200, batch);
    }

    private void FinishOne(JsonObject batch, FakeBatchOutcome outcome)
    {
        var lines = Lines(_files[batch["input_file_id"]!.GetValue<string>()].Content);
        var output = new StringBuilder();
        var errors = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var customId = lines[i]["custom_id"]!.GetValue<string>();
            if (i < outcome.Errors)
                errors.Append(new JsonObject
                {
                    ["id"] = $"batch_req_{i}", ["custom_id"] = customId,
                    ["response"] = new JsonObject { ["status_code"] = 400, ["body"] = new JsonObject { ["error"] = new JsonObject { ["message"] = "scripted error" } } },
                    ["error"] = null,
                }.ToJsonString()).Append('\n');
            else if (i >= outcome.Errors + outcome.Missing)
                output.Append(new JsonObject
                {
                    ["id"] = $"batch_req_{i}", ["custom_id"] = customId,
                    ["response"] = new JsonObject { ["status_code"] = 200, ["request_id"] = $"req_{i}", ["body"] = Answer(lines[i]) },
                    ["error"] = null,
                }.ToJsonString()).Append('\n');
        }
        batch["status"] = outcome.Status;
        batch["output_file_id"] = output.Length > 0 ? AddFile("batch_output.jsonl.out", output.ToString()) : null;
        batch["error_file_id"] = errors.Length > 0 ? AddFile("batch_errors.jsonl.err", errors.ToString()) : null;
    }

    private JsonNode Answer(JsonObject line)
    {
        var body = line["body"]!.AsObject();
        var request = new FakeLlmRequest(0, FakeLlmKind.ChatCompletions, "POST", line["url"]!.GetValue<string>(),
            new Dictionary<string, string>(), new Dictionary<string, string>(), body.ToJsonString(), body, null, DateTimeOffset.UtcNow);
        _answered.Add(body);
        return JsonNode.Parse(FakeLlmWire.ChatBody(request, respond(request)))!;
    }

    private string AddFile(string name, string content)
    {
        var id = $"file-{++_ids}";
        _files[id] = (name, content);
        return id;
    }

    private bool TakeDrop(FakeBatchDrop which)
    {
        lock (_lock)
        {
            if (Drop != which) return false;
            Drop = FakeBatchDrop.None;
            return true;
        }
    }

    private static List<JsonObject> Lines(string jsonl) =>
        [.. jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())];

    private static JsonObject FileJson(string id, string name) =>
        new() { ["id"] = id, ["object"] = "file", ["filename"] = name, ["purpose"] = "batch", ["status"] = "processed" };

    /// <summary>
    /// One page of a list as OpenAI answers it: newest first, at most limit (and <see cref="PageSize"/>) entries after
    /// the id in after, with has_more, first_id and last_id.
    /// </summary>
    private JsonObject Page(HttpContext context, IEnumerable<JsonObject> items)
    {
        lock (_lock)
        {
            var all = items.OrderByDescending(i => Sequence(i["id"]!.GetValue<string>())).ToList();
            var after = context.Request.Query["after"].ToString();
            if (after.Length > 0) all = [.. all.SkipWhile(i => i["id"]!.GetValue<string>() != after).Skip(1)];
            var size = Math.Min(int.TryParse(context.Request.Query["limit"], out var limit) ? limit : int.MaxValue, PageSize ?? int.MaxValue);
            var page = all.Take(size).ToList();
            return new JsonObject
            {
                ["object"] = "list", ["data"] = new JsonArray([.. page]), ["has_more"] = all.Count > page.Count,
                ["first_id"] = page.FirstOrDefault()?["id"]?.GetValue<string>(), ["last_id"] = page.LastOrDefault()?["id"]?.GetValue<string>(),
            };
        }
    }

    private static int Sequence(string id) => int.Parse(id[(id.LastIndexOfAny(['-', '_']) + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Segments(HttpContext context) =>
        (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
