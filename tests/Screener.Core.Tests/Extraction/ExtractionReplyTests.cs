using System.Text.Json.Nodes;
using Screener.Core.Extraction;
using Screener.Core.Protocol;

namespace Screener.Core.Tests.Extraction;

public sealed class ExtractionReplyTests
{
    private static readonly IReadOnlyList<ExtractionField> Form =
    [
        new("sample_size", FieldType.Integer, "participants", true, []),
        new("model", FieldType.Enum, "model family", true, ["GAN", "VAE"]),
        new("outcomes", FieldType.List, "measures", false, []),
        new("blinded", FieldType.Boolean, "blinding", false, []),
    ];

    private const string Abstract = "We trained a conditional GAN on records of 1,204 patients; AUC was 0.91 and accuracy 87%.";

    private static string Reply(string sampleSize = "1204", string evidence = "records of 1,204 patients", string model = "\"GAN\"") => $$"""
        {"fields":{
          "sample_size":{"value":{{sampleSize}},"not_reported":false,"evidence":"{{evidence}}","confidence":0.8},
          "model":{"value":{{model}},"not_reported":false,"evidence":"a conditional GAN","confidence":0.9},
          "outcomes":{"value":["AUC","accuracy"],"not_reported":false,"evidence":"AUC was 0.91 and accuracy 87%","confidence":0.7},
          "blinded":{"value":null,"not_reported":true,"evidence":"","confidence":0.6} } }
        """;

    [Fact]
    public void A_typed_reply_parses_with_not_reported_as_an_explicit_answer()
    {
        var parse = ExtractionReplySchema.Parse(Reply(), Form);

        Assert.True(parse.IsSuccess);
        Assert.Equal(1204, parse.Value![0].Value!.GetValue<int>());
        Assert.Equal(["AUC", "accuracy"], parse.Value![2].Value!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(parse.Value![3].NotReported);
        Assert.Null(parse.Value![3].Value);
    }

    [Theory]
    [InlineData("\"1204\"", "sample_size': the value must be a whole number")]
    [InlineData("12.5", "sample_size': the value must be a whole number")]
    [InlineData("null", "give a value, or not_reported: true")]
    public void Wrong_types_are_parse_errors(string sampleSize, string error) =>
        Assert.Contains(error, ExtractionReplySchema.Parse(Reply(sampleSize), Form).Error);

    [Fact]
    public void A_value_beside_not_reported_is_a_contradiction()
    {
        var reply = Reply().Replace("\"value\":null,\"not_reported\":true", "\"value\":true,\"not_reported\":true", StringComparison.Ordinal);

        Assert.Contains("a value was given but not_reported is true", ExtractionReplySchema.Parse(reply, Form).Error);
    }

    [Fact]
    public void An_invented_sample_size_is_flagged_and_numbers_always_need_a_check()
    {
        var parse = ExtractionReplySchema.Parse(Reply("120", "records of 120 patients"), Form);

        var flags = ExtractionGrounding.Flags(Form[0], parse.Value![0], Abstract);

        Assert.Equal([ExtractionGrounding.CheckRequired, ExtractionGrounding.UngroundedQuote, ExtractionGrounding.NumberNotInSource], flags);
    }

    [Fact]
    public void A_grounded_reply_has_only_the_standing_check_flags()
    {
        var fields = ExtractionReplySchema.Parse(Reply(), Form).Value!;

        Assert.Equal([ExtractionGrounding.CheckRequired], ExtractionGrounding.Flags(Form[0], fields[0], Abstract));
        Assert.Empty(ExtractionGrounding.Flags(Form[1], fields[1], Abstract));
        Assert.Equal([ExtractionGrounding.CheckRequired], ExtractionGrounding.Flags(Form[2], fields[2], Abstract));
        Assert.Empty(ExtractionGrounding.Flags(Form[3], fields[3], Abstract));
    }

    [Fact]
    public void An_enum_value_outside_the_allowed_ones_is_flagged()
    {
        var field = new ExtractedField("model", JsonValue.Create("Diffusion"), false, "a conditional GAN", 0.5);

        Assert.Contains(ExtractionGrounding.ValueNotAllowed, ExtractionGrounding.Flags(Form[1], field, Abstract));
    }

    [Theory]
    [InlineData(0, "240", "240")]
    [InlineData(1, "vae", "\"VAE\"")]
    [InlineData(2, "AUC; F1", "[\"AUC\",\"F1\"]")]
    [InlineData(3, "yes", "true")]
    public void Human_corrections_are_typed_by_the_field(int field, string text, string json) =>
        Assert.Equal(json, ExtractionValueParser.Parse(Form[field], text));

    [Theory]
    [InlineData(0, "about 240")]
    [InlineData(1, "Transformer")]
    [InlineData(3, "maybe")]
    public void Human_corrections_that_do_not_fit_the_field_are_refused(int field, string text) =>
        Assert.ThrowsAny<ScreenerException>(() => ExtractionValueParser.Parse(Form[field], text));
}
