using System.Globalization;
using System.Text;

namespace Screener.Core.Tests.TestData;

/// <summary>One row of a screening file in the shape of the evaluation data's records.csv.</summary>
internal sealed record SyntheticRecord(string Id, string Title, string? Abstract, string? Doi, string? Pmid, int? Year,
    IReadOnlyList<string> Authors, string? Journal, bool? LabelTitleAbstract, bool? LabelFinal);

/// <summary>A duplicate group planted by the generator: the first row and its later copies (0-based row indexes).</summary>
internal sealed record PlantedGroup(int Original, IReadOnlyList<int> Copies);

/// <summary>Generated records with the truth the generator knows about them.</summary>
internal sealed record SyntheticDataset(string Name, IReadOnlyList<SyntheticRecord> Records, IReadOnlyList<PlantedGroup> DuplicateGroups)
{
    public int TitleAbstractIncludes => Records.Count(r => r.LabelTitleAbstract == true);
    public int FinalIncludes => Records.Count(r => r.LabelFinal == true);

    /// <summary>RFC 4180 CSV with the columns `record_id,title,abstract,doi,pmid,year,authors,journal,label_ta,label_final`.</summary>
    public string Csv()
    {
        var sb = new StringBuilder("record_id,title,abstract,doi,pmid,year,authors,journal,label_ta,label_final\r\n");
        foreach (var r in Records)
            sb.AppendJoin(',', new[]
            {
                r.Id, r.Title, r.Abstract, r.Doi, r.Pmid, r.Year?.ToString(CultureInfo.InvariantCulture), string.Join("; ", r.Authors), r.Journal,
                Label(r.LabelTitleAbstract), Label(r.LabelFinal),
            }.Select(Quote)).Append("\r\n");
        return sb.ToString();
    }

    public string WriteCsv(string directory)
    {
        var path = Path.Combine(directory, Name + ".csv");
        File.WriteAllText(path, Csv(), new UTF8Encoding(false));
        return path;
    }

    private static string? Label(bool? label) => label is null ? null : label.Value ? "1" : "0";

    private static string Quote(string? field) =>
        field is null ? "" : field.IndexOfAny([',', '"', '\r', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Writes realistic screening records from a seed, so no test reads data from outside the repository: titles and abstracts
/// with punctuation, quotes, Unicode letters and symbols and line breaks, DOIs, PMIDs, years, authors with particles
/// and accents, title/abstract and final labels at a chosen include rate, and, on request, planted duplicates whose
/// pairs (and label conflicts) are known. Include records lean on a topic vocabulary by <c>Signal</c>, so ranking
/// has something to learn without the task being trivial.
/// </summary>
internal static class SyntheticRecords
{
    public sealed record Spec(string Name, int Records, int TitleAbstractIncludes, int FinalIncludes, int Seed)
    {
        public double PmidShare { get; init; } = 1;
        public double DoiShare { get; init; } = 0.5;
        public double AbstractShare { get; init; } = 0.9;
        /// <summary>Share of an include's topic words; excludes use the topic at a tenth of that (near misses).</summary>
        public double Signal { get; init; } = 0.5;
        public string IdPrefix { get; init; } = "rec_";
    }

    private static readonly string[] Topic =
        ["estrogen", "progestin", "postmenopausal", "hormone", "replacement", "therapy", "hot", "flushes", "vaginal", "bleeding",
         "endometrial", "bone", "density", "oestradiol", "conjugated", "equine", "tibolone", "menopause", "women", "randomized"];

    private static readonly string[] Background =
        ["effect", "of", "acute", "testosterone", "on", "myocardial", "ischemia", "in", "men", "with", "coronary", "artery", "disease",
         "children", "asthma", "inhaled", "corticosteroids", "cohort", "study", "outcomes", "after", "surgery", "knee", "osteoarthritis",
         "a", "trial", "comparing", "two", "doses", "pharmacokinetics", "healthy", "volunteers", "survey", "nurses", "attitudes",
         "toward", "smartphone", "use", "sleep", "quality", "students", "school", "teachers", "soft", "skills", "review", "evidence",
         "cost", "effectiveness", "analysis", "diabetes", "insulin", "glucose", "control", "elderly", "patients", "falls", "prevention",
         "depression", "anxiety", "cognitive", "behavioural", "intervention", "rats", "mice", "model", "stress", "hypertension",
         "blood", "pressure", "renal", "function", "infection", "vaccine", "immunogenicity", "safety", "tolerability", "placebo"];

    // Letters and symbols the records of real bibliographic databases carry, each of which a reader or writer can get wrong.
    private static readonly string[] Flourishes =
        ["17β-oestradiol", "α-tocopherol", "≥65 years", "±2 SD", "10 µg/day", "Müller's", "naïve", "Österreich", "café-au-lait",
         "risk (RR, 2.1–5.7)", "\"real-world\" data", "50% & more", "follow-up — 12 months", "women’s health", "n = 40; p < 0.05"];

    private static readonly string[] Surnames =
        ["Webb", "Adamson", "de Zeigler", "Collins", "Ensom", "de Lignières", "Müller", "Ahmedzai", "O'Brien", "van der Valk",
         "García-López", "Nørgaard", "Schäfer", "Chou", "Nelson", "Kim", "Nguyen", "Smith", "Dupont", "Łukasik", "Rossi", "Ng"];

    private static readonly string?[] Journals =
        ["Pharmacotherapy", "Maturitas", "Menopause (New York, N.Y.)", "BMJ", "The Lancet", "Obstetrics & Gynecology",
         "Journal of Women's Health", "Climacteric : the journal of the International Menopause Society", null];

    public static SyntheticDataset Generate(Spec spec)
    {
        var random = new Random(spec.Seed);
        var ta = Pick(random, spec.Records, spec.TitleAbstractIncludes, Enumerable.Range(0, spec.Records));
        var final = Pick(random, spec.Records, spec.FinalIncludes, ta.Count >= spec.FinalIncludes ? ta : Enumerable.Range(0, spec.Records));
        var records = new List<SyntheticRecord>(spec.Records);
        for (var i = 0; i < spec.Records; i++)
        {
            var include = ta.Contains(i) || final.Contains(i);
            var share = include ? spec.Signal : spec.Signal / 10;
            var title = Sentence(random, 6 + random.Next(9), share, capitalise: true, i) + (random.Next(3) == 0 ? "." : "");
            string? abstractText = random.NextDouble() < spec.AbstractShare ? Abstract(random, share) : null;
            records.Add(new SyntheticRecord($"{spec.IdPrefix}{i + 1}", title, abstractText,
                random.NextDouble() < spec.DoiShare ? $"10.{1000 + random.Next(9000)}/j.syn.{spec.Seed}.{i + 1}" : null,
                random.NextDouble() < spec.PmidShare ? (10_000_000 + spec.Seed * 10_000 + i).ToString(CultureInfo.InvariantCulture) : null,
                1985 + random.Next(38), Authors(random), Journals[random.Next(Journals.Length)],
                spec.TitleAbstractIncludes > 0 ? ta.Contains(i) : null, spec.FinalIncludes > 0 ? final.Contains(i) : null));
        }
        return new SyntheticDataset(spec.Name, records, []);
    }

    /// <summary>
    /// Appends <paramref name="copies"/> rows that repeat earlier records' title, year and first author without their
    /// identifiers (as a second database export would), in groups of two and a few of three; the first
    /// <paramref name="conflicting"/> groups carry the opposite title/abstract label on one copy.
    /// </summary>
    public static SyntheticDataset WithDuplicates(SyntheticDataset data, int copies, int conflicting, int seed)
    {
        var random = new Random(seed);
        var rows = data.Records.ToList();
        var originals = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).ToList();
        var groups = new List<PlantedGroup>();
        var made = 0;
        for (var g = 0; made < copies; g++)
        {
            var original = originals[g];
            var size = made + 2 <= copies && g % 5 == 4 ? 2 : 1;
            var members = new List<int>();
            for (var c = 0; c < size; c++)
            {
                var source = rows[original];
                var flip = g < conflicting && c == 0;
                members.Add(rows.Count);
                rows.Add(source with
                {
                    Id = $"{source.Id}_dup{c + 1}",
                    Doi = null,
                    Pmid = null,
                    Title = Restyle(source.Title, random),
                    Abstract = random.Next(4) == 0 ? null : source.Abstract,
                    LabelTitleAbstract = flip ? !source.LabelTitleAbstract : source.LabelTitleAbstract,
                });
            }
            made += size;
            groups.Add(new PlantedGroup(original, members));
        }
        return data with { Records = rows, DuplicateGroups = groups };
    }

    /// <summary>
    /// The same records as another database exports them: "Surname, I" authors, restyled titles (case, final period,
    /// HTML italics), PMIDs kept for most, DOIs added where the first copy lacked one, and some abstracts missing.
    /// Row i of the copy is the same work as row i of <paramref name="data"/>.
    /// </summary>
    public static SyntheticDataset AnotherDatabaseCopy(SyntheticDataset data, string name, string idPrefix, int seed)
    {
        var random = new Random(seed);
        var rows = data.Records.Select((r, i) => r with
        {
            Id = $"{idPrefix}{i + 1}",
            Title = Restyle(r.Title, random),
            Authors = r.Authors.Select(SurnameFirst).ToList(),
            Pmid = random.Next(5) == 0 ? null : r.Pmid,
            Doi = r.Doi ?? (random.Next(2) == 0 ? $"10.9999/copy.{seed}.{i + 1}" : null),
            Abstract = random.Next(5) == 0 ? null : r.Abstract,
            Journal = r.Journal?.ToUpperInvariant(),
        }).ToList();
        return new SyntheticDataset(name, rows, []);
    }

    private static HashSet<int> Pick(Random random, int count, int wanted, IEnumerable<int> from) =>
        from.OrderBy(_ => random.Next()).Take(Math.Min(wanted, count)).ToHashSet();

    private static string Sentence(Random random, int words, double topicShare, bool capitalise, int salt)
    {
        var list = new List<string>(words + 1);
        for (var w = 0; w < words; w++)
            list.Add(random.NextDouble() < topicShare ? Topic[random.Next(Topic.Length)] : Background[random.Next(Background.Length)]);
        if (salt >= 0) list.Insert(random.Next(list.Count), Salt(salt)); // every title differs from every other in a word
        if (random.Next(4) == 0) list.Insert(random.Next(list.Count), Flourishes[random.Next(Flourishes.Length)]);
        var text = string.Join(' ', list);
        return capitalise ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    /// <summary>A made-up word unique to record <paramref name="i"/> (Latin-looking, like a drug or place name).</summary>
    private static string Salt(int i)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "so"];
        var sb = new StringBuilder();
        for (var n = i + 1; n > 0; n /= 10) sb.Append(syllables[n % 10]);
        return sb.Append("ine").ToString();
    }

    private static string Abstract(Random random, double topicShare)
    {
        var sentences = Enumerable.Range(0, 3 + random.Next(5)).Select(_ => Sentence(random, 8 + random.Next(14), topicShare, true, -1) + ".");
        var headed = random.Next(3) == 0; // structured abstracts break lines between their sections
        return headed
            ? string.Join("\n", sentences.Select((s, k) => (k == 0 ? "BACKGROUND: " : k == 1 ? "METHODS: " : "RESULTS: ") + s))
            : string.Join(' ', sentences);
    }

    private static List<string> Authors(Random random) =>
        Enumerable.Range(0, random.Next(8)).Select(_ =>
        {
            var initials = new string((char)('A' + random.Next(26)), 1) + (random.Next(2) == 0 ? " " + (char)('A' + random.Next(26)) : "");
            return $"{initials} {Surnames[random.Next(Surnames.Length)]}";
        }).Distinct().ToList(); // one person is listed once

    private static string SurnameFirst(string author)
    {
        var words = author.Split(' ');
        var initials = words.TakeWhile(w => w.Length == 1).ToList();
        return $"{string.Join(' ', words.Skip(initials.Count))}, {string.Join("", initials)}";
    }

    private static string Restyle(string title, Random random) => random.Next(4) switch
    {
        0 => title.TrimEnd('.'),
        // Upper case for ASCII only: the micro sign's capital is Greek Mu, which lower-cases to another letter.
        1 => new string(title.Select(c => c < 128 ? char.ToUpperInvariant(c) : c).ToArray()),
        2 => title.Replace(" of ", " of <i>", StringComparison.Ordinal) is var s && s != title ? s + "</i>" : title + ".",
        _ => title,
    };
}
