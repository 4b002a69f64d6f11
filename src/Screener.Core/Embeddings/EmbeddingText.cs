namespace Screener.Core.Embeddings;

/// <summary>The text a record is embedded and ranked by: its title, then its abstract when it has one.</summary>
public static class EmbeddingText
{
    public static string Of(string title, string? abstractText) =>
        string.IsNullOrWhiteSpace(abstractText) ? title : title + "\n" + abstractText;
}
