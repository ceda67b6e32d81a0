using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Trading.Cycle;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// A real bot over a store in a temporary folder and an in-memory simulated broker. The one symbol has too few bars to
/// backtest, so every cycle is quick and decides "not analysed" — the tests here are about when cycles run, not what
/// they decide. <see cref="NewLoop"/> builds a fresh bot and loop over the same store and broker: a process restart.
/// </summary>
internal sealed class LoopFixture : IDisposable
{
    public static readonly Instrument Nio = new("NIO", AssetClass.Equity);

    private readonly string _dir;
    private readonly SimulatedMarket _market;

    private LoopFixture(string dir, TimeProvider clock, TradingStore store, SimulatedBroker broker, long runId, SimulatedMarket market)
    {
        _dir = dir;
        Clock = clock;
        Store = store;
        Broker = broker;
        RunId = runId;
        _market = market;
    }

    public TimeProvider Clock { get; }

    public TradingStore Store { get; }

    public SimulatedBroker Broker { get; }

    public long RunId { get; }

    /// <summary>The bot's kill-switch file (absent until a test engages it).</summary>
    public string KillPath => Path.Combine(_dir, "KILL");

    public static async Task<LoopFixture> CreateAsync(TimeProvider clock)
    {
        var dir = Directory.CreateTempSubdirectory("kairos-loop-").FullName;
        var store = await TradingStore.OpenAsync(Path.Combine(dir, "kairos.db"), clock);
        var run = await store.StartRunAsync(TradingMode.Paper, "simulated", clock.GetUtcNow(), "{}", null);
        var bars = Enumerable.Range(0, 5).Select(i => new Bar(new DateTimeOffset(2026, 2, 23 + i, 0, 0, 0, TimeSpan.Zero), 5, 5.2, 4.9, 5.1, 1e6)).ToList();
        var market = new SimulatedMarket([new BarSeries(Nio, bars)]);
        return new LoopFixture(dir, clock, store, new SimulatedBroker(market, clock), run.Id, market);
    }

    /// <summary>
    /// A new bot (loaded from the store) and loop: what a restart of the process builds. <paramref name="broker"/> stands
    /// in front of <see cref="Broker"/> when given (a flaky connection); <paramref name="log"/> gets the loop's log.
    /// </summary>
    public async Task<ScheduledLoop> NewLoop(ScheduledLoopSettings? settings = null, Kairos.Trading.Brokers.IBroker? broker = null, TextWriter? log = null)
    {
        var bot = new TradingBot(
            broker ?? Broker,
            Store,
            RunId,
            new BarFeed(_market),
            [Nio],
            new BacktestStage(new BaselineForecaster(), new WalkForwardOptions(), 1),
            new TradingBotSettings { KillSwitchPath = KillPath },
            Clock);
        await bot.LoadAsync();
        return new ScheduledLoop(bot, Store, new TradingSchedule(), Clock, settings ?? new ScheduledLoopSettings(), log);
    }

    /// <summary>The run's cycle ids in start order.</summary>
    public async Task<List<string>> CycleIds() => [.. (await Store.GetCyclesAsync(RunId)).Select(c => c.CycleId)];

    public void Dispose()
    {
        Broker.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class BarFeed(SimulatedMarket market) : IBarFeed
    {
        public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now) => market.CompletedBars(instrument, now);
    }
}
