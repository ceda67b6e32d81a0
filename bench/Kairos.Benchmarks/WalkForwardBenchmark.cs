using BenchmarkDotNet.Attributes;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Benchmarks;

/// <summary>
/// A full walk-forward run of one symbol with forecasts given: 70 simulations × 7 days, every strategy optimised
/// (maxdiff and always-on: 2 grid searches each; pctdiff: DIRECT, 720 evaluations). Target ≤ 50 ms on one core.
/// </summary>
[MemoryDiagnoser]
public class WalkForwardBenchmark
{
    private BarSeries _series = null!;
    private ForecastPanel _panel = null!;
    private WalkForwardRunner _runner = null!;

    [Params("BTCUSD", "NIO")]
    public string Symbol { get; set; } = "BTCUSD";

    [GlobalSetup]
    public void Setup()
    {
        _series = BenchmarkData.Load(Symbol);
        _runner = new WalkForwardRunner(new BaselineForecaster());
        _panel = _runner.BuildPanel(_series);
    }

    [Benchmark]
    public SymbolBacktest WalkForwardOneSymbol() => _runner.Run(_series, _panel);
}
