namespace Kairos.Cli;

/// <summary>A command-line mistake the user can fix; reported without a stack trace, exit code <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
