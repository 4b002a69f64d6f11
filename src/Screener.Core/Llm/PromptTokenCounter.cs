using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace Screener.Core.Llm;

/// <summary>
/// Counts the prompt tokens of a call before it is made, for the cost estimate: exactly with the model's own tokenizer
/// where it is known (Microsoft.ML.Tokenizers' tiktoken encoding chosen from the model name, as the library maps
/// OpenAI model names to o200k_base / cl100k_base; the GGUF file's tokenizer and chat template for llamasharp), and
/// otherwise by <see cref="TokenEstimate"/>, labelled as an estimate.
/// </summary>
public sealed class PromptTokenCounter
{
    // OpenAI's accounting of a chat request: about 3 tokens of framing per message and 3 to prime the reply
    // (the OpenAI cookbook's count for current models); the messages themselves are counted exactly.
    private const int TokensPerMessage = 3;
    private const int ReplyPrimingTokens = 3;

    private readonly Func<IReadOnlyList<ChatMessage>, int> _count;

    private PromptTokenCounter(string method, bool exact, Func<IReadOnlyList<ChatMessage>, int> count)
    {
        Method = method;
        Exact = exact;
        _count = count;
    }

    /// <summary>How the tokens are counted, for the output: "exact: ..." or "estimate: ...".</summary>
    public string Method { get; }

    public bool Exact { get; }

    public int Count(IReadOnlyList<ChatMessage> messages) => _count(messages);

    public int CountText(string text) => _count([new ChatMessage(ChatRole.User, text)]);

    /// <summary>The counter for <paramref name="model"/> as served by <paramref name="chat"/>.</summary>
    public static PromptTokenCounter For(string model, IChatClient? chat)
    {
        if (chat?.GetService<LlamaSharpChatClient>() is { } local)
            return new PromptTokenCounter($"exact: the GGUF model's own tokenizer and chat template ({model})", true, local.CountPromptTokens);
        if (Tiktoken(model) is { } tokenizer)
            return new PromptTokenCounter($"exact: Microsoft.ML.Tokenizers tiktoken encoding for '{model}' (+{TokensPerMessage} a message)", true,
                messages => messages.Sum(m => tokenizer.CountTokens(m.Text) + TokensPerMessage) + ReplyPrimingTokens);
        return new PromptTokenCounter(
            $"estimate: no tokenizer known for '{model}', {TokenEstimate.CharactersPerToken} characters a token", false,
            messages => messages.Sum(m => TokenEstimate.FromText(m.Text.Length)));
    }

    private static TiktokenTokenizer? Tiktoken(string model)
    {
        try
        {
            return TiktokenTokenizer.CreateForModel(model);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null; // not an OpenAI model name the library knows (a local model, an Azure deployment name)
        }
    }
}
