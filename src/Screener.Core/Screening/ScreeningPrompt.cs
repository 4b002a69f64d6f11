using System.Globalization;
using System.Text.RegularExpressions;
using Screener.Core.Prompts;
using Screener.Core.Protocol;
using Screener.Core.Records;

namespace Screener.Core.Screening;

/// <summary>Turns a protocol and a record into the variables of a screening prompt.</summary>
public static partial class ScreeningPrompt
{
    public static RenderedPrompt Render(PromptTemplate template, ReviewProtocol protocol, Record record) =>
        template.Render(Variables(protocol, record));

    public static Dictionary<string, string> Variables(ReviewProtocol protocol, Record record) => Variables(protocol, protocol.TitleAbstract, record);

    /// <summary>The variables with one stage's criteria and reasons (full-text screening may have its own).</summary>
    public static Dictionary<string, string> Variables(ReviewProtocol protocol, StageEligibility eligibility, Record record) => new()
    {
        ["review_title"] = protocol.Title,
        ["question"] = protocol.Question,
        ["population"] = protocol.Picos.Population,
        ["intervention"] = protocol.Picos.Intervention,
        ["comparison"] = protocol.Picos.Comparison,
        ["outcomes"] = protocol.Picos.Outcomes,
        ["study_design"] = protocol.Picos.StudyDesign,
        ["inclusion_criteria"] = CriteriaList(eligibility.InclusionCriteria),
        ["exclusion_criteria"] = eligibility.ExclusionCriteria.Count == 0 ? "(none)" : CriteriaList(eligibility.ExclusionCriteria),
        ["exclusion_reasons"] = eligibility.ExclusionReasons.Count == 0 ? "(any short reason)" : string.Join("; ", eligibility.ExclusionReasons),
        ["record_title"] = Untrusted(record.Title),
        ["record_abstract"] = string.IsNullOrWhiteSpace(record.Abstract) ? "(no abstract)" : Untrusted(record.Abstract),
        ["record_meta"] = Untrusted(Meta(record)),
    };

    /// <summary>
    /// Record text is data, not instructions: any tag that could close or reopen the &lt;record&gt; block
    /// is neutralised so injected text cannot step outside it. Everything else is kept verbatim, so
    /// evidence quotes still match the source.
    /// </summary>
    public static string Untrusted(string text, string tag = "record") =>
        (tag == "record" ? RecordTag() : StudyTag()).Replace(text, m => "[" + m.Value[1..^1] + "]");

    private static string CriteriaList(IEnumerable<Criterion> criteria) =>
        string.Join("\n", criteria.Select(c => $"- {c.Id}: {c.Text}"));

    private static string Meta(Record record)
    {
        var parts = new List<string>();
        if (record.Year is { } year) parts.Add("Year: " + year.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrWhiteSpace(record.Journal)) parts.Add("Journal: " + record.Journal);
        return parts.Count == 0 ? "" : string.Join("; ", parts);
    }

    [GeneratedRegex(@"<\s*/?\s*record[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex RecordTag();

    [GeneratedRegex(@"<\s*/?\s*study[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StudyTag();
}
