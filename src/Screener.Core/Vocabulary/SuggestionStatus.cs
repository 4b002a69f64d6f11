namespace Screener.Core.Vocabulary;

public enum SuggestionStatus
{
    /// <summary>The reply parsed and validated against the schema.</summary>
    Parsed,

    /// <summary>The reply (and its one repair) did not parse: the raw text is kept, no decision is guessed.</summary>
    Unparseable,

    /// <summary>No usable reply: the call failed after its retries (the cause is in Error).</summary>
    Failed,
}
