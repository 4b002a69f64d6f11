namespace Screener.IntegrationTests.Evaluation;

/// <summary>A tokenised abstract with one BIO tag per token (EBM-NLP's shape) and the PICO spans those tags mark.</summary>
internal sealed record PicoAbstract(string Pmid, IReadOnlyList<string> Tokens, IReadOnlyList<string> Bio, IReadOnlyList<(string Label, int Start, int End)> Spans)
{
    public string Text => string.Join(' ', Tokens);
}

/// <summary>
/// RCT abstracts in the shape of EBM-NLP (Nye et al. 2018): running text with population (PAR), intervention (INT)
/// and outcome (OUT) spans of one to eight tokens, never adjacent, so the BIO tags and the spans say the same thing.
/// </summary>
internal static class SyntheticPicoAbstracts
{
    private static readonly Dictionary<string, string[]> Phrases = new()
    {
        ["PAR"] = ["postmenopausal women", "children aged 6 to 12 years with asthma", "patients", "adults with type 2 diabetes",
                   "120 healthy volunteers", "elderly nursing-home residents ( ≥65 years )", "men with coronary artery disease"],
        ["INT"] = ["placebo", "oral micronized progesterone", "inhaled budesonide 400 µg daily", "cognitive behavioural therapy",
                   "metformin", "usual care", "a smartphone-based reminder"],
        ["OUT"] = ["HbA1c", "time to 1-mm ST-segment depression", "bone mineral density at 12 months", "adverse events",
                   "quality of life ( SF-36 )", "mortality", "symptom-free days", "vaginal bleeding"],
    };

    private static readonly string[] Filler =
        ["we", "randomly", "assigned", "to", "receive", "or", "for", "weeks", ".", "the", "primary", "end", "point", "was", ",",
         "and", "secondary", "included", "in", "a", "double-blind", "trial", "compared", "with", "(", ")", "p", "=", "0.016", "results"];

    public static List<PicoAbstract> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var abstracts = new List<PicoAbstract>(count);
        for (var a = 0; a < count; a++)
        {
            var tokens = new List<string>();
            var bio = new List<string>();
            var spans = new List<(string, int, int)>();
            void AddFiller(int n)
            {
                for (var i = 0; i < n; i++) { tokens.Add(Filler[random.Next(Filler.Length)]); bio.Add("O"); }
            }
            AddFiller(1 + random.Next(4)); // every abstract opens with an untagged token
            for (var s = 0; s < 8 + random.Next(18); s++)
            {
                var label = random.Next(3) switch { 0 => "PAR", 1 => "INT", _ => "OUT" };
                var words = Phrases[label][random.Next(Phrases[label].Length)].Split(' ');
                spans.Add((label, tokens.Count, tokens.Count + words.Length));
                tokens.AddRange(words);
                bio.AddRange(words.Select(_ => "I-" + label));
                AddFiller(1 + random.Next(12));
            }
            abstracts.Add(new PicoAbstract((9_000_000 + seed * 1000 + a).ToString(System.Globalization.CultureInfo.InvariantCulture), tokens, bio, spans));
        }
        return abstracts;
    }
}
