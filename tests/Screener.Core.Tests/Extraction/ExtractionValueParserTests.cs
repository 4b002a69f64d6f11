using Screener.Core.Extraction;
using Screener.Core.Protocol;

namespace Screener.Core.Tests.Extraction;

public sealed class ExtractionValueParserTests
{
    private static ExtractionField Field(FieldType type, params string[] values) => new("f", type, "", false, values);

    [Theory]
    [InlineData(FieldType.Text, " phase 1 ", "\"phase 1\"")]
    [InlineData(FieldType.Integer, "14", "14")]
    [InlineData(FieldType.Number, "2.5", "2.5")]
    [InlineData(FieldType.Boolean, "Yes", "true")]
    [InlineData(FieldType.List, "half-life; Ctrough\nclearance", "[\"half-life\",\"Ctrough\",\"clearance\"]")]
    public void Edited_text_becomes_the_fields_typed_json(FieldType type, string text, string json)
    {
        Assert.Equal(json, ExtractionValueParser.Parse(Field(type), text));
    }

    [Fact]
    public void An_enum_value_is_matched_to_the_allowed_spelling()
    {
        Assert.Equal("\"RCT\"", ExtractionValueParser.Parse(Field(FieldType.Enum, "RCT", "cohort"), "rct"));
    }

    [Theory]
    [InlineData(FieldType.Integer, "twelve")]
    [InlineData(FieldType.Integer, "1.5")]
    [InlineData(FieldType.Number, "NaN")]
    [InlineData(FieldType.Boolean, "maybe")]
    [InlineData(FieldType.Text, "  ")]
    public void A_value_that_does_not_fit_the_type_is_refused_naming_the_field(FieldType type, string text)
    {
        Assert.Equal("value", Assert.Throws<InvalidInputException>(() => ExtractionValueParser.Parse(Field(type), text)).Field);
    }

    [Fact]
    public void Stored_values_display_as_reviewers_type_them()
    {
        Assert.Equal("a\nb", ExtractionValueParser.Display("[\"a\",\"b\"]"));
        Assert.Equal("phase 1", ExtractionValueParser.Display("\"phase 1\""));
        Assert.Equal("12", ExtractionValueParser.Display("12"));
    }
}
