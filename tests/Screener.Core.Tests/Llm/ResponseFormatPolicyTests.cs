using System.Net;
using System.Text.Json.Nodes;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class ResponseFormatPolicyTests
{
    private static JsonObject SchemaRequest(bool? strict = null)
    {
        var schema = new JsonObject
        {
            ["name"] = "decision",
            ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["decision"] = new JsonObject { ["type"] = "string" } } },
        };
        if (strict is not null) schema["strict"] = strict;
        return new JsonObject
        {
            ["model"] = "m",
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "system", ["content"] = "You screen." },
                new JsonObject { ["role"] = "user", ["content"] = "Abstract" }),
            ["response_format"] = new JsonObject { ["type"] = "json_schema", ["json_schema"] = schema },
        };
    }

    [Fact]
    public void Auto_keeps_the_schema_and_makes_it_strict_when_the_caller_did_not_say()
    {
        var body = SchemaRequest();

        Assert.Equal("json_schema", ResponseFormatPolicy.Apply(body, StructuredOutputMode.Auto, schemaRejected: false, strictByDefault: true));
        Assert.True(body["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public void The_callers_strict_choice_is_kept()
    {
        var body = SchemaRequest(strict: false);

        ResponseFormatPolicy.Apply(body, StructuredOutputMode.JsonSchema, false, strictByDefault: true);

        Assert.False(body["response_format"]!["json_schema"]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public void After_a_rejection_auto_sends_json_mode_with_the_schema_in_the_first_system_message()
    {
        var body = SchemaRequest();

        Assert.Equal("json_object", ResponseFormatPolicy.Apply(body, StructuredOutputMode.Auto, schemaRejected: true, true));

        Assert.Equal("""{"type":"json_object"}""", body["response_format"]!.ToJsonString());
        var messages = body["messages"]!.AsArray();
        Assert.Equal(2, messages.Count);
        var system = messages[0]!["content"]!.GetValue<string>();
        Assert.StartsWith("You screen.", system);
        Assert.Contains("\"decision\"", system);
    }

    [Fact]
    public void None_removes_the_response_format_and_adds_a_system_message_when_there_was_none()
    {
        var body = SchemaRequest();
        body["messages"]!.AsArray().RemoveAt(0);

        Assert.Null(ResponseFormatPolicy.Apply(body, StructuredOutputMode.None, false, true));

        Assert.False(body.ContainsKey("response_format"));
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
    }

    [Fact]
    public void A_request_without_a_schema_is_left_alone()
    {
        var body = new JsonObject { ["messages"] = new JsonArray(), ["response_format"] = new JsonObject { ["type"] = "text" } };

        Assert.Equal("text", ResponseFormatPolicy.Apply(body, StructuredOutputMode.JsonObject, false, true));
        Assert.Equal("text", body["response_format"]!["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported", true)]
    [InlineData(422, "Unsupported json_schema", true)]
    [InlineData(400, "This model's maximum context length is 8192 tokens", false)]
    [InlineData(500, "response_format broke the server", false)]
    public void Only_a_client_error_about_the_response_format_is_a_schema_rejection(int status, string body, bool expected) =>
        Assert.Equal(expected, ResponseFormatPolicy.IsSchemaRejection((HttpStatusCode)status, body));
}
