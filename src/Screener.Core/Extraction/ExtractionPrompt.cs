using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;
using Screener.Core.Screening;

namespace Screener.Core.Extraction;

public static class ExtractionPrompt
{
    public const string DefaultPrompt = "extraction/v1";

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
