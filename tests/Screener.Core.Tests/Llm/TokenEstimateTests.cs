using System.Text.Json.Nodes;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class TokenEstimateTests
{
    [Fact]
    public void A_chat_request_reserves_its_prompt_and_its_max_tokens()
    {
        var body = JsonNode.Parse("""{"messages":[{"role":"user","content":"12345"}],"max_tokens":100}""")!.AsObject();

        // "\"12345\"" is 7 characters → 2 tokens at 3.5 characters a token.
        Assert.Equal(2 + 100, TokenEstimate.ForRequest(body, 0, defaultCompletionTokens: 512));
    }

    [Fact]
    public void Without_max_tokens_the_default_completion_size_is_reserved()
    {
        var body = JsonNode.Parse("""{"messages":[{"role":"user","content":"12345"}]}""")!.AsObject();

        Assert.Equal(2 + 512, TokenEstimate.ForRequest(body, 0, 512));
    }

    [Fact]
    public void An_embeddings_request_reserves_no_completion()
    {
        var body = JsonNode.Parse("""{"input":["abcdefghij"],"model":"e"}""")!.AsObject();

        Assert.Equal(TokenEstimate.FromText("[\"abcdefghij\"]".Length), TokenEstimate.ForRequest(body, 0, 512));
    }
}
