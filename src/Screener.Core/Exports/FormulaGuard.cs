namespace Screener.Core.Exports;

/// <summary>
/// Formula injection (CWE-1236): Excel, LibreOffice Calc and Google Sheets run a cell that starts with '=', '+',
/// '-' or '@' (and, through their import rules, tab, carriage return or NUL) as a formula. Titles, abstracts,
/// reasons, notes and LLM-extracted values are untrusted text, so a text cell starting with one of these gets a
/// leading single quote, as OWASP's CSV-injection guidance and ASVS 1.2.10 ask: the spreadsheet shows the text and
/// never evaluates it. Numbers written as numbers (a typed -0.5) are not text and are never touched: the decision
/// is made on the value's type, never by guessing whether a string "looks numeric", so a string such as
/// "-2+3" cannot pass as a number.
/// </summary>
public static class FormulaGuard
{
    public static bool StartsLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0';

    /// <summary>The text as a spreadsheet must receive it in a CSV cell: with a leading single quote when it could start a formula.</summary>
    public static string Neutralise(string text) => StartsLikeFormula(text) ? "'" + text : text;
}
