using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Screener.Core.Llm;

/// <summary>The parameters a call was really made with, as JSON for the audit record.</summary>
internal static class LlmCallParameters
{
    public static string ToJson(string model, ChatOptions options, LlmCallMeter meter)
    {
        var requested = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: not null } => ResponseFormatPolicy.JsonSchema,
            ChatResponseFormatJson => ResponseFormatPolicy.JsonObject,
            _ => null,
        };
        var json = new JsonObject
        {
            ["model"] = model,
            ["temperature"] = options.Temperature,
            ["top_p"] = options.TopP,
            ["seed"] = options.Seed,
            ["max_output_tokens"] = options.MaxOutputTokens,
            ["response_format"] = meter.Attempts > 0 ? meter.ResponseFormat : requested,
            ["schema_name"] = (options.ResponseFormat as ChatResponseFormatJson)?.SchemaName,
            ["fell_back_to_json_object"] = meter.FellBackToJsonObject,
        };
        if (meter.Provider is { } provider)
        {
            json["provider"] = provider.Name;
            json["provider_kind"] = provider.Kind;
        }
        if (meter.LocalModel is { } local) json["local_model"] = local.DeepClone();
        return json.ToJsonString();
    }
}
