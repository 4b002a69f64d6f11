using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Screener.Core.Protocol;

/// <summary>Loads a protocol YAML file and validates all of it; see examples/*/protocol.yaml for the format.</summary>
public static partial class ProtocolLoader
{
    private static readonly string[] TopLevelKeys =
        ["title", "question", "picos", "inclusion_criteria", "exclusion_criteria", "exclusion_reasons", "extraction_form", "screening", "full_text"];

    public static async Task<ReviewProtocol> LoadFileAsync(string path, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProtocolValidationException(path, [new ProtocolError(0, 0, $"cannot read the file: {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses and validates; throws <see cref="ProtocolValidationException"/> listing every problem.</summary>
    public static ReviewProtocol Parse(string yamlText, string path)
    {
        var errors = new List<ProtocolError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            throw new ProtocolValidationException(path, [new ProtocolError((int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {message}")]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, when a bracket or quote is still open at the end.
            var lastLine = yamlText.Split('\n').Length;
            throw new ProtocolValidationException(path, [new ProtocolError(lastLine, 1, "not valid YAML: a bracket or quote is still open at the end of the file")]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ProtocolValidationException(path, [new ProtocolError(1, 1, "the protocol must be a YAML mapping (title:, question:, picos:, ...)")]);

        var reader = new YamlNodeReader(errors);
        reader.RejectUnknownKeys(root, "the protocol", TopLevelKeys);
        var title = reader.String(root, "title", required: true, "the protocol") ?? "";
        var question = reader.String(root, "question", required: true, "the protocol") ?? "";
        var picos = ReadPicos(reader, root);
        var inclusion = ReadCriteria(reader, root, "inclusion_criteria", 'I', required: true);
        var exclusion = ReadCriteria(reader, root, "exclusion_criteria", 'E', required: false);
        CheckUniqueIds(reader, inclusion.Concat(exclusion));
        var reasons = reader.StringList(root, "exclusion_reasons");
        var titleAbstract = new StageEligibility(inclusion.Select(c => c.Criterion).ToList(), exclusion.Select(c => c.Criterion).ToList(), reasons);
        var fullText = ReadFullText(reader, root, titleAbstract);
        var form = ExtractionFormReader.Read(reader, root);
        var policy = ScreeningPolicyReader.Read(reader, root);

        if (errors.Count > 0)
            throw new ProtocolValidationException(path, errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        return new ReviewProtocol(title, question, picos, titleAbstract.InclusionCriteria, titleAbstract.ExclusionCriteria, reasons, form, policy,
            fullText, HashOf(yamlText));
    }

    /// <summary>
    /// The optional `full_text:` section: its own inclusion_criteria, exclusion_criteria and exclusion_reasons, each
    /// reusing the title/abstract one when absent (full-text screening usually applies the same criteria more
    /// strictly, and reviews often add reasons such as "no full text in English" only there).
    /// </summary>
    private static StageEligibility ReadFullText(YamlNodeReader reader, YamlMappingNode root, StageEligibility titleAbstract)
    {
        var node = reader.Mapping(YamlNodeReader.Get(root, "full_text"), "full_text");
        if (node is null) return titleAbstract;
        reader.RejectUnknownKeys(node, "full_text", "inclusion_criteria", "exclusion_criteria", "exclusion_reasons");
        var hasInclusion = YamlNodeReader.Get(node, "inclusion_criteria") is not null;
        var hasExclusion = YamlNodeReader.Get(node, "exclusion_criteria") is not null;
        var inclusion = ReadCriteria(reader, node, "inclusion_criteria", 'I', required: false);
        var exclusion = ReadCriteria(reader, node, "exclusion_criteria", 'E', required: false);
        if (hasInclusion && inclusion.Count == 0)
            reader.Error(YamlNodeReader.Get(node, "inclusion_criteria")!, "'full_text.inclusion_criteria' must list at least one criterion (or leave it out to reuse the title/abstract ones)");
        CheckUniqueIds(reader, inclusion.Concat(exclusion));
        var reasonsNode = YamlNodeReader.Get(node, "exclusion_reasons");
        var reasons = reader.StringList(node, "exclusion_reasons");
        if (reasonsNode is not null && reasons.Count == 0)
            reader.Error(reasonsNode, "'full_text.exclusion_reasons' must list at least one reason (or leave it out to reuse the title/abstract ones)");
        return new StageEligibility(
            hasInclusion ? inclusion.Select(c => c.Criterion).ToList() : titleAbstract.InclusionCriteria,
            hasExclusion ? exclusion.Select(c => c.Criterion).ToList() : titleAbstract.ExclusionCriteria,
            reasonsNode is not null ? reasons : titleAbstract.ExclusionReasons);
    }

    public static string HashOf(string yamlText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yamlText)));

    private static Picos ReadPicos(YamlNodeReader reader, YamlMappingNode root)
    {
        var node = reader.Mapping(YamlNodeReader.Get(root, "picos"), "picos");
        if (node is null)
        {
            if (YamlNodeReader.Get(root, "picos") is null) reader.Error(root, "the protocol is missing required key 'picos'");
            return new Picos("", "", "", "", "");
        }
        reader.RejectUnknownKeys(node, "picos", "population", "intervention", "comparison", "outcomes", "study_design");
        string Part(string key) => reader.String(node, key, required: true, "picos") ?? "";
        return new Picos(Part("population"), Part("intervention"), Part("comparison"), Part("outcomes"), Part("study_design"));
    }

    private sealed record PlacedCriterion(Criterion Criterion, YamlNode Node);

    private static List<PlacedCriterion> ReadCriteria(YamlNodeReader reader, YamlMappingNode root, string key, char prefix, bool required)
    {
        var result = new List<PlacedCriterion>();
        var rawNode = YamlNodeReader.Get(root, key);
        var seq = reader.Sequence(rawNode, key);
        if (seq is null)
        {
            if (rawNode is null && required) reader.Error(root, $"the protocol is missing required key '{key}'");
            return result;
        }
        if (seq.Children.Count == 0 && required) reader.Error(seq, $"'{key}' must list at least one criterion");
        var number = 0;
        foreach (var item in seq)
        {
            number++;
            // A bare string is a criterion numbered by its position: "I3" for the third inclusion criterion.
            if (item is YamlScalarNode { Value: { } text })
            {
                if (text.Trim().Length == 0) reader.Error(item, $"criterion {number} in '{key}' is empty");
                else result.Add(new(new Criterion($"{prefix}{number}", text.Trim()), item));
                continue;
            }
            var map = reader.Mapping(item, $"{key} entry");
            if (map is null) continue;
            reader.RejectUnknownKeys(map, $"a {key} entry", "id", "text");
            var id = reader.String(map, "id", required: false, key) ?? $"{prefix}{number}";
            var criterionText = reader.String(map, "text", required: true, $"criterion {id}");
            if (!CriterionId().IsMatch(id))
                reader.Error(map, $"criterion id '{id}' must be letters then digits, like {prefix}{number}");
            if (criterionText is not null) result.Add(new(new Criterion(id, criterionText), map));
        }
        return result;
    }

    private static void CheckUniqueIds(YamlNodeReader reader, IEnumerable<PlacedCriterion> criteria)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in criteria)
            if (!seen.Add(c.Criterion.Id)) reader.Error(c.Node, $"criterion id '{c.Criterion.Id}' is used twice");
    }

    [GeneratedRegex("^[A-Za-z]{1,8}[0-9]{1,4}[a-z]?$")]
    private static partial Regex CriterionId();
}
