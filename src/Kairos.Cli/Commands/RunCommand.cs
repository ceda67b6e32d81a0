using System.CommandLine;
using System.Globalization;
using Kairos.Cli.Configuration;
using Kairos.Core;
using Kairos.Forecasting.Kronos;
using Kairos.Trading.Cycle;
using Kairos.Trading.Execution;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos run</c>: the trading cycle on the wall clock — the scheduler's windows, the order watchers between them —
/// paper trading against the simulated broker over the data source's latest bars. Everything (run, cycles, orders,
/// positions, the simulated account) lives in the state folder's SQLite file, so a restart resumes the same paper account.
/// </summary>
internal static class RunCommand
{
    public const string DefaultState = "out/run";
    public const string UniverseKey = "run.universe";
    private const string UntilFormat = "yyyy-MM-ddTHH:mm";

    private static readonly Option<bool> VerboseLog = new("--verbose-log")
    {
        Description = "Also write every decision with its reasons, order expiries and skipped exit refreshes to per-day files logs/verbose-YYYY-MM-DD.log (off by default).",
    };

    private static readonly Option<FileInfo?> Baseline = new("--baseline")
    {
        Description = "The report.json of an earlier run: once a day the bot compares its health with it and, when a rollback trigger fires, switches itself "
            + "to the conservative configuration (forecast cache off, full re-prediction, default optimiser budgets), saying why in the log.",
    };

    private static readonly Option<string> Broker = new("--broker")
    {
        Description = "Broker to trade with: 'simulated' (the built-in simulated broker; Alpaca comes later).",
        DefaultValueFactory = _ => "simulated",
    };

    private static readonly Option<bool> Live = new("--live")
    {
        Description = "Trade real money (needs the Alpaca broker, not yet available).",
    };

    private static readonly Option<DirectoryInfo?> Data = DataFolderOption.Create();

    private static readonly Option<FileInfo?> Database = new("--db")
    {
        Description = "Read bars from this SQLite bar store instead of a CSV folder.",
    };

    private static readonly Option<string?> Symbols = new("--symbols", "-s")
    {
        Description = "Comma-separated symbols to trade (default: every symbol of the data source).",
    };

    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "JSON configuration (see 'kairos config show' for every setting); the environment and flags override it.",
    };

    private static readonly Option<DirectoryInfo> State = new("--state")
    {
        Description = "Folder of the bot's state: kairos.db (runs, cycles, orders, the simulated account) and the KILL switch file.",
        DefaultValueFactory = _ => new DirectoryInfo(DefaultState),
    };

    private static readonly Option<decimal?> Cash = new("--cash")
    {
        Description = "Starting cash of a new simulated account (default 100000; a resumed account keeps its own).",
    };

    private static readonly Option<bool> Once = new("--once")
    {
        Description = "Run one cycle now (the window open now, else an initial full analysis) and exit.",
    };

    private static readonly Option<string?> Until = new("--until")
    {
        Description = $"Stop at this US/Eastern time ({UntilFormat}); without it the bot runs until Ctrl+C.",
    };

    private static readonly Option<bool> Restart = new("--restart")
    {
        Description = "Discard the paper account and runs in the state folder and start afresh.",
    };

    private static readonly Option<string?> KronosModelOption = new("--kronos-model")
    {
        Description = "Forecast with Kronos (checkpoint folder or Hugging Face id); without it the statistical baseline serves.",
    };

    private static readonly Option<string?> KronosTokenizerOption = new("--kronos-tokenizer")
    {
        Description = "Kronos tokenizer checkpoint (default NeoQuasar/Kronos-Tokenizer-base).",
    };

    private static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "No progress lines on stderr.",
    };

    private static readonly Option<int?> MetricsPort = new("--metrics-port")
    {
        Description = "Serve the bot's metrics in the Prometheus text format at http://127.0.0.1:PORT/metrics (loopback only).",
    };

    private static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Also log every closed trade, order rejection and watcher event on stderr.",
    };

    /// <param name="time">The wall clock the bot trades on.</param>
    /// <param name="environment">The environment variables the configuration reads (see docs/configuration.md).</param>
    public static Command Create(TimeProvider time, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(time);
        var command = new Command(
            "run",
            "Run the bot on the wall clock: an initial cycle at start, then the scheduled windows (market open, second hour, market close, "
            + "crypto evening, overnight) with the order watchers worked every minute. Paper trading against the simulated broker over the "
            + "data source's latest bars; the state folder keeps the account, so a restart resumes it. Stop with Ctrl+C; 'kairos kill' "
            + "halts new entries or flattens.")
        {
            Broker, Live, Data, Database, Symbols, Config, State, Cash, Once, Until, Restart, KronosModelOption, KronosTokenizerOption, MetricsPort, Baseline, Quiet, Verbose, VerboseLog,
        };
        command.SetAction((parse, ct) => RunAsync(parse, time, environment, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TimeProvider time, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(Quiet);
        var progress = quiet ? TextWriter.Null : stderr;
        if (parse.GetValue(Live))
        {
            throw new UsageException("live trading needs the Alpaca broker (not yet available).");
        }

        var brokerName = parse.GetValue(Broker);
        if (!string.Equals(brokerName, "simulated", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--broker: unknown broker '{brokerName}'. Only 'simulated' exists for now; the Alpaca broker comes in a later release.");
        }

        var once = parse.GetValue(Once);
        var until = ParseUntil(parse.GetValue(Until), once, time.GetUtcNow());
        var db = parse.GetValue(Database);
        if (db is not null && parse.GetValue(Data) is not null)
        {
            throw new UsageException("--data and --db exclude each other: give one source of bars.");
        }

        var flags = SettingFlags.Of(SettingFlags.Cash(parse.GetValue(Cash)), SettingFlags.Symbols(parse.GetValue(Symbols)));
        var effective = await TradingSetup.ResolveConfigAsync(parse.GetValue(Config), environment, flags, progress, cancellationToken);
        var config = effective.Config;
        var rollback = TradingSetup.RollbackGuard(parse.GetValue(Baseline), config);
        if (!config.Trading.Paper)
        {
            throw new UsageException($"trading.paper is false ({effective.SourceOf("trading.paper")}): live trading needs the Alpaca broker (not yet available).");
        }

        var (source, series) = db is null
            ? await BarInputs.LoadCsvAsync(DataFolderOption.Resolve(parse, Data), config.Trading.SymbolsText(), TextWriter.Null, true, cancellationToken)
            : await BarInputs.LoadStoreAsync(db, config.Trading.SymbolsText(), cancellationToken);
        var universe = series.Select(s => s.Instrument).ToList();
        var universeText = string.Join(',', universe.Select(i => i.Symbol).Order(StringComparer.Ordinal));

        var stateDir = parse.GetValue(State)!.FullName;
        Directory.CreateDirectory(stateDir);
        var dbPath = Path.Combine(stateDir, "kairos.db");
        var killPath = Path.Combine(stateDir, "KILL");
        if (parse.GetValue(Restart))
        {
            TradingSetup.DeleteDatabase(dbPath);
        }

        var store = await TradingStore.OpenAsync(dbPath, time, cancellationToken);
        var run = await ResumableRunAsync(store, universeText, stateDir, cancellationToken);
        var resumed = run is not null;
        if (run is null)
        {
            var configJson = TradingConfigLoader.Serialize(config) + $"\n{{\"symbols\":\"{universeText}\",\"source\":\"{source.Replace("\\", "/", StringComparison.Ordinal)}\"}}";
            run = await store.StartRunAsync(TradingMode.Paper, "simulated", time.GetUtcNow(), configJson, null, cancellationToken);
            await store.SetCheckpointAsync(run.Id, UniverseKey, universeText, cancellationToken);
        }

        var costs = TradingSetup.Costs(config);
        var market = new SimulatedMarket(series, costs);
        using var broker = await TradingSetup.OpenBrokerAsync(dbPath, market, time, config, universe, cancellationToken);
        using var factory = new ForecasterFactory();
        var forecaster = factory.Create(parse.GetValue(KronosModelOption), parse.GetValue(KronosTokenizerOption), new KronosForecasterOptions(), progress);
        var (forecasts, forecastCache) = await TradingSetup.OpenForecastStoreAsync(config, Path.Combine(stateDir, "forecasts.db"), time, cancellationToken);
        using var cacheLifetime = forecastCache;
        await using var eventLog = new BatchedLogWriter(
            new BatchedLogOptions { LogPath = Path.Combine(stateDir, "kairos.log"), VerboseDirectory = parse.GetValue(VerboseLog) ? Path.Combine(stateDir, "logs") : null },
            time);
        using var metrics = new KairosMetrics();
        var (stage, conservative, tracking) = TradingSetup.AnalysisStage(config, costs, forecaster, factory.ModelBytes, forecasts, forecastCache, metrics);
        using var trackingLifetime = tracking;
        using var recorder = new CycleMetricsRecorder(metrics);
        var bot = new TradingBot(
            broker,
            store,
            run.Id,
            new MarketBarFeed(market),
            universe,
            stage,
            config.BotSettings(killPath) with { ClientIdPrefix = "ppr" },
            time,
            parse.GetValue(Verbose) ? stderr : null)
        {
            Metrics = metrics,
            MetricsRecorder = recorder,
            Rollback = rollback,
            ConservativeStage = conservative,
            EventLog = eventLog,
        };
        await bot.LoadAsync(cancellationToken);
        await using var endpoint = parse.GetValue(MetricsPort) is { } port ? StartMetrics(metrics, port) : null;
        if (endpoint is not null)
        {
            await progress.WriteLineAsync($"Metrics: {endpoint.MetricsUri}");
        }


        var lastBar = series.Max(s => s[s.Count - 1].Date);
        var kill = await KillSwitch.ReadAsync(killPath, cancellationToken);
        await stdout.WriteLineAsync($"Broker: simulated; mode: paper (simulated broker); state: {stateDir} (kairos.db, KILL)");
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Symbols ({universe.Count}): {string.Join(' ', universe.Select(i => i.Symbol))} from {source}; prices from bars up to {lastBar:yyyy-MM-dd} (held at the last close after them)"));
        await stdout.WriteLineAsync(resumed
            ? string.Create(CultureInfo.InvariantCulture, $"Resuming paper run {run.Id} (started {run.StartedAt:yyyy-MM-dd HH:mm}Z); {bot.Positions.Count} positions")
            : string.Create(CultureInfo.InvariantCulture, $"Started paper run {run.Id}"));
        await stdout.WriteLineAsync($"Kill switch: {Describe(kill)}");
        if (resumed && parse.GetValue(Cash) is not null)
        {
            await progress.WriteLineAsync("  --cash ignored: the resumed account keeps its own cash (use --restart for a new account).");
        }

        var loop = new ScheduledLoop(
            bot,
            store,
            new TradingSchedule(config.Schedule.ToSettings()),
            time,
            new ScheduledLoopSettings { Until = until, DailySnapshots = universe.All(i => i.IsCrypto), KillSwitchPath = killPath },
            progress);
        loop.CycleCompleted = (window, plan) => stdout.WriteLine(CycleLine(time.GetUtcNow(), window, plan));
        if (once)
        {
            // One poll after the cycle: the watchers it started place their first orders.
            await loop.StartAsync(CancellationToken.None);
            await bot.PollAsync(CancellationToken.None);
            var account = await broker.GetAccountAsync(CancellationToken.None);
            var open = await broker.GetOpenOrdersAsync(CancellationToken.None);
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Equity {account.Equity:N2}; cash {account.Cash:N2}; {bot.Positions.Count} positions; {open.Count} open orders."));
            return ExitCodes.Success;
        }

        await stdout.WriteLineAsync(until is { } u
            ? $"Running until {UsEastern.ToEastern(u):yyyy-MM-dd HH:mm} ET (Ctrl+C stops after the current step)."
            : "Running until Ctrl+C (it stops after the current step).");
        var stop = await loop.RunAsync(cancellationToken);
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Stopped ({(stop == LoopStop.Until ? "--until reached" : "Ctrl+C")}) after {loop.Cycles} cycles; run the same command to resume."));
        return stop == LoopStop.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    /// <summary>The latest paper run of the state file when it trades the same universe; a usage error when it trades another.</summary>
    private static async Task<RunRecord?> ResumableRunAsync(TradingStore store, string universeText, string stateDir, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestRunAsync(TradingMode.Paper, cancellationToken);
        if (latest is null)
        {
            return null;
        }

        var traded = await store.GetCheckpointAsync(latest.Id, UniverseKey, cancellationToken);
        if (traded == universeText)
        {
            return latest;
        }

        // One simulated account per state file: a second universe would inherit the first one's positions.
        throw new UsageException(
            $"the state folder '{stateDir}' holds paper run {latest.Id} trading {traded ?? "an unknown universe"}, not {universeText}. "
            + $"Pass --symbols {traded} to resume it, another --state for a separate account, or --restart to discard it.");
    }

    private static DateTimeOffset? ParseUntil(string? text, bool once, DateTimeOffset now)
    {
        if (text is null)
        {
            return null;
        }

        if (once)
        {
            throw new UsageException("--once and --until exclude each other.");
        }

        if (!DateTime.TryParseExact(text, UntilFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new UsageException($"--until: '{text}' is not a US/Eastern time as {UntilFormat} (e.g. 2026-03-09T16:30).");
        }

        var until = UsEastern.FromEastern(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        return until > now ? until : throw new UsageException($"--until: {text} ET has already passed.");
    }

    private static string CycleLine(DateTimeOffset now, CycleWindow window, CyclePlan plan)
    {
        var skipped = plan.Decisions.Count(d => d.Action == "skip");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{UsEastern.ToEastern(now):yyyy-MM-dd HH:mm} ET  {window.Key}: {plan.Decisions.Count} symbols decided ({skipped} skipped), {plan.Entries.Count} entries, {plan.Closes.Count} closes, {plan.ExitRefreshes.Count} exit refreshes");
    }

    internal static string Describe(KillSwitchState state) => state.Mode switch
    {
        KillSwitchMode.Off => "off",
        KillSwitchMode.StopEntries => "engaged — no new entries" + (state.Reason is null ? string.Empty : $" ({state.Reason})"),
        _ => "engaged — no new entries, flatten every position" + (state.Reason is null ? string.Empty : $" ({state.Reason})"),
    };

    private static PrometheusEndpoint StartMetrics(KairosMetrics metrics, int port)
    {
        if (port is < 1 or > 65535)
        {
            throw new UsageException($"--metrics-port must be between 1 and 65535 (got {port}).");
        }

        try
        {
            return PrometheusEndpoint.Start(metrics.Meter, port);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"--metrics-port: cannot listen on 127.0.0.1:{port} ({e.Message}).");
        }
    }
}
