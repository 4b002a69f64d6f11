using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Screener.Core.Llm.Batch;

/// <summary>
/// The outermost handler of the chat pipeline, idle unless a <see cref="BatchCall"/> is current. Collecting, it takes
/// the request body exactly as the SDK built it, puts on the response format the gateway would (the same
/// <see cref="ResponseFormatPolicy"/>), keeps it for the batch file and sends nothing. Replaying, it answers the first
/// call with the batch's reply, without a rate-limit slot (the batch was not sent through them); a repair goes online.
/// </summary>
internal sealed class BatchRouteHandler(LlmGatewayState state) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var call = BatchCall.Current;
        if (call is null || (!call.IsCollecting && call.Served)) return await base.SendAsync(request, ct);
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(ct)) as JsonObject;
        if (body?["messages"] is null) return await base.SendAsync(request, ct);
        var format = ResponseFormatPolicy.Apply(body, state.Options.StructuredOutput, state.SchemaRejected, state.Options.StrictJsonSchema);
        LlmCallMeter.Current?.RecordResponseFormat(format, fellBack: false);
        if (call.IsCollecting) throw call.Capture(body);
        if (!call.TryServe()) return await base.SendAsync(request, ct);
        var content = new StringContent(call.Reply!.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }
}
