using System.Collections.Concurrent;
using System.Diagnostics;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Forecasting;

namespace Kairos.Trading.Cycle;

/// <summary>
/// The cycle's first stage: the walk-forward backtest of every symbol, in parallel on the configured number of cores.
/// A symbol's backtest depends only on its bars, the forecaster and the options, so it is memoised by the identity of the
/// bars (symbol, count, last bar): the four windows of a day that see the same completed bars analyse each symbol once,
/// and the next day's run recomputes one new forecast per symbol (the forecast memo keeps the rest).
/// </summary>
public sealed class BacktestStage
{
    private readonly WalkForwardRunner _runner;
    private readonly int _parallelism;
    private readonly ConcurrentDictionary<string, (BarsIdentity Bars, SymbolBacktest Result)> _latest = new(StringComparer.Ordinal);
    private long _computed;
    private long _reused;
    private long _memoryFailures;

    public BacktestStage(IForecaster forecaster, WalkForwardOptions options, int parallelism, IForecastStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        Store = store ?? new ForecastMemo();
        _runner = new WalkForwardRunner(forecaster, options, Store);
        _parallelism = parallelism;
        Forecaster = forecaster;
    }

    public IForecaster Forecaster { get; }

    /// <summary>Where forecasts are looked up before computing them: the in-process memo, or the persistent forecast cache.</summary>
    public IForecastStore Store { get; }

    public WalkForwardOptions Options => _runner.Options;

    /// <summary>Backtests computed so far.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    /// <summary>Backtests served from the memo because the symbol's bars had not changed.</summary>
    public long Reused => Interlocked.Read(ref _reused);

    /// <summary>Backtests that failed with an out-of-memory error (each one a skipped symbol, see <see cref="BacktestOutcome.OutOfMemory"/>).</summary>
    public long MemoryFailures => Interlocked.Read(ref _memoryFailures);

    /// <summary>
    /// Backtests every series (in input order). A symbol with too few bars, or whose backtest ran out of memory, yields a
    /// failure with the reason, not an exception.
    /// </summary>
    public async Task<IReadOnlyList<BacktestOutcome>> RunAsync(IReadOnlyList<BarSeries> series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var outcomes = new BacktestOutcome[series.Count];
        await Parallel.ForAsync(
            0,
            series.Count,
            new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            (i, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                outcomes[i] = RunOne(series[i], ct) with { Elapsed = Stopwatch.GetElapsedTime(started) };
                return ValueTask.CompletedTask;
            });
        return outcomes;
    }

    private BacktestOutcome RunOne(BarSeries series, CancellationToken cancellationToken)
    {
        using var activity = KairosTelemetry.Source.StartActivity("backtest.symbol");
        var identity = BarsIdentity.Of(series);
        var symbol = series.Instrument.Symbol;
        if (_latest.TryGetValue(symbol, out var cached) && cached.Bars == identity)
        {
            Interlocked.Increment(ref _reused);
            return new BacktestOutcome(series.Instrument, cached.Result, null);
        }

        try
        {
            var result = _runner.Run(series, cancellationToken);
            _latest[symbol] = (identity, result);
            Interlocked.Increment(ref _computed);
            return new BacktestOutcome(series.Instrument, result, null);
        }
        catch (InsufficientDataException e)
        {
            return new BacktestOutcome(series.Instrument, null, e.Message);
        }
        catch (Exception e) when (OutOfMemoryIn(e) is { } oom)
        {
            // A failed large allocation (a model's context buffers, a long series) leaves the process usable: the
            // symbol is skipped this cycle and counted, the other symbols go on.
            Interlocked.Increment(ref _memoryFailures);
            return new BacktestOutcome(series.Instrument, null, "out of memory: " + oom.Message) { OutOfMemory = true };
        }
    }

    /// <summary>The out-of-memory error <paramref name="e"/> is or wraps (parallel work wraps it in an aggregate); null when none.</summary>
    internal static OutOfMemoryException? OutOfMemoryIn(Exception e) => e switch
    {
        OutOfMemoryException oom => oom,
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.Select(OutOfMemoryIn).FirstOrDefault(static x => x is not null),
        _ => null,
    };

    private readonly record struct BarsIdentity(int Count, DateTimeOffset Last, double LastClose)
    {
        public static BarsIdentity Of(BarSeries s) => s.Count == 0 ? default : new(s.Count, s[s.Count - 1].Timestamp, s[s.Count - 1].Close);
    }
}
