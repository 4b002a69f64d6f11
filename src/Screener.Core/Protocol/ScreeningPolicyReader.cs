using YamlDotNet.RepresentationModel;

namespace Screener.Core.Protocol;

internal static class ScreeningPolicyReader
{
    public static ScreeningPolicy Read(YamlNodeReader reader, YamlMappingNode root)
    {
        var defaults = ScreeningPolicy.Default;
        var map = reader.Mapping(YamlNodeReader.Get(root, "screening"), "screening");
        if (map is null) return defaults;
        reader.RejectUnknownKeys(map, "screening", "slots", "uncertain_band", "dual_human_review", "show_llm_suggestion", "exclusion_reason_required");

        var slots = ReadSlots(reader, map) ?? defaults.Slots;
        var (low, high) = (defaults.UncertainLow, defaults.UncertainHigh);
        if (reader.Sequence(YamlNodeReader.Get(map, "uncertain_band"), "uncertain_band") is { } band)
        {
            if (band.Children.Count != 2)
                reader.Error(band, "'uncertain_band' must be two numbers [low, high] between 0 and 1");
            else
            {
                low = reader.NumberOf(band.Children[0], "uncertain_band low", low, 0, 1);
                high = reader.NumberOf(band.Children[1], "uncertain_band high", high, 0, 1);
                if (low > high) reader.Error(band, $"'uncertain_band' low ({low}) is above high ({high})");
            }
        }
        return new ScreeningPolicy(slots, low, high,
            reader.Bool(map, "dual_human_review", defaults.DualHumanReview),
            reader.Bool(map, "show_llm_suggestion", defaults.ShowLlmSuggestion),
            reader.Bool(map, "exclusion_reason_required", defaults.ExclusionReasonRequired));
    }

    private static List<ReviewerSlot>? ReadSlots(YamlNodeReader reader, YamlMappingNode map)
    {
        var seq = reader.Sequence(YamlNodeReader.Get(map, "slots"), "slots");
        if (seq is null) return null;
        var slots = new List<ReviewerSlot>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in seq)
        {
            var slot = reader.Mapping(item, "slots entry");
            if (slot is null) continue;
            reader.RejectUnknownKeys(slot, "a reviewer slot", "name", "prompt", "model", "provider", "temperature", "repeats", "seed");
            var name = reader.String(slot, "name", required: true, "a reviewer slot");
            var prompt = reader.String(slot, "prompt", required: false, "a reviewer slot") ?? ScreeningPolicy.DefaultPrompt;
            var model = reader.String(slot, "model", required: false, "a reviewer slot");
            var provider = reader.String(slot, "provider", required: false, "a reviewer slot");
            var temperature = reader.Number(slot, "temperature", 0, 0, 2);
            var repeats = reader.Integer(slot, "repeats", 1, 1, 20) ?? 1;
            var seed = reader.Integer(slot, "seed", null, 0, int.MaxValue);
            if (repeats > 1 && temperature == 0)
                reader.Error(slot, $"slot '{name}' repeats {repeats} times at temperature 0: repeats only add information above 0");
            if (name is not null && !names.Add(name)) reader.Error(slot, $"slot name '{name}' is used twice");
            if (name is not null) slots.Add(new ReviewerSlot(name, prompt, model, temperature, repeats, seed, provider));
        }
        if (slots.Count == 0 && seq.Children.Count == 0) reader.Error(seq, "'slots' must list at least one reviewer slot");
        return slots;
    }
}
