using System.Net;
using System.Text.Json.Nodes;

namespace Screener.Core.Llm;

/// <summary>
/// Rewrites the response_format of a chat request to what the configured mode allows. Callers always ask for a
/// JSON schema; a server without structured outputs gets JSON mode, with the schema moved into the instructions so
/// the model still knows the shape to produce.
/// </summary>
public static class ResponseFormatPolicy
{
    public const string JsonSchema = "json_schema";
    public const string JsonObject = "json_object";

    /// <summary>Applies the mode to the body in place and returns the response_format type that will be sent (null: none).</summary>
    public static string? Apply(JsonObject body, StructuredOutputMode mode, bool schemaRejected, bool strictByDefault)
    {
        var format = body["response_format"] as JsonObject;
        var type = format?["type"]?.GetValue<string>();
        if (mode == StructuredOutputMode.None)
        {
            if (format is not null) MoveSchemaIntoInstructions(body, format);
            body.Remove("response_format");
            return null;
        }
        if (type != JsonSchema) return type;
        if (mode == StructuredOutputMode.JsonObject || schemaRejected)
        {
            MoveSchemaIntoInstructions(body, format!);
            body["response_format"] = new JsonObject { ["type"] = JsonObject };
            return JsonObject;
        }
        if (format!["json_schema"] is JsonObject schema && schema["strict"] is null) schema["strict"] = strictByDefault;
        return JsonSchema;
    }

    /// <summary>
    /// A 400 that names response_format or json_schema: the server (an older vLLM, llama.cpp without grammar support,
    /// an Azure api-version before structured outputs) does not understand the schema request.
    /// </summary>
    public static bool IsSchemaRejection(HttpStatusCode status, string responseBody) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity
        && (responseBody.Contains("response_format", StringComparison.OrdinalIgnoreCase)
            || responseBody.Contains(JsonSchema, StringComparison.OrdinalIgnoreCase));

    private static void MoveSchemaIntoInstructions(JsonObject body, JsonObject format)
    {
        if (format["json_schema"]?["schema"] is not { } schema || body["messages"] is not JsonArray messages) return;
        var instruction = "Reply with one JSON object only, no other text. It must conform to this JSON schema: "
            + schema.ToJsonString();
        // Into the first system message: several chat templates (llama.cpp, some vLLM models) refuse a later one.
        if (messages.FirstOrDefault() is JsonObject first && first["role"]?.GetValue<string>() == "system"
            && first["content"] is JsonValue text)
            first["content"] = text.GetValue<string>() + "\n\n" + instruction;
        else
            messages.Insert(0, new JsonObject { ["role"] = "system", ["content"] = instruction });
    }
}
