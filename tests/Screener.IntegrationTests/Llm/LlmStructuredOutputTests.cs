using System.Text.Json.Nodes;
using Screener.Core.Llm;
using Screener.FakeLlm;

namespace Screener.IntegrationTests.Llm;

public sealed class LlmStructuredOutputTests
{
    private const string Valid = """{"decision":"exclude"}""";

    [Fact]
    public async Task Json_schema_request_carries_name_strict_and_the_callers_schema()
    {
        await using var host = await LlmTestHost.StartAsync(_ => FakeLlmReply.Text(Valid));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal("json_schema", request.ResponseFormatType);
        var schema = request.JsonSchema!;
        Assert.Equal("screening_decision", schema["name"]!.GetValue<string>());
        Assert.True(schema["strict"]!.GetValue<bool>());
        Assert.Equal("string", schema["schema"]!["properties"]!["decision"]!["type"]!.GetValue<string>());
        Assert.False(schema["schema"]!["additionalProperties"]!.GetValue<bool>());
        Assert.Equal(0, request.Body!["temperature"]!.GetValue<double>());
        Assert.Equal(42, request.Body!["seed"]!.GetValue<long>());
        var parameters = JsonNode.Parse(result.ParametersJson)!;
        Assert.Equal("json_schema", parameters["response_format"]!.GetValue<string>());
        Assert.Equal("test-model", parameters["model"]!.GetValue<string>());
        Assert.Equal(42, parameters["seed"]!.GetValue<long>());
        Assert.Equal(200, parameters["max_output_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Auto_mode_falls_back_to_json_mode_when_the_server_rejects_the_schema_and_remembers_it()
    {
        await using var host = await LlmTestHost.StartAsync(r => r.ResponseFormatType == "json_schema"
            ? FakeLlmReply.Error(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", "invalid_request_error")
            : FakeLlmReply.Text(Valid));

        var first = await host.DecideAsync();
        var second = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, first.Status);
        Assert.Equal(LlmCallStatus.Parsed, second.Status);
        Assert.Equal(["json_schema", "json_object", "json_object"], host.Server.Requests.Select(r => r.ResponseFormatType));
        // JSON mode loses the schema field, so the schema travels in the system instructions instead.
        Assert.Contains("\"decision\"", host.Server.Requests[1].LastMessage("system"));
        Assert.True(JsonNode.Parse(first.ParametersJson)!["fell_back_to_json_object"]!.GetValue<bool>());
        Assert.Equal("json_object", JsonNode.Parse(second.ParametersJson)!["response_format"]!.GetValue<string>());
        Assert.Contains(host.Logs.Messages, m => m.Contains("json_object", StringComparison.Ordinal) && m.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_json_schema_mode_never_falls_back()
    {
        await using var host = await LlmTestHost.StartAsync(
            _ => FakeLlmReply.Error(400, "response_format json_schema is not supported", "invalid_request_error"),
            _ => new() { ["Llm:StructuredOutput"] = "JsonSchema" });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Failed, result.Status);
        Assert.Contains("400", result.FailureCause);
        Assert.Equal(["json_schema"], host.Server.Requests.Select(r => r.ResponseFormatType));
    }

    [Theory]
    [InlineData("JsonObject", "json_object")]
    [InlineData("None", null)]
    public async Task Configured_mode_decides_the_response_format_sent(string mode, string? expected)
    {
        await using var host = await LlmTestHost.StartAsync(_ => FakeLlmReply.Text(Valid), _ => new() { ["Llm:StructuredOutput"] = mode });

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Parsed, result.Status);
        var request = Assert.Single(host.Server.Requests);
        Assert.Equal(expected, request.ResponseFormatType);
        Assert.Contains("must conform to this JSON schema", request.LastMessage("system"));
    }

    [Fact]
    public async Task A_non_json_reply_gets_one_repair_call_then_is_recorded_unparseable_with_both_raw_texts()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            FakeLlmReply.Text("Sure! I would include this study."),
            FakeLlmReply.Text("Include.")));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Unparseable, result.Status);
        Assert.Null(result.Value);
        Assert.Equal(["Sure! I would include this study.", "Include."], result.RawReplies);
        Assert.StartsWith("not valid JSON", result.ParseError);
        Assert.Equal(2, result.ModelCalls);
        Assert.Equal(2, host.Server.RequestCount);
        var repair = host.Server.Requests[1];
        Assert.Equal("Sure! I would include this study.", repair.LastMessage("assistant"));
        Assert.Contains("not valid JSON", repair.LastMessage("user"));
        Assert.Contains("only the corrected JSON", repair.LastMessage("user"));
        Assert.Equal(1, host.Usage.Totals.Unparseable);
    }

    [Fact]
    public async Task A_reply_cut_by_the_token_limit_is_repaired_by_the_second_call()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            new FakeLlmReply { Content = """{"decision": "incl""", FinishReason = "length" },
            FakeLlmReply.Text("""{"decision":"include"}""")));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Repaired, result.Status);
        Assert.Equal("include", result.Value);
        Assert.Equal("""{"decision": "incl""", result.RawReplies[0]);
        Assert.NotNull(result.ParseError);
        Assert.Equal(2, result.HttpAttempts);
    }

    [Fact]
    public async Task A_reply_that_parses_as_json_but_breaks_the_callers_rules_is_repaired_too()
    {
        await using var host = await LlmTestHost.StartAsync(FakeLlmServer.Script(
            FakeLlmReply.Text("""{"decision":"maybe"}"""),
            FakeLlmReply.Text("""{"decision":"unsure"}""")));

        var result = await host.DecideAsync();

        Assert.Equal(LlmCallStatus.Repaired, result.Status);
        Assert.Equal("unsure", result.Value);
        Assert.Contains("invalid \"decision\"", host.Server.Requests[1].LastMessage("user"));
    }
}
