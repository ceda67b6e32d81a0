using System.CommandLine;
using System.Globalization;
using Kairos.Cli.Configuration;
using Kairos.Cli.Output;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Forecasting.Caching;
using Kairos.Forecasting.Kronos;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Replay;
using Kairos.Trading.Reporting;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos simulate</c>: the main job on history — replays bars day by day through the scheduler, the trading cycle and
/// the simulated broker, then reports what the bot did and earned. A run killed part-way resumes from its database.
/// </summary>
internal static class SimulateCommand
{
    public const string DefaultReport = "out/simulate";

    private static readonly Option<bool> VerboseLog = new("--verbose-log")
    {
        Description = "Also write every decision with its reasons, order expiries and skipped exit refreshes to per-day files logs/verbose-YYYY-MM-DD.log (off by default).",
    };

    private static readonly Option<FileInfo?> Baseline = new("--baseline")
    {
        Description = "The report.json of an earlier run: once a day the bot compares its health with it (Sharpe down more than 10 %, win rate down more than 5 points, "
            + "forecast cache hit rate under 30 %) and, when a trigger fires, switches itself to the conservative configuration (forecast cache off, full re-prediction, "
            + "default optimiser budgets) for the rest of the run, saying why in the log and the report.",
    };

    private static readonly Option<DateOnly?> Start = new("--start")
    {
        Description = "First day replayed (yyyy-MM-dd). Default: the latest period the most bundled symbols cover.",
    };

    private static readonly Option<int> Days = new("--days")
    {
        Description = "Days replayed: NYSE trading days when the universe holds equities, else calendar days.",
        DefaultValueFactory = _ => 60,
    };

    private static readonly Option<string?> Symbols = new("--symbols", "-s")
    {
        Description = "Comma-separated symbols (default: every symbol whose data covers the period).",
    };

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<FileInfo?> Database = new("--db")
    {
        Description = "Read bars from this SQLite bar store instead of a CSV folder.",
    };

    private static readonly Option<decimal?> Cash = new("--cash")
    {
        Description = "Starting cash of the simulated account (default 100000).",
    };

    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "JSON configuration (see 'kairos config show' for every setting); the environment and flags override it.",
    };

    private static readonly Option<DirectoryInfo> Report = new("--report")
    {
        Description = "Folder for report.json, report.html and the run's SQLite database (kairos.db).",
        DefaultValueFactory = _ => new DirectoryInfo(DefaultReport),
    };

    private static readonly Option<bool> Restart = new("--restart")
    {
        Description = "Discard an unfinished run in the report folder instead of resuming it.",
    };

    private static readonly Option<string?> KronosModelOption = new("--kronos-model")
    {
        Description = "Forecast with Kronos (checkpoint folder or Hugging Face id); without it the statistical baseline serves.",
    };

    private static readonly Option<string?> KronosTokenizerOption = new("--kronos-tokenizer")
    {
        Description = "Kronos tokenizer checkpoint (default NeoQuasar/Kronos-Tokenizer-base).",
    };

    private static readonly Option<int> KronosSamples = new("--kronos-samples")
    {
        Description = "Kronos sample paths per forecast.",
        DefaultValueFactory = _ => 192,
    };

    private static readonly Option<int?> Sims = new("--sims")
    {
        Description = "Walk-forward simulations per symbol and cycle (default 70).",
    };

    private static readonly Option<int?> Parallel = new("--parallel")
    {
        Description = "Symbols analysed at once (default: analysis.workers, or the number of CPU cores).",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress lines on stderr.",
    };

    private static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Also log every cycle, closed trade and order rejection on stderr.",
    };

    /// <param name="environment">The environment variables the configuration reads (see docs/configuration.md).</param>
    public static Command Create(IReadOnlyDictionary<string, string> environment)
    {
        var command = new Command(
            "simulate",
            "Replay bundled (or given) daily bars through the whole bot — scheduler, analysis, portfolio, order watchers and the simulated "
            + "broker — and report return, Sharpe, Sortino, drawdown, win rate, fees, financing and per-symbol P&L, with an HTML report. "
            + "With no options it replays 60 trading days of the bundled data.")
        {
            Start, Days, Symbols, Data, Database, Cash, Config, Report, Restart, KronosModelOption, KronosTokenizerOption, KronosSamples, Sims, Parallel, Baseline, Quiet, Verbose, VerboseLog,
        };
        Days.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[^1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) && d < 1)
            {
                r.AddError("--days must be at least 1.");
            }
        });
        command.SetAction((parse, ct) => RunAsync(parse, environment, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(Quiet);
        var progress = quiet ? TextWriter.Null : stderr;
        var flags = SettingFlags.Of(
            SettingFlags.Cash(parse.GetValue(Cash)),
            SettingFlags.Sims(parse.GetValue(Sims)),
            SettingFlags.Parallel(parse.GetValue(Parallel)),
            SettingFlags.Symbols(parse.GetValue(Symbols)));
        var config = (await TradingSetup.ResolveConfigAsync(parse.GetValue(Config), environment, flags, progress, cancellationToken)).Config;
        var rollback = TradingSetup.RollbackGuard(parse.GetValue(Baseline), config);
        var symbols = config.Trading.SymbolsText();

        var db = parse.GetValue(Database);
        var (source, loaded) = db is null
            ? await BarInputs.LoadCsvAsync(DataFolderOption.Resolve(parse, Data), symbols, TextWriter.Null, true, cancellationToken)
            : await BarInputs.LoadStoreAsync(db, symbols, cancellationToken);

        using var factory = new ForecasterFactory();
        var forecaster = factory.Create(
            parse.GetValue(KronosModelOption),
            parse.GetValue(KronosTokenizerOption),
            new KronosForecasterOptions { Samples = parse.GetValue(KronosSamples) },
            progress);
        var costs = TradingSetup.Costs(config);
        var walkForward = TradingSetup.WalkForward(config, costs);
        var history = walkForward.Simulations + walkForward.WindowDays + forecaster.MinimumHistory;
        var period = SimulationPeriod.Choose(loaded, parse.GetValue(Start), parse.GetValue(Days), history, symbols is not null);
        foreach (var note in period.Excluded)
        {
            await progress.WriteLineAsync($"  not simulated: {note}");
        }

        var universe = period.Series.Select(s => s.Instrument).ToList();
        var reportDir = parse.GetValue(Report)!.FullName;
        Directory.CreateDirectory(reportDir);
        var dbPath = Path.Combine(reportDir, "kairos.db");
        var configJson = TradingConfigLoader.Serialize(config) + $"\n{{\"period\":\"{period.StartDate:yyyy-MM-dd}..{period.EndDate:yyyy-MM-dd}\",\"symbols\":\"{string.Join(',', universe.Select(i => i.Symbol))}\",\"forecaster\":\"{forecaster.Identity}\"}}";
        var resume = await CanResumeAsync(dbPath, configJson, parse.GetValue(Restart), cancellationToken);
        if (!resume)
        {
            TradingSetup.DeleteDatabase(dbPath);
        }

        await progress.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{(resume ? "Resuming" : "Simulating")} {period.StartDate:yyyy-MM-dd}..{period.EndDate:yyyy-MM-dd} ({period.Days} {(period.TradingDays ? "trading" : "calendar")} days), {universe.Count} symbols from {source}: {string.Join(' ', universe.Select(i => i.Symbol))}"));

        var store = await TradingStore.OpenAsync(dbPath, TimeProvider.System, cancellationToken);
        var run = resume
            ? (await store.GetLatestRunAsync(TradingMode.Simulate, cancellationToken))!
            : await store.StartRunAsync(TradingMode.Simulate, "simulated", period.Start, configJson, null, cancellationToken);
        var next = await store.GetCheckpointAsync(run.Id, MarketReplay.NextKey, cancellationToken);
        var clock = new SimulatedClock(next is null ? period.Start : DateTimeOffset.Parse(next, CultureInfo.InvariantCulture));
        var market = new SimulatedMarket(period.Series, costs);
        var cryptoOnly = universe.All(i => i.IsCrypto);
        using var broker = await TradingSetup.OpenBrokerAsync(dbPath, market, clock, config, universe, cancellationToken);
        await using var host = await BotHost.OpenAsync(
            new BotHostSpec(config, costs, forecaster, factory.ModelBytes, broker, store, run.Id, new MarketBarFeed(market), universe, reportDir, Path.Combine(reportDir, "KILL"), "sim", clock)
            {
                VerboseLog = parse.GetValue(VerboseLog),
                Log = parse.GetValue(Verbose) ? stderr : null,
                Rollback = rollback,
            },
            cancellationToken);
        var (bot, stage, forecasts) = (host.Bot, host.Stage, host.Forecasts);
        var replay = new MarketReplay(
            bot,
            broker,
            clock,
            new TradingSchedule(config.Schedule.ToSettings()),
            store,
            new ReplaySettings { Start = period.Start, End = period.End, PollInterval = TimeSpan.FromMinutes(config.Replay.PollMinutes), DailySnapshots = cryptoOnly });
        var lastDay = DateOnly.MinValue;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        replay.StepCompleted = t =>
        {
            var day = UsEastern.DateOf(t);
            if (day != lastDay && !quiet)
            {
                lastDay = day;
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {day:yyyy-MM-dd}  positions {bot.Positions.Count,2}  ({watch.Elapsed.TotalSeconds:F1} s)"));
            }
        };
        await replay.RunAsync(cancellationToken);
        await store.FinishRunAsync(run.Id, RunStatus.Completed, period.End, cancellationToken);

        var data = await SimulationReportData.LoadAsync(store, run.Id, broker.Totals.Financing, cancellationToken);
        var jsonPath = Path.Combine(reportDir, "report.json");
        var htmlPath = Path.Combine(reportDir, "report.html");
        var fills = await store.GetFillsAsync(run.Id, cancellationToken);
        await (SimulationReportJson.From(data) with
        {
            Fills = fills.Count,
            FillsSha256 = FillHash.Compute(fills),
            Cycles = (await store.GetCyclesAsync(run.Id, cancellationToken)).Count,
            WallSeconds = watch.Elapsed.TotalSeconds,
            ForecastsComputed = ForecastTotals(forecasts).Computed,
            ForecastsReused = ForecastTotals(forecasts).Reused,
        }).WriteAsync(jsonPath, cancellationToken);
        await SimulationReportHtml.WriteAsync(data, htmlPath, cancellationToken);
        await stdout.WriteAsync(SimulationSummaryTable.Render(data));
        await progress.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Done in {watch.Elapsed.TotalSeconds:F1} s: {replay.Cycles} cycles, {replay.Steps} steps, {stage.Computed} backtests, {ForecastCounts(forecasts)}."));
        await progress.WriteLineAsync($"Report: {htmlPath} (also {jsonPath}); the run's database: {dbPath}");
        return ExitCodes.Success;
    }

    private static (long Computed, long Reused) ForecastTotals(IForecastStore store) => store switch
    {
        ForecastCache c => (c.Statistics.Misses, c.Statistics.Hits),
        ForecastMemo m => (m.Misses, m.Hits),
        _ => (0, 0),
    };

    private static string ForecastCounts(IForecastStore store) => store switch
    {
        ForecastCache c => string.Create(CultureInfo.InvariantCulture, $"{c.Statistics.Misses} forecasts computed, {c.Statistics.Hits} reused from the forecast cache ({c.Statistics.DiskHits} from disk, hit rate {c.Statistics.HitRate:P1})"),
        ForecastMemo m => string.Create(CultureInfo.InvariantCulture, $"{m.Misses} forecasts computed ({m.Hits} reused)"),
        _ => "forecasts from " + store.GetType().Name,
    };

    private static async Task<bool> CanResumeAsync(string dbPath, string configJson, bool restart, CancellationToken cancellationToken)
    {
        if (restart || !File.Exists(dbPath))
        {
            return false;
        }

        var store = await TradingStore.OpenAsync(dbPath, TimeProvider.System, cancellationToken);
        var last = await store.GetLatestRunAsync(TradingMode.Simulate, cancellationToken);
        return last is { Status: RunStatus.Running } && last.ConfigJson == configJson;
    }
}
