using Kairos.Trading.Monitoring;
using Kairos.Trading.Reporting;
using Kairos.Trading.State;
using Kairos.Trading.Tests.State;

namespace Kairos.Trading.Tests.Monitoring;

public sealed class CycleMetricsRecorderTests
{
    private static readonly string[] RuntimeMemory = ["memory.gc_heap", "memory.working_set"];

    [Fact]
    public void Collects_every_instrument_of_a_cycle_under_a_stable_name()
    {
        using var metrics = new KairosMetrics();
        using var recorder = new CycleMetricsRecorder(metrics);
        using var model = metrics.TrackModelBytes("kronos-small", () => 98_304);
        using var cache = metrics.TrackCacheBytes("forecasts", () => 4096);

        RecordOneCycle(metrics);
        var rows = recorder.Collect();

        Assert.Equal(rows.Select(r => r.Name).Order(StringComparer.Ordinal), rows.Select(r => r.Name));
        Assert.All(RuntimeMemory, name => Assert.True(rows.Single(r => r.Name == name).Value > 0, name));
        var expected = new Dictionary<string, double>
        {
            ["cycle.duration.count"] = 1,
            ["cycle.duration.max"] = 1.5,
            ["cycle.duration.sum"] = 1.5,
            ["forecast.age.count"] = 1,
            ["forecast.age.max"] = 90,
            ["forecast.age.sum"] = 90,
            ["forecast.error.count"] = 2,
            ["forecast.error.max"] = 0.5, // |50 − 100| / 100
            ["forecast.error.sum"] = 0.75, // + |125 − 100| / 100
            ["forecasts.cached"] = 1,
            ["forecasts.computed"] = 3,
            ["forecasts.hit_rate"] = 0.25, // 1 / (3 + 1)
            ["memory.cache{cache=forecasts}"] = 4096,
            ["memory.model{model=kronos-small}"] = 98_304,
            ["optimizer.evaluations"] = 250,
            ["picks.missed{reason=insufficient_funds}"] = 2,
            ["picks.missed{reason=max_positions}"] = 1,
            ["predict.duration.count"] = 2,
            ["predict.duration.max"] = 0.375,
            ["predict.duration.sum"] = 0.5,
            ["stage.duration{stage=backtest}.count"] = 2,
            ["stage.duration{stage=backtest}.max"] = 0.75,
            ["stage.duration{stage=backtest}.sum"] = 1,
            ["stage.duration{stage=select}.count"] = 1,
            ["stage.duration{stage=select}.max"] = 0.125,
            ["stage.duration{stage=select}.sum"] = 0.125,
            ["symbol.duration{symbol=AAPL}.count"] = 1,
            ["symbol.duration{symbol=AAPL}.max"] = 0.5,
            ["symbol.duration{symbol=AAPL}.sum"] = 0.5,
            ["trading.average_trade_return"] = 0.0125,
            ["trading.max_drawdown"] = -0.08,
            ["trading.sharpe"] = 1.25,
            ["trading.sortino"] = 2.5,
            ["trading.win_rate"] = 0.6,
        };
        Assert.Equal(expected, rows.Where(r => !RuntimeMemory.Contains(r.Name)).ToDictionary(r => r.Name, r => r.Value));
    }

    [Fact]
    public void Each_collection_holds_only_what_was_measured_since_the_previous_one()
    {
        using var metrics = new KairosMetrics();
        using var recorder = new CycleMetricsRecorder(metrics);
        var model = metrics.TrackModelBytes("kronos-small", () => 1000);
        RecordOneCycle(metrics);
        recorder.Collect();

        metrics.RecordCycle(TimeSpan.FromSeconds(2));
        metrics.AddForecastsCached(4);
        model.Dispose();
        var rows = recorder.Collect().Where(r => !RuntimeMemory.Contains(r.Name)).ToDictionary(r => r.Name, r => r.Value);

        Assert.Equal(
            new Dictionary<string, double>
            {
                ["cycle.duration.count"] = 1,
                ["cycle.duration.max"] = 2,
                ["cycle.duration.sum"] = 2,
                ["forecasts.cached"] = 4,
                ["forecasts.hit_rate"] = 1, // nothing computed this cycle
            },
            rows);
    }

    [Fact]
    public void A_recorder_hears_only_its_own_metrics_object()
    {
        using var ours = new KairosMetrics();
        using var theirs = new KairosMetrics();
        using var recorder = new CycleMetricsRecorder(ours);

        theirs.AddForecastsComputed(7);
        ours.AddForecastsComputed(2);

        Assert.Equal(2, recorder.Collect().Single(r => r.Name == "forecasts.computed").Value);
    }

    [Fact]
    public async Task The_collected_rows_are_stored_for_the_cycle()
    {
        using var fixture = new StoreFixture();
        var store = await fixture.OpenAsync();
        var run = (await store.StartRunAsync(TradingMode.Simulate, "simulated", StoreFixture.T0, "{}", 1)).Id;
        await store.BeginCycleAsync(new CycleRecord(run, "c1", "market-open", StoreFixture.T0, StoreFixture.T0, null, CycleStatus.Running, null));
        using var metrics = new KairosMetrics();
        using var recorder = new CycleMetricsRecorder(metrics);
        RecordOneCycle(metrics);
        var rows = recorder.Collect();

        await store.RecordMetricsAsync(run, "c1", rows);

        var stored = await store.GetMetricsAsync(run, "c1");
        Assert.Equal(rows.Count, stored.Count);
        Assert.Equal(0.25, stored.Single(m => m.Name == CycleMetricsRecorder.HitRate).Value);
        Assert.Equal(1, stored.Single(m => m.Name == "stage.duration{stage=backtest}.sum").Value);
    }

    [Fact]
    public void Rejects_values_that_cannot_be_stored_or_mean_nothing()
    {
        using var metrics = new KairosMetrics();

        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordStage("backtest", TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.AddForecastsComputed(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordForecastError(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordForecastError(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.RecordTrading(new TradingPerformance { Sharpe = double.PositiveInfinity }));
        Assert.Throws<ArgumentException>(() => metrics.AddMissedPick(" "));
    }

    private static void RecordOneCycle(KairosMetrics metrics)
    {
        metrics.RecordCycle(TimeSpan.FromSeconds(1.5));
        metrics.RecordStage("backtest", TimeSpan.FromSeconds(0.25));
        metrics.RecordStage("backtest", TimeSpan.FromSeconds(0.75));
        metrics.RecordStage("select", TimeSpan.FromSeconds(0.125));
        metrics.RecordSymbol("AAPL", TimeSpan.FromSeconds(0.5));
        metrics.RecordPredict(TimeSpan.FromSeconds(0.125));
        metrics.RecordPredict(TimeSpan.FromSeconds(0.375));
        metrics.AddForecastsComputed(3);
        metrics.AddForecastsCached();
        metrics.AddOptimizerEvaluations(250);
        metrics.AddMissedPick("insufficient_funds");
        metrics.AddMissedPick("insufficient_funds");
        metrics.AddMissedPick("max_positions");
        metrics.RecordForecastError(125, 100);
        metrics.RecordForecastError(50, 100);
        metrics.RecordForecastAge(TimeSpan.FromSeconds(90));
        metrics.RecordTrading(new TradingPerformance
        {
            Sharpe = 1.25,
            Sortino = 2.5,
            WinRate = 0.6,
            AverageReturnPerTrade = 0.0125,
            MaxDrawdown = new DrawdownEpisode(-0.08, null, null, null),
        });
    }
}
