using Kairos.Cli;
using Kairos.Cli.Configuration;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C asks the running command to stop cleanly; a second one kills the process.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

try
{
    return await KairosApp.RunAsync(args, Console.Out, Console.Error, cancel.Token, environment: ProcessEnvironment.Snapshot());
}
#pragma warning disable CA1031 // The process boundary: any unexpected failure becomes exit code 1 with its stack trace.
catch (Exception e)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"unexpected error: {e}");
    return ExitCodes.Unexpected;
}
