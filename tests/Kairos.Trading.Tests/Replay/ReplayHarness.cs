using System.Globalization;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Data;
using Kairos.Forecasting;
using Kairos.Trading.Cycle;
using Kairos.Trading.Replay;
using Kairos.Trading.Reporting;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// Wires a market replay over bundled bars the way <c>kairos simulate</c> does — one SQLite file holding the bot's store
/// and the simulated broker — so tests can run it, stop it at any instant with a simulated crash, restart it from the
/// file alone (fresh objects, nothing carried in memory) and compare the outcome with an uninterrupted run.
/// </summary>
internal sealed class ReplayHarness
{
    private static readonly Lazy<IReadOnlyList<BarSeries>> Bundled = new(LoadBundled);

    public static readonly DateOnly FirstDay = new(2026, 1, 26);

    public static readonly DateOnly LastDay = new(2026, 2, 6);

    public static IReadOnlyList<BarSeries> Series => Bundled.Value;

    /// <summary>Runs (or resumes) the replay stored in <paramref name="dbPath"/>. <paramref name="crashPoint"/> may throw to stop it.</summary>
    public static async Task RunAsync(string dbPath, Action<string>? crashPoint = null, DateOnly? lastDay = null)
    {
        var start = UsEastern.FromEastern(FirstDay, TimeOnly.MinValue);
        var end = NyseCalendar.Instance.Session(lastDay ?? LastDay)!.Close;
        var store = await TradingStore.OpenAsync(dbPath, TimeProvider.System);
        var run = await store.GetLatestRunAsync(TradingMode.Simulate) ?? await store.StartRunAsync(TradingMode.Simulate, "simulated", start, "{}", null);
        var next = await store.GetCheckpointAsync(run.Id, MarketReplay.NextKey);
        var clock = new SimulatedClock(next is null ? start : DateTimeOffset.Parse(next, CultureInfo.InvariantCulture));
        var market = new SimulatedMarket(Series);
        using var broker = await SimulatedBroker.OpenAsync(market, clock, await SqliteSimulatedBrokerStore.OpenAsync(dbPath));
        var stage = new BacktestStage(new BaselineForecaster(), new WalkForwardOptions { Simulations = 12, WindowDays = 7 }, 2);
        var bot = new TradingBot(broker, store, run.Id, new Feed(market), [.. Series.Select(s => s.Instrument)], stage, new TradingBotSettings { ClientIdPrefix = "t" }, clock)
        {
            CrashPoint = crashPoint,
        };
        crashPoint?.Invoke("start");
        await bot.LoadAsync();
        var replay = new MarketReplay(bot, broker, clock, new TradingSchedule(), store, new ReplaySettings { Start = start, End = end });
        if (crashPoint is not null)
        {
            replay.StepCompleted = _ => crashPoint("step");
        }

        await replay.RunAsync();
    }

    /// <summary>What a run leaves behind, in a canonical text form: fills, orders, positions, closed trades, equity curve.</summary>
    public static async Task<RunOutcome> OutcomeAsync(string dbPath)
    {
        var store = await TradingStore.OpenAsync(dbPath, TimeProvider.System);
        var run = (await store.GetLatestRunAsync(TradingMode.Simulate))!;
        var state = (await (await SqliteSimulatedBrokerStore.OpenAsync(dbPath)).LoadAsync())!;
        var fills = state.Fills.Select(f => Line(f.Fill)).ToList();
        var hash = FillHash.Compute(state.Fills.Select(f => f.Fill));
        var orders = state.Orders.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.ClientOrderId} {o.Side} {o.Quantity} {o.LimitPrice} {o.Status} {o.FilledQuantity}")).ToList();
        var positions = state.Positions.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Instrument.Symbol} {p.Quantity} {p.AverageEntryPrice}")).ToList();
        var storeFills = (await store.GetFillsAsync(run.Id)).Select(Line).ToList();
        var trades = (await store.GetClosedTradesAsync(DateTimeOffset.MinValue, run.Id)).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Instrument.Symbol} {t.Side} {t.Strategy} {t.Quantity} {t.RealizedPnl} {t.Reason}")).ToList();
        var equity = (await store.GetEquityCurveAsync(run.Id)).Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.At:O} {e.Equity}")).ToList();
        return new RunOutcome(fills, storeFills, orders, positions, trades, equity, state.Cash, hash);
    }

    private static string Line(Fill f) => FillHash.Line(f);

    private static IReadOnlyList<BarSeries> LoadBundled()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kairos.slnx")))
        {
            root = root.Parent;
        }

        var dir = Path.Combine(root?.FullName ?? throw new DirectoryNotFoundException("Run the tests from a clone of the repository."), "data", "daily");
        return [.. new[] { "HIMS", "NIO", "RKLB", "SUIUSDT" }.Select(s => BarCsvLoader.LoadAsync(Path.Combine(dir, s + ".csv"), Instrument.Infer(s), BarValidationPolicy.Default).GetAwaiter().GetResult().Series)];
    }

    private sealed class Feed(SimulatedMarket market) : IBarFeed
    {
        public BarSeries? CompletedBars(Instrument instrument, DateTimeOffset now)
        {
            var bars = market.CompletedBars(instrument, now);
            return bars.Count == 0 ? null : bars;
        }
    }
}

internal sealed record RunOutcome(
    IReadOnlyList<string> BrokerFills,
    IReadOnlyList<string> StoreFills,
    IReadOnlyList<string> Orders,
    IReadOnlyList<string> Positions,
    IReadOnlyList<string> Trades,
    IReadOnlyList<string> Equity,
    decimal Cash,
    string FillsSha256);

/// <summary>Thrown by the crash hook: stands for the process dying at that instant.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
