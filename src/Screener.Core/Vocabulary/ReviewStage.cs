namespace Screener.Core.Vocabulary;

public enum ReviewStage
{
    TitleAbstract,
    FullText,
}
