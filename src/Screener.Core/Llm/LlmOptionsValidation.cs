using Microsoft.Extensions.Options;

namespace Screener.Core.Llm;

/// <summary>
/// The Llm section's checks (<see cref="LlmOptions.Validate"/>) as an options validator, so that ValidateOnStart runs
/// them when a host starts, beside the data-annotation checks of every other section.
/// </summary>
internal sealed class LlmOptionsValidation : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ScreenerException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
