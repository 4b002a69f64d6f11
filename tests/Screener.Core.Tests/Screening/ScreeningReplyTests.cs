using System.Text.Json;
using Screener.Core.Jobs;
using Screener.Core.Screening;
using Screener.Core.Vocabulary;
using static Screener.Core.Tests.Screening.ScreeningTestData;

namespace Screener.Core.Tests.Screening;

public sealed class ScreeningReplyTests
{
    [Fact]
    public void A_valid_reply_parses_with_verdicts_in_protocol_order()
    {
        var parse = ScreeningReplySchema.Parse("```json\n" + Reply() + "\n```", Statins);

        Assert.True(parse.IsSuccess);
        Assert.Equal(ScreeningDecision.Include, parse.Value!.Decision);
        Assert.Equal(["I1", "I2", "E1"], parse.Value.Criteria.Select(c => c.Id));
        Assert.Equal(Verdict.NotMet, parse.Value.Criteria[2].Verdict);
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("{\"decision\":\"include\"", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"criteria\":[],\"decision\":\"maybe\",\"exclusion_reason\":null,\"confidence\":0.5}", "'decision' must be")]
    [InlineData("{\"criteria\":[],\"decision\":\"include\",\"exclusion_reason\":null,\"confidence\":1.5}", "'confidence' must be a number from 0 to 1")]
    [InlineData("{\"criteria\":[],\"decision\":\"include\",\"confidence\":0.5}", "'exclusion_reason' is missing")]
    [InlineData("{\"criteria\":[],\"decision\":\"include\",\"exclusion_reason\":null,\"confidence\":0.5}", "no verdict for criteria I1, I2, E1")]
    [InlineData("{\"criteria\":[{\"id\":\"I9\",\"verdict\":\"met\",\"evidence\":\"\",\"reason\":\"\"}],\"decision\":\"include\",\"exclusion_reason\":null,\"confidence\":0.5}", "unknown criterion id 'I9'")]
    [InlineData("{\"criteria\":[],\"decision\":\"include\",\"exclusion_reason\":null,\"confidence\":0.5,\"note\":\"hi\"}", "unexpected properties: note")]
    public void Replies_that_break_the_schema_are_errors_never_guesses(string reply, string expectedError)
    {
        var parse = ScreeningReplySchema.Parse(reply, Statins);

        Assert.Null(parse.Value);
        Assert.Contains(expectedError, parse.Error);
    }

    [Fact]
    public void The_schema_is_strict_and_lists_the_protocol_criterion_ids()
    {
        var schema = ScreeningReplySchema.For(Statins);

        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        var ids = schema.GetProperty("properties").GetProperty("criteria").GetProperty("items")
            .GetProperty("properties").GetProperty("id").GetProperty("enum").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["I1", "I2", "E1"], ids);
        Assert.Equal(JsonValueKind.Array, schema.GetProperty("required").ValueKind);
    }
}
