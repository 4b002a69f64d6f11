namespace Screener.Core.Vocabulary;

public enum ScreeningDecision
{
    Include,
    Exclude,
    Unsure,
}
