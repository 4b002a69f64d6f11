using System.Text.Json;
using Screener.Core.Llm;

namespace Screener.Core.Tests.Llm;

public sealed class JsonSchemaGrammarTests
{
    private static string Gbnf(string schema, int maxString = 256) =>
        JsonSchemaGrammar.FromSchema(JsonDocument.Parse(schema).RootElement, "t", maxString).Gbnf;

    [Fact]
    public void Every_property_is_written_in_the_schema_order()
    {
        var gbnf = Gbnf("""{"type":"object","properties":{"b":{"type":"boolean"},"a":{"type":"null"}}}""");

        Assert.Contains("\"\\\"b\\\"\" ws \":\" ws n1 \",\" ws \"\\\"a\\\"\" ws \":\" ws n2", gbnf);
        Assert.Contains("n1 ::= \"true\" | \"false\"", gbnf);
        Assert.Contains("n2 ::= \"null\"", gbnf);
    }

    [Fact]
    public void A_list_keyed_by_an_enum_has_one_item_per_key_in_order()
    {
        var gbnf = Gbnf("""
            {"type":"array","items":{"type":"object","properties":{"id":{"type":"string","enum":["I1","E1"]},"ok":{"type":"boolean"}}}}
            """);

        var list = gbnf.Split('\n').Single(l => l.Contains("\"[\"", StringComparison.Ordinal));
        var items = list.Split(" \",\" ws ");
        Assert.Equal(2, items.Length);
        Assert.Contains("\"\\\"I1\\\"\"", gbnf);
        Assert.True(gbnf.IndexOf("\\\"I1\\\"", StringComparison.Ordinal) < gbnf.IndexOf("\\\"E1\\\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_number_between_0_and_1_cannot_be_written_outside_that_range()
    {
        var gbnf = Gbnf("""{"type":"number","minimum":0,"maximum":1}""");

        Assert.Contains("n1 ::= \"0\" (\".\" [0-9]{1,4})? | \"1\" (\".\" \"0\"{1,4})?\n", gbnf);
    }

    [Fact]
    public void Strings_are_bounded_by_the_smaller_of_maxLength_and_the_setting()
    {
        Assert.Contains("{0,12}", Gbnf("""{"type":"string"}""", maxString: 12));
        Assert.Contains("{0,5}", Gbnf("""{"type":"string","maxLength":5}""", maxString: 12));
    }

    [Fact]
    public void Nullable_types_and_anyOf_become_alternatives()
    {
        var nullable = Gbnf("""{"type":["integer","null"]}""");
        var anyOf = Gbnf("""{"anyOf":[{"const":true},{"const":"x"}]}""");

        Assert.Contains("n3 ::= n1 | n2\n", nullable);
        Assert.Contains("\"null\"", nullable);
        Assert.Contains("n1 ::= \"true\"", anyOf);
        Assert.Contains("n2 ::= \"\\\"x\\\"\"", anyOf);
    }

    [Fact]
    public void The_audit_name_says_which_schema_and_the_hash_changes_with_the_grammar()
    {
        var a = JsonSchemaGrammar.FromSchema(JsonDocument.Parse("""{"type":"boolean"}""").RootElement, "screening_reply");
        var b = JsonSchemaGrammar.FromSchema(JsonDocument.Parse("""{"type":"null"}""").RootElement, "screening_reply");

        Assert.Equal("gbnf from json schema 'screening_reply'", a.Description);
        Assert.NotEqual(a.Sha256, b.Sha256);
    }
}
