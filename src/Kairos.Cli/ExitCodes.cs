namespace Kairos.Cli;

/// <summary>Process exit codes. Scripts can rely on them; README.md lists them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug): the message and stack trace go to stderr.</summary>
    public const int Unexpected = 1;

    /// <summary>The command line is wrong: unknown option, bad value, unknown symbol.</summary>
    public const int Usage = 2;

    /// <summary>An input file is malformed; the message names file, line and field.</summary>
    public const int BadData = 3;

    /// <summary>The data is valid but too short for what was asked (e.g. fewer bars than a walk-forward run needs).</summary>
    public const int InsufficientData = 4;

    /// <summary>A network transfer failed after every retry (the server or the connection, not the request, is at fault).</summary>
    public const int Network = 5;

    /// <summary>Cancelled by the user (Ctrl+C).</summary>
    public const int Cancelled = 130;
}
