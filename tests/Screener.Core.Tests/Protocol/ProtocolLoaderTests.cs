using Screener.Core.Protocol;

namespace Screener.Core.Tests.Protocol;

public sealed class ProtocolLoaderTests
{
    private static string RepoFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Screener.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException("repository root not found");
    }

    private const string Minimal = """
        title: T
        question: Q?
        picos:
          population: adults
          intervention: drug
          comparison: placebo
          outcomes: mortality
          study_design: RCT
        inclusion_criteria:
          - Adults aged 18 or over.
          - Randomised controlled trial.
        """;

    [Fact]
    public async Task The_example_from_the_context_review_loads_with_its_table_1_columns()
    {
        var protocol = await ProtocolLoader.LoadFileAsync(RepoFile("examples", "genai-personalized-medicine", "protocol.yaml"), CancellationToken.None);

        Assert.Equal(["I1", "I2", "I3", "I4"], protocol.InclusionCriteria.Select(c => c.Id));
        Assert.Equal(["E1", "E2", "E3", "E4"], protocol.ExclusionCriteria.Select(c => c.Id));
        Assert.Equal(["author", "publishing_year", "study_design", "underlying_generative_model", "applied_generative_model", "focused_application"],
            protocol.ExtractionForm.Take(6).Select(f => f.Name));
        Assert.Equal(FieldType.Enum, protocol.ExtractionForm.Single(f => f.Name == "underlying_generative_model").Type);
    }

    [Fact]
    public void Bare_criteria_are_numbered_by_position_and_defaults_fill_the_policy()
    {
        var protocol = ProtocolLoader.Parse(Minimal, "p.yaml");

        Assert.Equal([new Criterion("I1", "Adults aged 18 or over."), new Criterion("I2", "Randomised controlled trial.")], protocol.InclusionCriteria);
        Assert.Empty(protocol.ExclusionCriteria);
        Assert.Equal(ScreeningPolicy.Default.Slots, protocol.Screening.Slots);
        Assert.Equal(64, protocol.Hash.Length);
    }

    [Fact]
    public void An_exclusion_reason_is_optional_unless_the_screening_policy_requires_it()
    {
        var required = ProtocolLoader.Parse(Minimal + "\nscreening:\n  exclusion_reason_required: true", "p.yaml");
        var notBool = Assert.Throws<ProtocolValidationException>(() => ProtocolLoader.Parse(Minimal + "\nscreening:\n  exclusion_reason_required: sometimes", "p.yaml"));

        Assert.False(ProtocolLoader.Parse(Minimal, "p.yaml").Screening.ExclusionReasonRequired);
        Assert.True(required.Screening.ExclusionReasonRequired);
        Assert.Contains("exclusion_reason_required", notBool.Message);
    }

    [Fact]
    public void The_hash_changes_with_any_edit_of_the_text()
    {
        Assert.NotEqual(ProtocolLoader.Parse(Minimal, "p").Hash, ProtocolLoader.Parse(Minimal + "\n# note", "p").Hash);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line_and_column()
    {
        var yaml = Minimal + """

            exclusion_criteria:
              - id: I1
                text: duplicate id
            extraction_form:
              - name: arms
                type: enum
                description: arms
              - name: Bad Name
                type: text
                description: x
            screening:
              uncertain_band: [0.9, 0.1]
              slots:
                - name: a
                  repeats: 3
            colour: blue
            """;

        var e = Assert.Throws<ProtocolValidationException>(() => ProtocolLoader.Parse(yaml, "p.yaml"));

        Assert.Contains(e.Errors, x => x is { Line: 13, Column: 5 } && x.Message.Contains("'I1' is used twice"));
        Assert.Contains(e.Errors, x => x is { Line: 16, Column: 5 } && x.Message.Contains("enum field 'arms' needs 'values'"));
        Assert.Contains(e.Errors, x => x is { Line: 19, Column: 5 } && x.Message.Contains("lower_snake_case"));
        Assert.Contains(e.Errors, x => x is { Line: 23, Column: 19 } && x.Message.Contains("low (0.9) is above high (0.1)"));
        Assert.Contains(e.Errors, x => x is { Line: 25, Column: 7 } && x.Message.Contains("repeats 3 times at temperature 0"));
        Assert.Contains(e.Errors, x => x is { Line: 27, Column: 1 } && x.Message.Contains("unknown key 'colour'"));
        Assert.Equal(6, e.Errors.Count);
    }

    [Fact]
    public void Broken_yaml_is_reported_at_its_position()
    {
        var e = Assert.Throws<ProtocolValidationException>(() => ProtocolLoader.Parse("title: [unclosed\nquestion: q", "p.yaml"));

        var error = Assert.Single(e.Errors);
        Assert.StartsWith("not valid YAML", error.Message);
        Assert.True(error.Line >= 1);
    }

    [Fact]
    public void Without_a_full_text_section_full_text_reuses_the_title_abstract_criteria_and_reasons()
    {
        var protocol = ProtocolLoader.Parse(Minimal + "\nexclusion_reasons: [wrong population, not an RCT]", "p.yaml");

        Assert.Equal(protocol.InclusionCriteria, protocol.Eligibility(Core.Vocabulary.ReviewStage.FullText).InclusionCriteria);
        Assert.Equal(["wrong population", "not an RCT"], protocol.Eligibility(Core.Vocabulary.ReviewStage.FullText).ExclusionReasons);
        Assert.Equal(protocol.ExclusionReasons, protocol.Eligibility(Core.Vocabulary.ReviewStage.TitleAbstract).ExclusionReasons);
    }

    [Fact]
    public void A_full_text_section_gives_its_own_criteria_and_reasons_and_each_absent_key_falls_back()
    {
        var yaml = Minimal + """

            exclusion_reasons: [wrong population]
            exclusion_criteria: [Animal study.]
            full_text:
              inclusion_criteria:
                - id: I1
                  text: Adults aged 18 or over, reported separately.
              exclusion_reasons: [wrong population, no full text in English, conference abstract only]
            """;

        var fullText = ProtocolLoader.Parse(yaml, "p.yaml").Eligibility(Core.Vocabulary.ReviewStage.FullText);

        Assert.Equal([new Criterion("I1", "Adults aged 18 or over, reported separately.")], fullText.InclusionCriteria);
        Assert.Equal([new Criterion("E1", "Animal study.")], fullText.ExclusionCriteria);
        Assert.Equal(["wrong population", "no full text in English", "conference abstract only"], fullText.ExclusionReasons);
    }

    [Fact]
    public void A_broken_full_text_section_is_reported_with_its_lines()
    {
        var yaml = Minimal + """

            full_text:
              inclusion_criteria: []
              exclusion_criteria:
                - id: E1
                  text: a
                - id: E1
                  text: b
              exclusion_reasons: []
              reasons: [typo]
            """;

        var e = Assert.Throws<ProtocolValidationException>(() => ProtocolLoader.Parse(yaml, "p.yaml"));

        Assert.Contains(e.Errors, x => x.Line == 13 && x.Message.Contains("'full_text.inclusion_criteria' must list at least one criterion"));
        Assert.Contains(e.Errors, x => x.Line == 17 && x.Message.Contains("'E1' is used twice"));
        Assert.Contains(e.Errors, x => x.Line == 19 && x.Message.Contains("'full_text.exclusion_reasons' must list at least one reason"));
        Assert.Contains(e.Errors, x => x.Line == 20 && x.Message.Contains("unknown key 'reasons'"));
        Assert.Equal(4, e.Errors.Count);
    }
}
