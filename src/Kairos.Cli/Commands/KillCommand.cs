using System.CommandLine;
using Kairos.Trading.Execution;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos kill</c>: engages or releases the kill switch file of a run's state folder. The bot reads the file at every
/// cycle, so a running <c>kairos run</c> obeys it without a restart: no new entries from its next cycle, and with
/// <c>--flatten</c> every position closed by a cycle it runs within a minute (spec §7.3).
/// </summary>
internal static class KillCommand
{
    private static readonly Option<bool> Flatten = new("--flatten")
    {
        Description = "Also close every position (a running 'kairos run' starts closing within a minute).",
    };

    private static readonly Option<bool> Release = new("--release")
    {
        Description = "Release the switch: the bot may enter positions again.",
    };

    private static readonly Option<string?> Reason = new("--reason")
    {
        Description = "Why the switch was engaged (kept in the file and shown in the bot's logs).",
    };

    private static readonly Option<DirectoryInfo> State = new("--state")
    {
        Description = $"State folder of the run whose switch to set (default {RunCommand.DefaultState}; 'kairos simulate' uses its --report folder).",
        DefaultValueFactory = _ => new DirectoryInfo(RunCommand.DefaultState),
    };

    public static Command Create()
    {
        var command = new Command(
            "kill",
            "Engage the kill switch of a run's state folder: the bot places no new entries from its next cycle (exits go on); with --flatten "
            + "it also closes every position, a running 'kairos run' within a minute. --release lifts it. Prints the switch's state.")
        {
            Flatten, Release, Reason, State,
        };
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var release = parse.GetValue(Release);
        var reason = parse.GetValue(Reason);
        if (release && (parse.GetValue(Flatten) || reason is not null))
        {
            throw new UsageException("--release takes neither --flatten nor --reason.");
        }

        var path = Path.Combine(parse.GetValue(State)!.FullName, "KILL");
        if (release)
        {
            KillSwitch.Release(path);
        }
        else
        {
            await KillSwitch.EngageAsync(path, parse.GetValue(Flatten), reason ?? "engaged with 'kairos kill'", cancellationToken);
        }

        var state = await KillSwitch.ReadAsync(path, cancellationToken);
        await stdout.WriteLineAsync($"Kill switch {path}: {RunCommand.Describe(state)}");
        return ExitCodes.Success;
    }
}
