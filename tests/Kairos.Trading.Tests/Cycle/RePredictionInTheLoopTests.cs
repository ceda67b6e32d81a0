using System.Text.Json;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Forecasting;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Prediction;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.Simulation;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// The re-prediction policy and the freshness guarantee inside the bot's cycle (docs/re-prediction.md): which symbols are
/// analysed again, which trade on their last analysis, the forecast's age in the decision record, and no order placed on a
/// forecast older than its limit (nor an exit re-priced on one). The market is <see cref="BotScenario"/>'s scripted one;
/// cycles are run by hand at chosen instants from Tuesday 5 March 2024 (EST: 09:30 ET = 14:30 UTC).
/// </summary>
public sealed class RePredictionInTheLoopTests : IDisposable
{
    private static readonly DateTimeOffset Open = new(2024, 3, 5, 14, 30, 0, TimeSpan.Zero);
    private static readonly List<BarSeries> Bars = CreateBars();

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-repredict-").FullName;

    [Fact]
    public async Task A_second_cycle_ten_minutes_later_on_unchanged_prices_reuses_every_analysis_and_records_its_age()
    {
        await using var rig = await Rig.StartAsync(_dir, new TradingBotSettings(), Open);
        await rig.CycleAsync(Open, 1);
        await rig.CycleAsync(Open.AddMinutes(10), 2);

        var first = await rig.ForecastsAsync(1);
        var second = await rig.ForecastsAsync(2);
        Assert.Equal(3, first.Count);
        Assert.All(first.Values, f =>
        {
            Assert.True(f.GetProperty("repredicted").GetBoolean());
            Assert.Equal("first forecast", f.GetProperty("prediction").GetString());
            Assert.Equal(0, f.GetProperty("forecastAgeSeconds").GetDouble());
        });
        Assert.Equal(first.Keys.Order(), second.Keys.Order());
        foreach (var (symbol, f) in second)
        {
            Assert.False(f.GetProperty("repredicted").GetBoolean());
            Assert.Equal(600, f.GetProperty("forecastAgeSeconds").GetDouble());
            Assert.Equal(Open, f.GetProperty("forecastAt").GetDateTimeOffset());
            Assert.StartsWith("reuse: forecast 10 min old < 30 min; price moved 0", f.GetProperty("prediction").GetString(), StringComparison.Ordinal);

            // The reused analysis is the same forecast: the predicted levels are identical.
            Assert.Equal(first[symbol].GetProperty("close").GetDouble(), f.GetProperty("close").GetDouble());
        }

        Assert.Equal(3, rig.Metric(1, "symbols.repredicted"));
        Assert.Equal(0, rig.Metric(1, "symbols.reused"));
        Assert.Equal(0, rig.Metric(2, "symbols.repredicted"));
        Assert.Equal(3, rig.Metric(2, "symbols.reused"));
    }

    [Fact]
    public async Task A_forecast_as_old_as_the_time_threshold_is_re_predicted()
    {
        await using var rig = await Rig.StartAsync(_dir, new TradingBotSettings(), Open);
        await rig.CycleAsync(Open, 1);
        await rig.CycleAsync(Open.AddMinutes(30), 2);

        var second = await rig.ForecastsAsync(2);
        Assert.All(second.Values, f =>
        {
            Assert.True(f.GetProperty("repredicted").GetBoolean());
            Assert.Equal(0, f.GetProperty("forecastAgeSeconds").GetDouble());
            Assert.Equal("forecast 30 min old ≥ 30 min", f.GetProperty("prediction").GetString());
        });
    }

    [Fact]
    public async Task Rules_always_re_predicts_every_cycle()
    {
        var settings = new TradingBotSettings { Prediction = new RePredictionSettings { Rules = RePredictionRules.Always } };
        await using var rig = await Rig.StartAsync(_dir, settings, Open);
        await rig.CycleAsync(Open, 1);
        await rig.CycleAsync(Open.AddMinutes(5), 2);

        Assert.All((await rig.ForecastsAsync(2)).Values, f => Assert.Equal("re-predicted every cycle (rules: always)", f.GetProperty("prediction").GetString()));
        Assert.Equal(3, rig.Metric(2, "symbols.repredicted"));
    }

    [Fact]
    public async Task A_new_completed_bar_forces_a_new_forecast_even_inside_the_time_threshold()
    {
        // BTCUSD's daily bar completes at 00:00 UTC: a crypto cycle at 23:50 UTC sees the 4 March bar as its newest, one
        // 15 minutes later sees the 5 March bar.
        var before = new DateTimeOffset(2024, 3, 5, 23, 50, 0, TimeSpan.Zero);
        await using var rig = await Rig.StartAsync(_dir, new TradingBotSettings(), before);
        await rig.CycleAsync(before, 1, CycleWindowKind.CryptoEvening);
        await rig.CycleAsync(before.AddMinutes(15), 2, CycleWindowKind.CryptoEvening);

        var btc = (await rig.ForecastsAsync(2, CycleWindowKind.CryptoEvening))["BTCUSD"];
        Assert.True(btc.GetProperty("repredicted").GetBoolean());
        Assert.Equal("new bar 2024-03-05 since the forecast", btc.GetProperty("prediction").GetString());

        // Quality: the first forecast (of the 5 March bar) is scored against that bar's close once it is known.
        var predicted = rig.FirstCycleForecasts!["BTCUSD"].GetProperty("close").GetDouble();
        var realised = Bars[2].Bars.Single(b => b.Date == new DateOnly(2024, 3, 5)).Close;
        Assert.Equal(1, rig.Metric(2, "forecast.error.count"));
        Assert.Equal(Math.Abs(predicted - realised) / realised, rig.Metric(2, "forecast.error.sum")!.Value, 12);
        Assert.Null(rig.Metric(1, "forecast.error.count"));
    }

    [Fact]
    public async Task No_order_is_placed_on_a_forecast_older_than_its_limit_and_the_skip_says_why()
    {
        // The same cycle twice: once with an instant analysis, once with an analysis that takes 50 minutes of the clock.
        var quick = await EntriesAsync(TimeSpan.Zero);
        var slow = await EntriesAsync(TimeSpan.FromMinutes(50));

        Assert.NotEmpty(quick.Entered);
        Assert.All(quick.Entered, d => Assert.Contains("forecast age 0 min", d.Reasons));
        Assert.True(quick.Orders > 0);

        Assert.Empty(slow.Entered);
        Assert.Equal(0, slow.Orders);
        foreach (var d in quick.Entered)
        {
            var skipped = Assert.Single(slow.Decisions, s => s.Symbol == d.Symbol);
            Assert.Equal(DecisionAction.Skip, skipped.Action);
            Assert.Contains("stale forecast: forecast 50 min old > 45 min limit", skipped.Reasons);
        }
    }

    [Fact]
    public async Task An_exit_refresh_on_a_forecast_older_than_its_limit_leaves_the_working_take_profit_and_logs_why()
    {
        // The same exit refresh twice: once with an instant analysis, once with an analysis that takes 50 minutes of the clock.
        var quick = await ExitRefreshAsync(TimeSpan.Zero);
        var slow = await ExitRefreshAsync(TimeSpan.FromMinutes(50));

        // Both runs reach the refresh with the same take-profit working at the broker, placed the day before.
        var working = Assert.Single(quick.Before, o => o.Status.IsOpen() && o.Side == OrderSide.Sell);
        Assert.Equal(quick.Before, slow.Before);
        Assert.Equal(Open.AddHours(1.5), working.SubmittedAt);

        // Fresh forecast: the refresh cancels that order and the next poll places the new forecast's take-profit.
        Assert.Equal(OrderStatus.Canceled, quick.After.Single(o => o.ClientOrderId == working.ClientOrderId).Status);
        var repriced = Assert.Single(quick.Polled, o => o.Status.IsOpen() && o.Side == OrderSide.Sell);
        Assert.NotEqual(working.ClientOrderId, repriced.ClientOrderId);
        Assert.NotEqual(working.LimitPrice, repriced.LimitPrice);
        Assert.Equal(working.Quantity, repriced.Quantity);
        Assert.DoesNotContain("exit refresh skipped", quick.Log, StringComparison.Ordinal);

        // Stale forecast (50 min old when the refresh runs): no cancel, no new order; the working one is untouched.
        // (Polls are the watcher's business: it re-places an exit order older than 24 h whatever the forecast.)
        Assert.Equal(slow.Before, slow.After);
        var skipped = Assert.Single(slow.Log.Split(Environment.NewLine), l => l.Contains("exit refresh skipped", StringComparison.Ordinal));
        Assert.Equal("2024-03-06 16:35Z BTCUSD exit refresh skipped: forecast 50 min old > 45 min limit", skipped);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(IReadOnlyList<DecisionRecord> Decisions, List<DecisionRecord> Entered, int Orders)> EntriesAsync(TimeSpan analysisTime)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, analysisTime.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        await using var rig = await Rig.StartAsync(dir, new TradingBotSettings(), Open, analysisTime);
        await rig.CycleAsync(Open, 1);
        await rig.Bot.PollAsync();
        var decisions = await rig.Store.GetDecisionsAsync(rig.Bot.RunId);
        return (decisions, [.. decisions.Where(d => d.Action == DecisionAction.Enter)], rig.Broker.Snapshot().Orders.Count);
    }

    /// <summary>
    /// BTCUSD's exit refresh on the second day. The always-on buy of the open of 5 March fills at once; the cycle an hour
    /// later refreshes the long's exit, which places its first take-profit. The watchers are then polled every 30 minutes
    /// until the cycle of Wednesday 6 March at 15:45 UTC: the exit plan is then over 24 h old (a crypto exit plan younger
    /// than that is kept), so the cycle refreshes it, on the analysis of the 5 March bar (a new bar: the forecaster runs
    /// again, and with <paramref name="analysisTime"/> takes that much of the clock). Returns BTCUSD's orders at the
    /// broker just before and just after that cycle and after a poll that follows it, and the bot's log.
    /// </summary>
    private async Task<(IReadOnlyList<Order> Before, IReadOnlyList<Order> After, IReadOnlyList<Order> Polled, string Log)> ExitRefreshAsync(TimeSpan analysisTime)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_dir, "exit-" + analysisTime.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        var nextDay = Open.AddHours(25.25);
        await using var rig = await Rig.StartAsync(dir, new TradingBotSettings(), Open, analysisTime, slowFrom: nextDay);
        await rig.CycleAsync(Open, 1);
        await rig.Bot.PollAsync();
        await rig.CycleAsync(Open.AddHours(1), 2);
        for (var t = Open.AddHours(1.5); t < nextDay; t = t.AddMinutes(30))
        {
            rig.Clock.Set(t);
            await rig.Bot.PollAsync();
        }

        var before = BtcOrders(rig);
        await rig.CycleAsync(nextDay, 1);
        var after = BtcOrders(rig);
        await rig.Bot.PollAsync();
        return (before, after, BtcOrders(rig), rig.Log.ToString());

        static List<Order> BtcOrders(Rig rig) => [.. rig.Broker.Snapshot().Orders.Where(o => o.Instrument == BotScenario.Btc)];
    }

    private static List<BarSeries> CreateBars()
    {
        var random = new Random(42);
        var first = new DateOnly(2023, 1, 3);
        var last = new DateOnly(2024, 3, 15);
        return
        [
            ScriptedMarket.Trend(BotScenario.Up, first, last, 50, 0.004, 0.012, random),
            ScriptedMarket.Trend(BotScenario.Down, first, last, 400, -0.003, 0.012, random),
            ScriptedMarket.Trend(BotScenario.Btc, new DateOnly(2023, 5, 1), last, 30_000, 0.003, 0.015, random),
        ];
    }

    /// <summary>One bot on a fresh store and broker; cycles are run at explicit instants.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly KairosMetrics _metrics;
        private readonly Dictionary<int, IReadOnlyList<CycleMetric>> _cycleMetrics = [];

        private Rig(SimulatedClock clock, TradingStore store, SimulatedBroker broker, TradingBot bot, KairosMetrics metrics, StringWriter log)
        {
            Clock = clock;
            Store = store;
            Broker = broker;
            Bot = bot;
            _metrics = metrics;
            Log = log;
        }

        public SimulatedClock Clock { get; }

        public TradingStore Store { get; }

        public SimulatedBroker Broker { get; }

        public TradingBot Bot { get; }

        /// <summary>The bot's log.</summary>
        public StringWriter Log { get; }

        /// <summary>The forecasts recorded by the first cycle run.</summary>
        public Dictionary<string, JsonElement>? FirstCycleForecasts { get; private set; }

        /// <summary>
        /// A bot on a fresh store and broker at <c>start</c>. With <c>analysisTime</c>, the forecaster's first call at or
        /// after <c>slowFrom</c> (by default its very first) takes that much of the clock.
        /// </summary>
        public static async Task<Rig> StartAsync(string dir, TradingBotSettings settings, DateTimeOffset start, TimeSpan analysisTime = default, DateTimeOffset slowFrom = default)
        {
            var clock = new SimulatedClock(start);
            var store = await TradingStore.OpenAsync(Path.Combine(dir, "kairos.db"), clock);
            var runId = (await store.StartRunAsync(TradingMode.Simulate, "simulated", start, "{}", 42)).Id;
            var market = new SimulatedMarket(Bars);
            var broker = new SimulatedBroker(market, clock, new SimulatedBrokerOptions { AccountCalendar = NyseCalendar.Instance });
            IForecaster forecaster = new BaselineForecaster();
            if (analysisTime > TimeSpan.Zero)
            {
                forecaster = new SlowForecaster(forecaster, clock, analysisTime, slowFrom);
            }

            var stage = new BacktestStage(forecaster, new WalkForwardOptions { Simulations = 8, WindowDays = 5 }, parallelism: 1);
            var metrics = new KairosMetrics();
            var log = new StringWriter();
            var bot = new TradingBot(broker, store, runId, new Feed(market), BotScenario.Universe, stage, settings with { ClientIdPrefix = "rp" }, clock, log)
            {
                Metrics = metrics,
                MetricsRecorder = new CycleMetricsRecorder(metrics),
            };
            await bot.LoadAsync();
            return new Rig(clock, store, broker, bot, metrics, log);
        }

        public async Task CycleAsync(DateTimeOffset at, int occurrence, CycleWindowKind kind = CycleWindowKind.MarketOpen)
        {
            Clock.Set(at);
            await Bot.RunCycleAsync(Window(at, occurrence, kind));
            _cycleMetrics[occurrence] = await Store.GetMetricsAsync(Bot.RunId, Window(at, occurrence, kind).Key);
            FirstCycleForecasts ??= await ForecastsAsync(occurrence, kind);
        }

        public double? Metric(int occurrence, string name) => _cycleMetrics[occurrence].FirstOrDefault(m => m.Name == name)?.Value;

        public async Task<Dictionary<string, JsonElement>> ForecastsAsync(int occurrence, CycleWindowKind kind = CycleWindowKind.MarketOpen)
        {
            var key = Window(Clock.GetUtcNow(), occurrence, kind).Key;
            return (await Store.GetDecisionsAsync(Bot.RunId, key))
                .Where(d => d.ForecastJson is not null)
                .ToDictionary(d => d.Symbol, d => JsonDocument.Parse(d.ForecastJson!).RootElement.Clone(), StringComparer.Ordinal);
        }

        public ValueTask DisposeAsync()
        {
            Broker.Dispose();
            _metrics.Dispose();
            Log.Dispose();
            return ValueTask.CompletedTask;
        }

        private static CycleWindow Window(DateTimeOffset at, int occurrence, CycleWindowKind kind) =>
            new(kind, UsEastern.DateOf(at), at, at.AddHours(1)) { Occurrence = occurrence };
    }

    /// <summary>
    /// A forecaster whose first call at or after <c>from</c> on the simulated clock takes <c>duration</c> of it (a slow
    /// model); the default <c>from</c> makes that its very first call.
    /// </summary>
    private sealed class SlowForecaster(IForecaster inner, SimulatedClock clock, TimeSpan duration, DateTimeOffset from = default) : IForecaster
    {
        private bool _slept;

        public string Identity => inner.Identity;

        public int ContextLength => inner.ContextLength;

        public int MinimumHistory => inner.MinimumHistory;

        public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
        {
            if (!_slept && clock.GetUtcNow() >= from)
            {
                _slept = true;
                clock.Set(clock.GetUtcNow() + duration);
            }

            inner.Forecast(series, decisionIndices, forecasts, cancellationToken);
        }
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
