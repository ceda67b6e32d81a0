using System.CommandLine;
using Kairos.Cli.Commands;
using Kairos.Core;
using Kairos.Data;

namespace Kairos.Cli;

/// <summary>The composition root: builds the command tree and maps failures to exit codes.</summary>
internal static class KairosApp
{
    /// <param name="time">The clock of the commands that trade or talk to the broker on the wall clock (<c>run</c>, the Alpaca commands); tests pass a fixed one.</param>
    /// <param name="environment">The environment variables the configuration reads; null is an empty environment (the entry point passes the process's).</param>
    public static RootCommand CreateRoot(TimeProvider? time = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        environment ??= new Dictionary<string, string>();
        var clock = time ?? TimeProvider.System;
        var root = new RootCommand(
            "Kairos: forecast daily bars, backtest limit-order strategies walk-forward, rank symbols and trade them.\n"
            + "Start with 'kairos backtest' (runs on the bundled sample data). Exit codes: 0 ok, 1 unexpected error, 2 bad command line, "
            + "3 malformed data (the message names file, line and field), 4 not enough data, 5 network failure after retries, 130 cancelled.")
        {
            AccountCommand.Create(clock, environment),
            BacktestCommand.Create(),
            CompareCommand.Create(environment),
            ConfigCommand.Create(environment),
            DataCommand.Create(clock, environment),
            KillCommand.Create(),
            KronosCommand.Create(),
            ModelsCommand.Create(),
            OrdersCommand.Create(clock, environment),
            PositionsCommand.Create(clock, environment),
            RunCommand.Create(clock, environment),
            ProfileCommand.Create(),
            SimulateCommand.Create(environment),
        };
        return root;
    }

    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        CancellationToken cancellationToken,
        TimeProvider? time = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = CreateRoot(time, environment);
        var parse = root.Parse(args);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'kairos --help' (or 'kairos <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Kairos.Brokers.Alpaca.AlpacaConfigurationException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Kairos.Trading.Brokers.BrokerException e)
        {
            await stderr.WriteLineAsync($"error: broker: {e.Message}");
            return ExitCodes.Network;
        }
        catch (BarDataException e)
        {
            await stderr.WriteLineAsync($"error: bad data: {e.Message}");
            return ExitCodes.BadData;
        }
        catch (InsufficientDataException e)
        {
            await stderr.WriteLineAsync($"error: not enough data: {e.Message}");
            return ExitCodes.InsufficientData;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
