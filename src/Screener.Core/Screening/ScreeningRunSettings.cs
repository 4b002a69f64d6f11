using System.Text.Json;
using Screener.Core.Jobs;
using Screener.Core.Llm;
using Screener.Core.Prompts;
using Screener.Core.Protocol;

namespace Screener.Core.Screening;

/// <summary>One slot's effective settings: what makes two runs the same run. Provider: a named provider, null for the Llm section.</summary>
public sealed record SlotSettings(string Slot, string Prompt, string PromptHash, string Model, double Temperature, int Repeats, int? Seed, string? Provider = null)
{
    /// <summary>(stage, record, slot and repeat, prompt version, model, protocol hash): the same work is never done twice.</summary>
    public string IdempotencyKey(long recordId, int repeat, string protocolHash, RunStage stage = RunStage.Screening) =>
        $"{(stage == RunStage.FullTextScreening ? "ftscreen" : "screen")}:{recordId}:{Slot}#{repeat}:{Prompt}@{PromptHash[..12]}:{(Provider is null ? Model : Provider + "/" + Model)}:{protocolHash[..16]}";
}

public static class ScreeningRunSettings
{
    /// <summary>
    /// Full-text screening keeps each slot's model, temperature and repeats but uses the full-text prompt: a slot's
    /// prompt is written for titles and abstracts.
    /// </summary>
    public static List<SlotSettings> Resolve(ReviewProtocol protocol, PromptLibrary prompts, LlmOptions llm, string? onlySlot, RunStage stage) =>
        stage != RunStage.FullTextScreening
            ? Resolve(protocol, prompts, llm, onlySlot)
            : Resolve(protocol, prompts, llm, onlySlot)
                .Select(s => s with { Prompt = FullTextScreeningPrompt.Prompt, PromptHash = prompts.Get(FullTextScreeningPrompt.Prompt).FileHash }).ToList();

    /// <summary>
    /// A slot that names a provider (Llm:Providers:NAME) gets that provider's client, limits and model (unless the slot
    /// names its own model); an unknown name stops the run before any work item is claimed.
    /// </summary>
    public static List<SlotSettings> Resolve(ReviewProtocol protocol, PromptLibrary prompts, LlmOptions llm, string? onlySlot)
    {
        var slots = protocol.Screening.Slots.Where(s => onlySlot is null || string.Equals(s.Name, onlySlot, StringComparison.OrdinalIgnoreCase)).ToList();
        if (slots.Count == 0)
            throw new ScreenerException($"no reviewer slot named '{onlySlot}' in the protocol (slots: {string.Join(", ", protocol.Screening.Slots.Select(s => s.Name))})");
        return slots.Select(s =>
        {
            LlmOptions? provider = null;
            if (s.Provider is not null && !llm.Providers.TryGetValue(s.Provider, out provider))
                throw new ScreenerException($"slot '{s.Name}' names provider '{s.Provider}', which is not configured " +
                    $"(known: {(llm.Providers.Count == 0 ? "none" : string.Join(", ", llm.Providers.Keys.Order(StringComparer.Ordinal)))}; " +
                    "add a section Llm:Providers:NAME or fix the protocol)");
            var model = s.Model ?? (provider ?? llm).Model;
            if (string.IsNullOrWhiteSpace(model))
                throw new ScreenerException($"slot '{s.Name}' has no model: set Llm:Model (SCREENER__Llm__Model) or the slot's model in the protocol");
            // The configured spelling of the name, so that keys and audit rows do not depend on how the protocol cased it.
            var providerName = s.Provider is null ? null : llm.Providers.Keys.First(k => string.Equals(k, s.Provider, StringComparison.OrdinalIgnoreCase));
            return new SlotSettings(s.Name, s.Prompt, prompts.Get(s.Prompt).FileHash, model, s.Temperature, s.Repeats, s.Seed, providerName);
        }).ToList();
    }

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string ToJson(IReadOnlyList<SlotSettings> slots) => JsonSerializer.Serialize(new SettingsDocument(slots.ToList()), Json);

    /// <summary>The slots a run was started with, so that a worker continues it as it was, whatever the current defaults.</summary>
    public static List<SlotSettings> FromJson(string settingsJson) =>
        JsonSerializer.Deserialize<SettingsDocument>(settingsJson, Json)?.Slots
        ?? throw new ScreenerException("the run's stored settings name no reviewer slots; start a new run with `screener screen`");

    private sealed record SettingsDocument(List<SlotSettings> Slots);
}
