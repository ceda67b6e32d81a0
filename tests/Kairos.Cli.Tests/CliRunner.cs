namespace Kairos.Cli.Tests;

/// <summary>Runs the real command line in-process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public static Task<(int Code, string Out, string Err)> Run(params string[] args) => RunAt(null, args);

    /// <summary>Runs with <paramref name="time"/> as the wall clock of the commands that trade on it.</summary>
    public static Task<(int Code, string Out, string Err)> RunAt(TimeProvider? time, params string[] args) => RunWith(time, null, args);

    /// <summary>Runs with a wall clock and the environment variables the commands read (never the process's own).</summary>
    public static async Task<(int Code, string Out, string Err)> RunWith(TimeProvider? time, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KairosApp.RunAsync(args, stdout, stderr, CancellationToken.None, time, environment);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
