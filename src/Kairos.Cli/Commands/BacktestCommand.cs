using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kairos.Backtesting.Costs;
using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Cli.Output;
using Kairos.Core;
using Kairos.Data;
using Kairos.Forecasting;
using Kairos.Forecasting.Kronos;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos backtest</c>: the walk-forward backtest of every strategy on each symbol of a data folder.</summary>
internal static class BacktestCommand
{
    public const string DefaultJson = "out/backtest.json";

    private static readonly Option<string?> Symbols = new("--symbols", "-s")
    {
        Description = "Comma-separated symbols to test (default: every file in the data folder), e.g. BTCUSD,NIO.",
    };

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<FileInfo?> Database = new("--db")
    {
        Description = "Read bars from this SQLite bar store (see 'kairos data import') instead of a CSV folder.",
    };

    private static readonly Option<double?> CryptoFee = new("--crypto-fee")
    {
        Description = "Crypto fee per fill as a fraction of notional (default 0.0025, the broker's published 0.25 %).",
    };

    private static readonly Option<double?> EquityFee = new("--equity-fee")
    {
        Description = "Equity fee per fill as a fraction of notional (default 0.0000278).",
    };

    private static readonly Option<string?> KronosModelOption = new("--kronos-model")
    {
        Description = "Forecast with Kronos: a checkpoint folder or Hugging Face id (e.g. NeoQuasar/Kronos-small) in the local cache. Without it, or when the weights are missing, the statistical baseline serves.",
    };

    private static readonly Option<string?> KronosTokenizerOption = new("--kronos-tokenizer")
    {
        Description = "Kronos tokenizer checkpoint (default NeoQuasar/Kronos-Tokenizer-base).",
    };

    private static readonly Option<int> KronosSamples = new("--kronos-samples")
    {
        Description = "Kronos sample paths per forecast (the bot's setting is 192).",
        DefaultValueFactory = _ => 192,
    };

    private static readonly Option<int> Sims = new("--sims")
    {
        Description = "Walk-forward simulations per symbol; each ends one day earlier than the last.",
        DefaultValueFactory = _ => 70,
    };

    private static readonly Option<int> Window = new("--window")
    {
        Description = "Trading days per simulation.",
        DefaultValueFactory = _ => 7,
    };

    private static readonly Option<FileInfo> JsonFile = new("--json")
    {
        Description = "Where to write the full results as JSON.",
        DefaultValueFactory = _ => new FileInfo(DefaultJson),
    };

    private static readonly Option<int> Parallel = new("--parallel")
    {
        Description = "Symbols analysed at once (default: the number of CPU cores).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<bool> Detail = new("--detail")
    {
        Description = "Also print every strategy's statistics for each symbol.",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress lines on stderr.",
    };

    public static Command Create()
    {
        var command = new Command(
            "backtest",
            "Walk-forward backtest of every strategy (maxdiff, maxdiff-always-on, pctdiff, simple, all-signals, highlow, takeprofit, "
            + "buy-and-hold, unprofit-shutdown) on each symbol, with optimised order levels. Prints a table per symbol and writes the "
            + "full results as JSON. With no options it runs on the bundled sample data.")
        {
            Symbols, Data, Database, Sims, Window, CryptoFee, EquityFee, KronosModelOption, KronosTokenizerOption, KronosSamples, JsonFile, Parallel, Detail, Quiet,
        };
        Sims.Validators.Add(r => Positive(r, Sims, 1));
        Window.Validators.Add(r => Positive(r, Window, 2));
        Parallel.Validators.Add(r => Positive(r, Parallel, 1));
        KronosSamples.Validators.Add(r => Positive(r, KronosSamples, 1));
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static void Positive(System.CommandLine.Parsing.OptionResult result, Option<int> option, int min)
    {
        // A value that is not a number is reported by the parser itself; only check values that parsed.
        if (result.Tokens.Count > 0 && !int.TryParse(result.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return;
        }

        if (result.GetValueOrDefault<int>() < min)
        {
            result.AddError($"{option.Name} must be at least {min}.");
        }
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(Quiet);
        var costs = new CostModel();
        costs = costs with
        {
            CryptoFee = parse.GetValue(CryptoFee) ?? costs.CryptoFee,
            EquityFee = parse.GetValue(EquityFee) ?? costs.EquityFee,
        };
        var options = new WalkForwardOptions { Simulations = parse.GetValue(Sims), WindowDays = parse.GetValue(Window), Costs = costs };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--crypto-fee/--equity-fee: {e.Message}");
        }

        var db = parse.GetValue(Database);
        if (db is not null && parse.GetValue(Data) is not null)
        {
            throw new UsageException("Give either --data or --db, not both.");
        }

        var (source, loaded) = db is null
            ? await BarInputs.LoadCsvAsync(DataFolderOption.Resolve(parse, Data), parse.GetValue(Symbols), stderr, quiet, cancellationToken)
            : await BarInputs.LoadStoreAsync(db, parse.GetValue(Symbols), cancellationToken);
        using var factory = new ForecasterFactory();
        var forecaster = factory.Create(
            parse.GetValue(KronosModelOption),
            parse.GetValue(KronosTokenizerOption),
            new KronosForecasterOptions { Samples = parse.GetValue(KronosSamples) },
            quiet ? TextWriter.Null : stderr);
        if (!quiet)
        {
            await stderr.WriteLineAsync($"Backtesting {loaded.Count} symbol(s) from {source}: {options.Simulations} simulations x {options.WindowDays} days.");
        }

        var memo = new ForecastMemo();
        var runner = new WalkForwardRunner(forecaster, options, memo);
        var results = new SymbolBacktest[loaded.Count];
        var done = 0;
        var gate = new Lock();
        var total = Stopwatch.StartNew();
        await System.Threading.Tasks.Parallel.ForAsync(
            0,
            loaded.Count,
            new ParallelOptions { MaxDegreeOfParallelism = parse.GetValue(Parallel), CancellationToken = cancellationToken },
            (i, ct) =>
            {
                var watch = Stopwatch.StartNew();
                results[i] = runner.Run(loaded[i], ct);
                if (!quiet)
                {
                    lock (gate)
                    {
                        done++;
                        stderr.WriteLine(string.Create(
                            CultureInfo.InvariantCulture,
                            $"[{done,3}/{loaded.Count}] {results[i].Instrument.Symbol,-8} {results[i].Simulations} sims, {results[i].ForecastsComputed} forecasts, {watch.Elapsed.TotalSeconds:F2} s"));
                    }
                }

                return ValueTask.CompletedTask;
            });

        await stdout.WriteAsync(SummaryTable(results));
        if (parse.GetValue(Detail))
        {
            foreach (var r in results)
            {
                await stdout.WriteLineAsync();
                await stdout.WriteLineAsync($"{r.Instrument.Symbol} ({r.Instrument.AssetClass.ToString().ToLowerInvariant()}, fee {r.Fee:G4}, spread {r.SpreadBps:G4} bps, {r.Simulations} sims, last bar {r.Live.LastBarDate:yyyy-MM-dd})");
                await stdout.WriteAsync(DetailTable(r));
            }
        }

        var jsonPath = parse.GetValue(JsonFile)!.FullName;
        var settings = new BacktestSettings(options.Simulations, options.WindowDays, options.Costs.CryptoFee, options.Costs.EquityFee, options.Grid.Steps, options.PctDiffOptimizer.MaxEvaluations ?? 0);
        await BacktestReport.From(forecaster.Identity, settings, results).WriteAsync(jsonPath, cancellationToken);
        if (!quiet)
        {
            await stderr.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Done in {total.Elapsed.TotalSeconds:F2} s: {memo.Misses} forecasts computed, {memo.Hits} reused. Full results: {jsonPath}"));
        }

        return ExitCodes.Success;
    }

    private static string SummaryTable(IEnumerable<SymbolBacktest> results)
    {
        var table = new ConsoleTable("Symbol", "Class", "Sims", "Best strategy", "Return/sim", "Annual", "Sharpe", "Max DD", "Win rate", "Trades", "Fcst PnL/day", "OOS/day", "OOS Sharpe");
        foreach (var r in results)
        {
            var s = r.Stats[r.BestStrategy];
            table.Add(
                r.Instrument.Symbol,
                r.Instrument.AssetClass.ToString().ToLowerInvariant(),
                Invariant(r.Simulations),
                r.BestStrategy.Name(),
                Pct(s.TotalReturn),
                Pct(s.AnnualReturn),
                Num(s.Sharpe),
                Pct(s.MaxDrawdown),
                Pct(s.WinRate),
                Invariant(s.Trades),
                Bps(s.ForecastedPnl),
                Bps(s.OutOfSample.AverageDailyReturn),
                Num(s.OutOfSample.Sharpe));
        }

        return table.ToString() + Legend;
    }

    private const string Legend =
        "Return/sim, Annual, Sharpe, Max DD, Win rate: means over the walk-forward simulations of the best strategy (by forecasted PnL); the\n"
        + "limit strategies' levels are optimised on each simulation's own window (the bot's model), so these are in-window figures.\n"
        + "OOS/day, OOS Sharpe: each simulation's newest day traded with levels fitted only on earlier days (next-day out-of-sample).\n";

    private static string DetailTable(SymbolBacktest r)
    {
        var table = new ConsoleTable("Strategy", "Return/sim", "Annual", "Sharpe", "Sortino", "Max DD", "Win rate", "Avg/trade", "Trades", "Turnover", "Fcst PnL/day", "OOS/day", "OOS Sharpe");
        foreach (var kind in StrategyNames.All.Where(r.Stats.ContainsKey))
        {
            var s = r.Stats[kind];
            table.Add(
                (kind == r.BestStrategy ? "* " : "  ") + kind.Name(),
                Pct(s.TotalReturn),
                Pct(s.AnnualReturn),
                Num(s.Sharpe),
                Num(s.Sortino),
                Pct(s.MaxDrawdown),
                Pct(s.WinRate),
                Bps(s.AverageReturnPerTrade),
                Invariant(s.Trades),
                Num(s.Turnover),
                Bps(s.ForecastedPnl),
                Bps(s.OutOfSample.AverageDailyReturn),
                Num(s.OutOfSample.Sharpe));
        }

        return table.ToString();
    }

    private static string Pct(double v) => string.Create(CultureInfo.InvariantCulture, $"{v * 100:F2}%");

    private static string Bps(double v) => string.Create(CultureInfo.InvariantCulture, $"{v * 1e4:F1} bps");

    private static string Num(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Invariant(int v) => v.ToString(CultureInfo.InvariantCulture);
}
