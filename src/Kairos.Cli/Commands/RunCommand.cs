using System.CommandLine;
using System.Globalization;
using Kairos.Brokers.Alpaca;
using Kairos.Cli.Configuration;
using Kairos.Core;
using Kairos.Forecasting.Kronos;
using Kairos.Trading.Brokers;
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
        Description = "Broker to trade with: 'simulated' (the built-in simulated broker over the data source's bars) or 'alpaca' (Alpaca paper by default; "
            + "credentials from APCA_API_KEY_ID / APCA_API_SECRET_KEY, bars from Alpaca market data).",
        DefaultValueFactory = _ => "simulated",
    };

    private static readonly Option<bool> Live = AlpacaSetup.LiveOption();

    private static readonly Option<FileInfo?> AlpacaConfig = AlpacaSetup.CredentialsOption();

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
            Broker, Live, AlpacaConfig, Data, Database, Symbols, Config, State, Cash, Once, Until, Restart, KronosModelOption, KronosTokenizerOption, MetricsPort, Baseline, Quiet, Verbose, VerboseLog,
        };
        command.SetAction((parse, ct) => RunAsync(parse, time, environment, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TimeProvider time, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        List<Instrument> universeInstruments;
        var stdout = parse.InvocationConfiguration.Output;
        var stderr = parse.InvocationConfiguration.Error;
        var quiet = parse.GetValue(Quiet);
        var progress = quiet ? TextWriter.Null : stderr;
        var brokerName = parse.GetValue(Broker)!.ToLowerInvariant();
        if (brokerName is not ("simulated" or "alpaca"))
        {
            throw new UsageException($"--broker: unknown broker '{parse.GetValue(Broker)}' (use 'simulated' or 'alpaca').");
        }

        var alpaca = brokerName == "alpaca";
        if (!alpaca && parse.GetValue(Live))
        {
            throw new UsageException("--live trades real money through Alpaca: it needs --broker alpaca (and PAPER=0).");
        }

        var once = parse.GetValue(Once);
        var until = ParseUntil(parse.GetValue(Until), once, time.GetUtcNow());
        var db = parse.GetValue(Database);
        if (db is not null && parse.GetValue(Data) is not null)
        {
            throw new UsageException("--data and --db exclude each other: give one source of bars.");
        }

        if (alpaca && (db is not null || parse.GetValue(Data) is not null))
        {
            throw new UsageException("--data and --db feed the simulated broker; with --broker alpaca the bars come from Alpaca market data.");
        }

        var flags = SettingFlags.Of(SettingFlags.Cash(parse.GetValue(Cash)), SettingFlags.Symbols(parse.GetValue(Symbols)));
        var effective = await TradingSetup.ResolveConfigAsync(parse.GetValue(Config), environment, flags, progress, cancellationToken);
        var config = effective.Config;
        var rollback = TradingSetup.RollbackGuard(parse.GetValue(Baseline), config);
        if (!alpaca && !config.Trading.Paper)
        {
            throw new UsageException($"trading.paper is false ({effective.SourceOf("trading.paper")}): live trading needs --broker alpaca and --live.");
        }

        var alpacaOptions = alpaca ? AlpacaSetup.Options(environment, parse.GetValue(AlpacaConfig), parse.GetValue(Live)) : null;
        IReadOnlyList<BarSeries> series = [];
        string source;
        if (alpacaOptions is not null)
        {
            source = "Alpaca market data";
            if (config.Trading.Symbols is not { Count: > 0 } symbols)
            {
                throw new UsageException("--broker alpaca needs the symbols to trade: pass --symbols (or TRADABLE_PAIRS / trading.symbols).");
            }

            universeInstruments = [.. symbols.Select(Instrument.Infer)];
        }
        else
        {
            (source, series) = db is null
                ? await BarInputs.LoadCsvAsync(DataFolderOption.Resolve(parse, Data), config.Trading.SymbolsText(), TextWriter.Null, true, cancellationToken)
                : await BarInputs.LoadStoreAsync(db, config.Trading.SymbolsText(), cancellationToken);
            universeInstruments = [.. series.Select(s => s.Instrument)];
        }

        var universe = universeInstruments;
        var universeText = string.Join(',', universe.Select(i => i.Symbol).Order(StringComparer.Ordinal));

        var stateDir = parse.GetValue(State)!.FullName;
        Directory.CreateDirectory(stateDir);
        var dbPath = Path.Combine(stateDir, "kairos.db");
        var killPath = Path.Combine(stateDir, "KILL");
        if (parse.GetValue(Restart))
        {
            TradingSetup.DeleteDatabase(dbPath);
        }

        var mode = alpacaOptions is { Paper: false } ? TradingMode.Live : TradingMode.Paper;
        var brokerLabel = alpacaOptions is null ? "simulated" : alpacaOptions.Paper ? "alpaca-paper" : "alpaca-live";
        var store = await TradingStore.OpenAsync(dbPath, time, cancellationToken);
        var run = await ResumableRunAsync(store, mode, brokerLabel, universeText, stateDir, cancellationToken);
        var resumed = run is not null;
        if (run is null)
        {
            var configJson = TradingConfigLoader.Serialize(config) + $"\n{{\"symbols\":\"{universeText}\",\"source\":\"{source.Replace("\\", "/", StringComparison.Ordinal)}\"}}";
            run = await store.StartRunAsync(mode, brokerLabel, time.GetUtcNow(), configJson, null, cancellationToken);
            await store.SetCheckpointAsync(run.Id, UniverseKey, universeText, cancellationToken);
        }

        var costs = TradingSetup.Costs(config);
        using var factory = new ForecasterFactory();
        var forecaster = factory.Create(parse.GetValue(KronosModelOption), parse.GetValue(KronosTokenizerOption), new KronosForecasterOptions(), progress);
        using var client = alpacaOptions is null ? null : AlpacaSetup.Client(alpacaOptions, time, parse.GetValue(Verbose) ? stderr : null);
        IBroker broker;
        IBarFeed feed;
        string clientIdPrefix;
        var market = client is null ? new SimulatedMarket(series, costs) : null;
        using var simulated = market is null ? null : await TradingSetup.OpenBrokerAsync(dbPath, market, time, config, universe, cancellationToken);
        using var alpacaBroker = client is null ? null : new AlpacaBroker(client);
        if (simulated is not null)
        {
            broker = simulated;
            feed = new MarketBarFeed(market!);
            clientIdPrefix = "ppr";
        }
        else
        {
            if (!alpacaOptions!.Paper)
            {
                await stdout.WriteLineAsync($"LIVE TRADING: {AlpacaSetup.Describe(alpacaOptions)}. The bot will place real orders for {universeText} with up to "
                    + string.Create(CultureInfo.InvariantCulture, $"{config.Risk.MaxGrossLeverage:0.##}x gross exposure; 'kairos kill --state {stateDir}' halts it."));
            }

            broker = alpacaBroker!;

            // Alpaca reports parts of working orders as they fill: the adapter needs what this run already booked.
            alpacaBroker!.RestoreReportedFills(await store.GetFillsAsync(run.Id, cancellationToken));
            var trading = TradingSetup.WalkForward(config, costs);
            var history = trading.Simulations + trading.WindowDays + forecaster.MinimumHistory;
            feed = new AlpacaBarFeed(new AlpacaMarketData(client!), universe, (history * 7 / 5) + 15);

            // Unique per run at the broker, stable across restarts of the run: Alpaca keeps every client order id forever.
            clientIdPrefix = (mode == TradingMode.Live ? "kl" : "kp") + Base36(run.StartedAt.ToUnixTimeSeconds());
            await ReconcileAsync(alpacaBroker!, store, run.Id, stdout, cancellationToken);
        }

        await using var host = await BotHost.OpenAsync(
            new BotHostSpec(config, costs, forecaster, factory.ModelBytes, broker, store, run.Id, feed, universe, stateDir, killPath, clientIdPrefix, time)
            {
                VerboseLog = parse.GetValue(VerboseLog),
                Log = parse.GetValue(Verbose) ? stderr : null,
                Rollback = rollback,
            },
            cancellationToken);
        var bot = host.Bot;
        if (alpacaBroker is not null)
        {
            await ReportPositionDriftAsync(bot, alpacaBroker, stdout, cancellationToken);
        }

        await using var endpoint = parse.GetValue(MetricsPort) is { } port ? StartMetrics(host.Metrics, port) : null;
        if (endpoint is not null)
        {
            await progress.WriteLineAsync($"Metrics: {endpoint.MetricsUri}");
        }


        var kill = await KillSwitch.ReadAsync(killPath, cancellationToken);
        var modeText = mode == TradingMode.Live ? "live" : "paper";
        if (alpacaOptions is null)
        {
            var lastBar = series.Max(s => s[s.Count - 1].Date);
            await stdout.WriteLineAsync($"Broker: simulated; mode: paper (simulated broker); state: {stateDir} (kairos.db, KILL)");
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Symbols ({universe.Count}): {string.Join(' ', universe.Select(i => i.Symbol))} from {source}; prices from bars up to {lastBar:yyyy-MM-dd} (held at the last close after them)"));
        }
        else
        {
            await stdout.WriteLineAsync($"Broker: {brokerLabel}; mode: {modeText} ({AlpacaSetup.Describe(alpacaOptions)}); state: {stateDir} (kairos.db, KILL)");
            await stdout.WriteLineAsync($"Symbols ({universe.Count}): {string.Join(' ', universe.Select(i => i.Symbol))}; daily bars from {source}, orders and quotes from Alpaca");
        }

        await stdout.WriteLineAsync(resumed
            ? string.Create(CultureInfo.InvariantCulture, $"Resuming {modeText} run {run.Id} (started {run.StartedAt:yyyy-MM-dd HH:mm}Z); {bot.Positions.Count} positions")
            : string.Create(CultureInfo.InvariantCulture, $"Started {modeText} run {run.Id}"));
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
            progress)
        {
            Warnings = stderr,
        };
        loop.CycleCompleted = (window, plan) => stdout.WriteLine(CycleLine(time.GetUtcNow(), window, plan));
        if (alpacaBroker is not null)
        {
            // After a lost connection the adapter asks for a reconciliation: orders may have filled or been cancelled meanwhile.
            loop.BeforeStep = async ct =>
            {
                if (alpacaBroker.NeedsReconciliation)
                {
                    await ReconcileAsync(alpacaBroker, store, run.Id, stdout, ct);
                    await bot.ProcessFillsAsync(ct);
                    await ReportPositionDriftAsync(bot, alpacaBroker, stdout, ct);
                }
            };
        }

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

    /// <summary>
    /// The latest run of the state file when it trades the same universe through the same broker; a usage error when it
    /// trades another universe or through another broker.
    /// </summary>
    private static async Task<RunRecord?> ResumableRunAsync(TradingStore store, TradingMode mode, string brokerLabel, string universeText, string stateDir, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestRunAsync(mode, cancellationToken);
        if (latest is null)
        {
            return null;
        }

        if (latest.Broker != brokerLabel)
        {
            throw new UsageException(
                $"the state folder '{stateDir}' holds run {latest.Id} with the {latest.Broker} broker, not {brokerLabel}: use another --state for a separate account, or --restart to discard it.");
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

    /// <summary>Asks Alpaca about every order the run believes open and reports what changed while the bot was away.</summary>
    private static async Task ReconcileAsync(AlpacaBroker broker, TradingStore store, long runId, TextWriter stdout, CancellationToken cancellationToken)
    {
        var known = (await store.GetOpenIntentsAsync(runId, cancellationToken)).Select(i => i.ClientOrderId).ToList();
        var report = await broker.ReconcileAsync(known, cancellationToken);
        await stdout.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Reconciled with Alpaca: {report.Orders.Count} known open orders ({report.FilledMeanwhile.Count()} filled meanwhile), {report.UnknownOpenOrders.Count} open orders the bot did not place, {report.Positions.Count} positions."));
    }

    /// <summary>
    /// Once the bot has applied every fill it was told of: each position of its book that the account does not hold in the
    /// same amount (sold or bought outside the bot, fees taken in the asset) is named, so a person can look. The bot keeps
    /// managing only what it booked; its exits never sell more than the account holds.
    /// </summary>
    private static async Task ReportPositionDriftAsync(TradingBot bot, AlpacaBroker broker, TextWriter stdout, CancellationToken cancellationToken)
    {
        var held = (await broker.GetPositionsAsync(cancellationToken))
            .GroupBy(p => p.Instrument.Symbol, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => p.Quantity), StringComparer.Ordinal);
        foreach (var p in bot.Positions.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal))
        {
            var account = held.GetValueOrDefault(p.Instrument.Symbol);
            if (account != p.Quantity)
            {
                await stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Position check: {p.Instrument.Symbol}: the run's book holds {p.Quantity}, the account {account} (traded outside the bot, or fees taken in the asset); the bot manages only what it booked."));
            }
        }
    }

    private static string Base36(long value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var chars = new Stack<char>();
        do
        {
            chars.Push(Digits[(int)(value % 36)]);
            value /= 36;
        }
        while (value > 0);
        return new string([.. chars]);
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
