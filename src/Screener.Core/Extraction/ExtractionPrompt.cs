using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Screening;

namespace Screener.Core.Extraction;

public static class ExtractionPrompt
{
    public const string DefaultPrompt = "extraction/v1";

    /// <summary>Extraction from a stored full text: the text comes page by page and every answer cites its page.</summary>
    public const string FullTextPrompt = "extraction-fulltext/v1";

    public static RenderedPrompt RenderFullText(PromptTemplate template, ReviewProtocol protocol, Record record, FullTextPassages passages) =>
        template.Render(new Dictionary<string, string>
        {
            ["review_title"] = protocol.Title,
            ["question"] = protocol.Question,
            ["fields"] = string.Join("\n", protocol.ExtractionForm.Select(Describe)),
            ["text_scope"] = passages.Scope,
            ["record_title"] = ScreeningPrompt.Untrusted(record.Title, "study"),
            ["record_text"] = ScreeningPrompt.Untrusted(passages.Text, "study"),
        });

    /// <summary>What the chunks of a paper are searched with for one field: its name in words and its description.</summary>
    public static string FieldQuery(ExtractionField field) => field.Name.Replace('_', ' ') + ": " + field.Description;

    public static RenderedPrompt Render(PromptTemplate template, ReviewProtocol protocol, Record record, ExtractionSource source) =>
        template.Render(new Dictionary<string, string>
        {
            ["review_title"] = protocol.Title,
            ["question"] = protocol.Question,
            ["fields"] = string.Join("\n", protocol.ExtractionForm.Select(Describe)),
            ["source_kind"] = source.Kind == ExtractionSource.Abstract ? "title and abstract" : "full text",
            ["record_title"] = ScreeningPrompt.Untrusted(record.Title, "study"),
            ["record_text"] = ScreeningPrompt.Untrusted(source.Kind == ExtractionSource.Abstract ? record.Abstract ?? "(no abstract)" : source.Text, "study"),
        });

    private static string Describe(ExtractionField f)
    {
        var type = f.Type.ToString().ToLowerInvariant();
        var allowed = f.AllowedValues.Count > 0 ? $"; allowed: {string.Join(" | ", f.AllowedValues)}" : "";
        return $"- {f.Name} ({type}{allowed}{(f.Required ? "; required" : "")}): {f.Description}";
    }
}
