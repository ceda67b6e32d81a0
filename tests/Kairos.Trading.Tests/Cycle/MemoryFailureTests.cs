using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Reporting;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// Memory failures (docs/monitoring.md): a symbol whose analysis runs out of memory is skipped for its cycle and counted,
/// the other symbols go on, the run's count survives a restart and reaches the report, and the "memory failures up"
/// rollback trigger fires against a baseline that had none.
/// </summary>
public sealed class MemoryFailureTests
{
    [Fact]
    public async Task A_backtest_that_runs_out_of_memory_is_a_counted_failure_and_the_other_symbols_go_on()
    {
        var options = new WalkForwardOptions { Simulations = 4, WindowDays = 5 };
        var stage = new BacktestStage(new OutOfMemoryForecaster(new BaselineForecaster(), BotScenario.Down.Symbol, failures: 2, wrap: true), options, parallelism: 2);
        var bars = Enumerable.Range(0, 3).Select(i => Series(BotScenario.Universe[i])).ToList();

        var first = await stage.RunAsync(bars);
        Assert.Equal([false, true, false], first.Select(o => o.OutOfMemory));
        Assert.NotNull(first[0].Backtest);
        Assert.NotNull(first[2].Backtest);
        Assert.Null(first[1].Backtest);
        Assert.Equal("out of memory: Insufficient memory for a test allocation.", first[1].Failure);
        Assert.Equal(1, stage.MemoryFailures);

        // The next cycle tries the symbol again (a failure is not memoised) and succeeds once memory is back.
        Assert.True((await stage.RunAsync(bars))[1].OutOfMemory);
        var third = await stage.RunAsync(bars);
        Assert.False(third[1].OutOfMemory);
        Assert.NotNull(third[1].Backtest);
        Assert.Equal(2, stage.MemoryFailures);
    }

    [Fact]
    public async Task Other_errors_are_not_memory_failures()
    {
        var stage = new BacktestStage(new ThrowingForecaster(new InvalidOperationException("broken model")), new WalkForwardOptions { Simulations = 4, WindowDays = 5 }, parallelism: 1);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => stage.RunAsync([Series(BotScenario.Up)]));
        Assert.Equal("broken model", e.Message);
        Assert.Equal(0, stage.MemoryFailures);
    }

    [Fact]
    public async Task Memory_failures_are_counted_logged_restored_reported_and_roll_the_bot_back_against_a_baseline_without_any()
    {
        var options = new WalkForwardOptions { Simulations = 8, WindowDays = 5 };
        var stage = new BacktestStage(new OutOfMemoryForecaster(new BaselineForecaster(), BotScenario.Down.Symbol, failures: 1, wrap: false), options, parallelism: 1);

        // A baseline the run beats on every trading figure, with no memory failure: only the memory trigger can fire.
        using var scenario = new BotScenario(stage)
        {
            Rollback = new RollbackGuard { Baseline = new HealthSnapshot(-50, 0.0, 100, 0, 0, 0), BaselineName = "lean.json", MinTrades = 1 },
        };
        await scenario.RunAsync();

        Assert.Equal(1, scenario.Bot.MemoryFailures);
        var log = scenario.Log.ToString();
        Assert.Single(log.Split('\n'), l => l.Contains("MEMORY FAILURE analysing DNCO (out of memory: Insufficient memory for a test allocation.); skipped this cycle, 1 in the run", StringComparison.Ordinal));

        var rolled = Assert.IsType<RollbackRecord>(scenario.Bot.RolledBack);
        Assert.Equal(["memory failures up: 0 -> 1"], rolled.Triggers);

        // The symbol was not analysed on the failing cycle, and was analysed again afterwards.
        var decisions = await scenario.Store.GetDecisionsAsync(scenario.RunId);
        var failed = Assert.Single(decisions, d => d.Symbol == "DNCO" && d.Reasons.Any(r => r.Contains("out of memory", StringComparison.Ordinal)));
        Assert.Contains(decisions, d => d.Symbol == "DNCO" && d.At > failed.At && d.ForecastJson is not null);

        var report = await SimulationReportData.LoadAsync(scenario.Store, scenario.RunId, 0m);
        Assert.Equal(1, report.MemoryFailures);
        var restarted = await scenario.RestartedBotAsync();
        Assert.Equal(1, restarted.MemoryFailures);
    }

    private static BarSeries Series(Instrument instrument)
    {
        var random = new Random(instrument.Symbol[0]);
        return ScriptedMarket.Trend(instrument, new DateOnly(2023, 1, 3), new DateOnly(2023, 6, 30), 100, 0.001, 0.01, random);
    }

    /// <summary>Throws an out-of-memory error on the first <c>failures</c> forecasts of one symbol (wrapped in an aggregate, as parallel work does, when asked).</summary>
    private sealed class OutOfMemoryForecaster(IForecaster inner, string symbol, int failures, bool wrap) : IForecaster
    {
        private int _failures = failures;

        public string Identity => inner.Identity;

        public int ContextLength => inner.ContextLength;

        public int MinimumHistory => inner.MinimumHistory;

        public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken)
        {
            if (series.Instrument.Symbol == symbol && Interlocked.Decrement(ref _failures) >= 0)
            {
                var oom = new InsufficientMemoryException("Insufficient memory for a test allocation.");
                throw wrap ? new AggregateException(oom) : oom;
            }

            inner.Forecast(series, decisionIndices, forecasts, cancellationToken);
        }
    }

    private sealed class ThrowingForecaster(Exception error) : IForecaster
    {
        public string Identity => "throwing";

        public int ContextLength => 32;

        public int MinimumHistory => 2;

        public void Forecast(BarSeries series, ReadOnlySpan<int> decisionIndices, Span<BarForecast> forecasts, CancellationToken cancellationToken) => throw error;
    }
}
