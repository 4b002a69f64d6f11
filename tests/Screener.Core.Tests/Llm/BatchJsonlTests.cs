using System.Text.Json.Nodes;
using Screener.Core.Llm.Batch;

namespace Screener.Core.Tests.Llm;

public sealed class BatchJsonlTests
{
    private static BatchLine Line(long id, int padding = 0) =>
        BatchJsonl.Line(id, "/v1/chat/completions", new JsonObject { ["model"] = "m", ["pad"] = new string('x', padding) });

    [Fact]
    public void Lines_are_split_by_the_request_limit_and_by_the_byte_limit_in_order()
    {
        var lines = Enumerable.Range(1, 5).Select(i => Line(i)).ToList();

        var byCount = BatchJsonl.Split(lines, maxRequests: 2, maxBytes: 1_000_000);
        var byBytes = BatchJsonl.Split(lines, maxRequests: 100, maxBytes: lines[0].Bytes * 3);

        Assert.Equal([[1, 2], [3, 4], [5]], byCount.Select(f => f.Select(l => l.WorkItemId).ToArray()).ToArray());
        Assert.Equal([[1, 2, 3], [4, 5]], byBytes.Select(f => f.Select(l => l.WorkItemId).ToArray()).ToArray());
    }

    [Fact]
    public void A_request_larger_than_a_whole_file_is_a_clear_error_naming_the_item()
    {
        var e = Assert.Throws<ScreenerException>(() => BatchJsonl.Split([Line(7, padding: 2000)], 10, maxBytes: 1024));

        Assert.Contains("work item 7", e.Message);
    }

    [Fact]
    public void Output_lines_give_bodies_and_error_lines_give_their_message()
    {
        const string jsonl = """
            {"custom_id":"item-1","response":{"status_code":200,"body":{"choices":[{"message":{"content":"{}"}}]}},"error":null}
            {"custom_id":"item-2","response":{"status_code":400,"body":{"error":{"message":"bad schema"}}},"error":null}
            {"custom_id":"item-3","response":null,"error":{"code":"batch_expired","message":"expired before it ran"}}
            not json
            """;

        var replies = BatchJsonl.Replies(jsonl).ToDictionary(r => r.CustomId);

        Assert.Equal(3, replies.Count);
        Assert.NotNull(replies["item-1"].Body);
        Assert.Equal((null, "bad schema"), (replies["item-2"].Body, replies["item-2"].Error));
        Assert.Equal("expired before it ran", replies["item-3"].Error);
        Assert.Equal("item-1", BatchJsonl.CustomIdOf(1));
    }
}
