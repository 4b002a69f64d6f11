using Screener.Core;
using Screener.Core.Vocabulary;

namespace Screener.Web.Api;

/// <summary>Request words to enums, with field errors the caller can act on (instead of a bare 400 from binding).</summary>
public static class Parse
{
    public static TEnum Enum<TEnum>(string field, string? value, TEnum? fallback = null) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
            return fallback ?? throw new InvalidInputException(field, "is required: one of " + Allowed<TEnum>());
        return System.Enum.TryParse<TEnum>(value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _)
            ? parsed
            : throw new InvalidInputException(field, $"'{value}' is not one of " + Allowed<TEnum>());
    }

    public static ReviewStage Stage(string? value) => Enum<ReviewStage>("stage", value, ReviewStage.TitleAbstract);

    private static string Allowed<TEnum>() where TEnum : struct, System.Enum =>
        string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
}
