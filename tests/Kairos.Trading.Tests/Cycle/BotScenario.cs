using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Forecasting;
using Kairos.Trading.Cycle;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// The whole bot on a scripted market: an equity trending up, an equity trending down and BTCUSD trending up (bars from
/// <see cref="ScriptedMarket"/> with <c>Random(42)</c> noise), the baseline forecaster with 8 five-day simulations, an
/// in-memory simulated broker, a trading store on a temporary file and the market replay over the two NYSE weeks
/// 4–15 March 2024 (DST starts on the 10th). One instance is one run; <see cref="RunAsync"/> leaves everything a test
/// asserts on in the properties.
/// </summary>
internal sealed class BotScenario : IDisposable
{
    public static readonly Instrument Up = new("UPCO", AssetClass.Equity);
    public static readonly Instrument Down = new("DNCO", AssetClass.Equity);
    public static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);

    /// <summary>Sunday 3 March 2024 23:00 UTC (18:00 ET): just before the first crypto-evening window.</summary>
    public static readonly DateTimeOffset Start = new(2024, 3, 3, 23, 0, 0, TimeSpan.Zero);

    /// <summary>Saturday 16 March 2024 00:00 UTC, after the last session's close (20:00 UTC, EDT).</summary>
    public static readonly DateTimeOffset End = new(2024, 3, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<BarSeries> Bars = CreateBars();

    // The replay writes the store at every step: on tmpfs when there is one, so the test does not wait on the disk.
    private readonly string _dir = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "kairos-scenario-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("kairos-scenario-").FullName;

    private readonly BacktestStage _stage;

    /// <param name="stage">
    /// A stage shared with an earlier scenario: backtests depend only on the bars, so a later run reuses them instead of
    /// recomputing (null: a fresh stage, nothing shared).
    /// </param>
    public BotScenario(BacktestStage? stage = null)
    {
        KillSwitchPath = Path.Combine(_dir, "KILL");
        _stage = stage ?? NewStage();
    }

    public BacktestStage Stage => _stage;

    public string KillSwitchPath { get; }

    /// <summary>Called after every replay step with its instant and this scenario (kill-switch tests write the file here).</summary>
    public Action<DateTimeOffset, BotScenario>? OnStep { get; init; }

    /// <summary>The bot's rollback guard (null: none).</summary>
    public RollbackGuard? Rollback { get; init; }

    /// <summary>How many times the bot asked for the conservative stage.</summary>
    public int ConservativeStagesBuilt { get; private set; }

    /// <summary>The bot's log.</summary>
    public StringWriter Log { get; } = new();

    public TradingStore Store { get; private set; } = null!;

    public SimulatedBroker Broker { get; private set; } = null!;

    public TradingBot Bot { get; private set; } = null!;

    public long RunId { get; private set; }

    public MarketReplay Replay { get; private set; } = null!;

    public static IReadOnlyList<Instrument> Universe { get; } = [Up, Down, Btc];

    /// <summary>Every instant a step completed, in order.</summary>
    public List<DateTimeOffset> StepInstants { get; } = [];

    /// <summary>The broker's fills (the simulator's ledger), in sequence order.</summary>
    public IReadOnlyList<Fill> BrokerFills => [.. Broker.Ledger.Select(f => f.Fill)];

    /// <summary>Every order the broker accepted, with the intent the bot recorded for it (null when there is none).</summary>
    public async Task<IReadOnlyList<(Order Order, OrderIntent? Intent)>> OrdersWithIntentsAsync()
    {
        var result = new List<(Order, OrderIntent?)>();
        foreach (var order in Broker.Snapshot().Orders)
        {
            result.Add((order, await Store.GetIntentAsync(order.ClientOrderId)));
        }

        return result;
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = new SimulatedClock(Start);
        Store = await TradingStore.OpenAsync(Path.Combine(_dir, "kairos.db"), clock, cancellationToken);
        RunId = (await Store.StartRunAsync(TradingMode.Simulate, "simulated", Start, "{}", 42, cancellationToken)).Id;
        var market = new SimulatedMarket(Bars);
        Broker = new SimulatedBroker(market, clock, new SimulatedBrokerOptions { AccountCalendar = NyseCalendar.Instance });
        Bot = new TradingBot(
            Broker,
            Store,
            RunId,
            new MarketFeed(market),
            Universe,
            _stage,
            new TradingBotSettings { KillSwitchPath = KillSwitchPath, ClientIdPrefix = "sim" },
            clock,
            Log)
        {
            Rollback = Rollback,
            ConservativeStage = BuildConservativeStage,
        };
        await Bot.LoadAsync(cancellationToken);
        Replay = new MarketReplay(Bot, Broker, clock, new TradingSchedule(), Store, new ReplaySettings { Start = Start, End = End, PollInterval = TimeSpan.FromMinutes(30) });
        Replay.StepCompleted = t =>
        {
            StepInstants.Add(t);
            OnStep?.Invoke(t, this);
        };
        await Replay.RunAsync(cancellationToken);
    }

    /// <summary>A second bot on this run's store and broker, as after a restart (loaded).</summary>
    public async Task<TradingBot> RestartedBotAsync()
    {
        var bot = new TradingBot(Broker, Store, RunId, new MarketFeed(new SimulatedMarket(Bars)), Universe, _stage, new TradingBotSettings { ClientIdPrefix = "sim" }, TimeProvider.System, Log)
        {
            ConservativeStage = BuildConservativeStage,
        };
        await bot.LoadAsync();
        return bot;
    }

    public void Dispose()
    {
        Broker?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private BacktestStage BuildConservativeStage()
    {
        ConservativeStagesBuilt++;
        return NewStage();
    }

    private static BacktestStage NewStage() =>
        new(new BaselineForecaster(), new WalkForwardOptions { Simulations = 8, WindowDays = 5 }, parallelism: 1);

    private static List<BarSeries> CreateBars()
    {
        var random = new Random(42);
        var first = new DateOnly(2023, 1, 3);
        var last = new DateOnly(2024, 3, 15);
        return
        [
            ScriptedMarket.Trend(Up, first, last, 50, 0.004, 0.012, random),
            ScriptedMarket.Trend(Down, first, last, 400, -0.003, 0.012, random),
            ScriptedMarket.Trend(Btc, new DateOnly(2023, 5, 1), last, 30_000, 0.003, 0.015, random),
        ];
    }

    /// <summary>The simulated market's completed bars (no look-ahead).</summary>
    private sealed class MarketFeed(SimulatedMarket market) : IBarFeed
    {
        public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now)
        {
            var bars = market.CompletedBars(instrument, now);
            return bars.Count == 0 ? null : bars;
        }
    }
}
