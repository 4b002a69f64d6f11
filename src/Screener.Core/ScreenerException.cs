namespace Screener.Core;

/// <summary>
/// A problem the user can fix (bad input, unknown review, missing set-up). Hosts print its message as the
/// one-line cause; the message says what went wrong, where, and what to do.
/// </summary>
public class ScreenerException(string message, Exception? inner = null) : Exception(message, inner);
