using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Kairos.Trading.Reporting;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// The bot's instruments on one <see cref="Meter"/> named <see cref="MeterName"/>: time per cycle, stage and symbol,
/// forecasts computed vs served from cache, predict latency, optimiser evaluations, memory, trading statistics and
/// forecast quality.
/// </summary>
/// <remarks>
/// Durations are recorded in seconds, memory in bytes (UCUM units <c>s</c> and <c>By</c>). Tag keys: <c>stage</c>,
/// <c>symbol</c>, <c>model</c>, <c>cache</c>, <c>reason</c>. Inputs are checked here (finite, non-negative where a
/// negative value is meaningless) so that every recorded value can be stored as a cycle metric. Memory gauges are read
/// whenever a listener collects: working set and GC heap from the runtime, model and cache bytes from callbacks
/// registered by their owners (<see cref="TrackModelBytes"/>, <see cref="TrackCacheBytes"/>).
/// </remarks>
public sealed class KairosMetrics : IDisposable
{
    public const string MeterName = "Kairos";
    public const string CycleDuration = "kairos.cycle.duration";
    public const string StageDuration = "kairos.stage.duration";
    public const string SymbolDuration = "kairos.symbol.duration";
    public const string PredictDuration = "kairos.predict.duration";
    public const string ForecastsComputed = "kairos.forecasts.computed";
    public const string ForecastsCached = "kairos.forecasts.cached";
    public const string OptimizerEvaluations = "kairos.optimizer.evaluations";
    public const string WorkingSetBytes = "kairos.memory.working_set";
    public const string GcHeapBytes = "kairos.memory.gc_heap";
    public const string ModelBytes = "kairos.memory.model";
    public const string CacheBytes = "kairos.memory.cache";
    public const string Sharpe = "kairos.trading.sharpe";
    public const string Sortino = "kairos.trading.sortino";
    public const string WinRate = "kairos.trading.win_rate";
    public const string AverageTradeReturn = "kairos.trading.average_trade_return";
    public const string MaxDrawdown = "kairos.trading.max_drawdown";
    public const string ForecastAge = "kairos.forecast.age";
    public const string ForecastError = "kairos.forecast.error";
    public const string MissedPicks = "kairos.picks.missed";
    public const string SymbolsRepredicted = "kairos.symbols.repredicted";
    public const string SymbolsReused = "kairos.symbols.reused";
    public const string Rollbacks = "kairos.rollbacks";
    public const string MemoryFailures = "kairos.memory.failures";

    private readonly Histogram<double> _cycle;
    private readonly Histogram<double> _stage;
    private readonly Histogram<double> _symbol;
    private readonly Histogram<double> _predict;
    private readonly Counter<long> _computed;
    private readonly Counter<long> _cached;
    private readonly Counter<long> _evaluations;
    private readonly Gauge<double> _sharpe;
    private readonly Gauge<double> _sortino;
    private readonly Gauge<double> _winRate;
    private readonly Gauge<double> _averageTradeReturn;
    private readonly Gauge<double> _maxDrawdown;
    private readonly Histogram<double> _forecastAge;
    private readonly Histogram<double> _forecastError;
    private readonly Counter<long> _missed;
    private readonly Counter<long> _repredicted;
    private readonly Counter<long> _reused;
    private readonly Counter<long> _rollbacks;
    private readonly Counter<long> _memoryFailures;
    private readonly ConcurrentDictionary<long, SizeSource> _sizes = new();
    private long _nextSize;

    public KairosMetrics()
    {
        Meter = new Meter(MeterName);
        _cycle = Meter.CreateHistogram<double>(CycleDuration, "s", "Time of one trading cycle.");
        _stage = Meter.CreateHistogram<double>(StageDuration, "s", "Time of one stage of a cycle, by stage.");
        _symbol = Meter.CreateHistogram<double>(SymbolDuration, "s", "Time spent on one symbol in a cycle, by symbol.");
        _predict = Meter.CreateHistogram<double>(PredictDuration, "s", "Latency of one forecaster call.");
        _computed = Meter.CreateCounter<long>(ForecastsComputed, "{forecast}", "Forecasts computed by the model.");
        _cached = Meter.CreateCounter<long>(ForecastsCached, "{forecast}", "Forecasts served from the cache.");
        _evaluations = Meter.CreateCounter<long>(OptimizerEvaluations, "{evaluation}", "Objective evaluations of the strategy optimisers.");
        Meter.CreateObservableGauge(WorkingSetBytes, static () => Environment.WorkingSet, "By", "Working set of the process.");
        Meter.CreateObservableGauge(GcHeapBytes, static () => GC.GetTotalMemory(forceFullCollection: false), "By", "Bytes allocated on the managed heap.");
        Meter.CreateObservableGauge(ModelBytes, () => Sizes(SizeKind.Model), "By", "Bytes held by loaded models, by model.");
        Meter.CreateObservableGauge(CacheBytes, () => Sizes(SizeKind.Cache), "By", "Bytes held by caches, by cache.");
        _sharpe = Meter.CreateGauge<double>(Sharpe, null, "Annualised Sharpe ratio of the run so far.");
        _sortino = Meter.CreateGauge<double>(Sortino, null, "Annualised Sortino ratio of the run so far.");
        _winRate = Meter.CreateGauge<double>(WinRate, "1", "Fraction of closed trades that made money after fees.");
        _averageTradeReturn = Meter.CreateGauge<double>(AverageTradeReturn, "1", "Mean return of the closed trades.");
        _maxDrawdown = Meter.CreateGauge<double>(MaxDrawdown, "1", "Deepest drawdown of the run so far, a fraction <= 0.");
        _forecastAge = Meter.CreateHistogram<double>(ForecastAge, "s", "Age of the forecast a decision used.");
        _forecastError = Meter.CreateHistogram<double>(ForecastError, "1", "|forecast - realised| / |realised| of a forecast close once its bar is known.");
        _missed = Meter.CreateCounter<long>(MissedPicks, "{pick}", "Portfolio picks not entered, by reason.");
        _repredicted = Meter.CreateCounter<long>(SymbolsRepredicted, "{symbol}", "Symbols whose analysis the re-prediction policy ran again.");
        _reused = Meter.CreateCounter<long>(SymbolsReused, "{symbol}", "Symbols that traded on their last analysis (re-prediction policy).");
        _rollbacks = Meter.CreateCounter<long>(Rollbacks, "{rollback}", "Switches to the conservative configuration after a rollback trigger fired.");
        _memoryFailures = Meter.CreateCounter<long>(MemoryFailures, "{failure}", "Symbol analyses that failed for want of memory (out-of-memory errors caught).");
    }

    public Meter Meter { get; }

    public void RecordCycle(TimeSpan elapsed) => _cycle.Record(Seconds(elapsed));

    public void RecordStage(string stage, TimeSpan elapsed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stage);
        _stage.Record(Seconds(elapsed), new KeyValuePair<string, object?>("stage", stage));
    }

    public void RecordSymbol(string symbol, TimeSpan elapsed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        _symbol.Record(Seconds(elapsed), new KeyValuePair<string, object?>("symbol", symbol));
    }

    public void RecordPredict(TimeSpan elapsed) => _predict.Record(Seconds(elapsed));

    public void AddForecastsComputed(long count = 1) => _computed.Add(Count(count));

    public void AddForecastsCached(long count = 1) => _cached.Add(Count(count));

    public void AddOptimizerEvaluations(long count) => _evaluations.Add(Count(count));

    /// <summary>Symbols analysed afresh on a cycle (the re-prediction policy said predict).</summary>
    public void AddSymbolsRepredicted(long count) => _repredicted.Add(Count(count));

    /// <summary>Counts a switch to the conservative configuration.</summary>
    public void AddRollback() => _rollbacks.Add(1);

    /// <summary>Counts symbol analyses that failed with an out-of-memory error (the symbol was skipped, the bot went on).</summary>
    public void AddMemoryFailures(long count) => _memoryFailures.Add(Count(count));

    /// <summary>Symbols that reused their last analysis on a cycle.</summary>
    public void AddSymbolsReused(long count) => _reused.Add(Count(count));

    /// <summary>Records the run's trading statistics as they stand after a cycle.</summary>
    public void RecordTrading(TradingPerformance performance)
    {
        ArgumentNullException.ThrowIfNull(performance);
        _sharpe.Record(Finite(performance.Sharpe));
        _sortino.Record(Finite(performance.Sortino));
        _winRate.Record(Finite(performance.WinRate));
        _averageTradeReturn.Record(Finite(performance.AverageReturnPerTrade));
        _maxDrawdown.Record(Finite(performance.MaxDrawdown.Depth));
    }

    /// <summary>Freshness of a forecast used by a decision: decision time minus the time the forecast was made.</summary>
    public void RecordForecastAge(TimeSpan age) => _forecastAge.Record(Seconds(age));

    /// <summary>Relative error of a forecast close against the realised close of the same bar.</summary>
    public void RecordForecastError(double forecast, double realised)
    {
        if (!double.IsFinite(forecast) || !double.IsFinite(realised) || realised == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(realised), $"Forecast {forecast} vs realised {realised}: both must be finite and the realised value non-zero.");
        }

        _forecastError.Record(Math.Abs(forecast - realised) / Math.Abs(realised));
    }

    /// <summary>Counts a pick that was not entered; <paramref name="reason"/> is a short stable word (e.g. <c>insufficient_funds</c>).</summary>
    public void AddMissedPick(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        _missed.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <summary>Reports <paramref name="bytes"/> under <see cref="ModelBytes"/> until the returned handle is disposed.</summary>
    public IDisposable TrackModelBytes(string model, Func<long> bytes) => Track(SizeKind.Model, model, bytes);

    /// <summary>Reports <paramref name="bytes"/> under <see cref="CacheBytes"/> until the returned handle is disposed.</summary>
    public IDisposable TrackCacheBytes(string cache, Func<long> bytes) => Track(SizeKind.Cache, cache, bytes);

    public void Dispose() => Meter.Dispose();

    private SizeRegistration Track(SizeKind kind, string name, Func<long> bytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(bytes);
        var id = Interlocked.Increment(ref _nextSize);
        _sizes[id] = new SizeSource(kind, name, bytes);
        return new SizeRegistration(_sizes, id);
    }

    private IEnumerable<Measurement<long>> Sizes(SizeKind kind)
    {
        foreach (var source in _sizes.OrderBy(static s => s.Key).Select(static s => s.Value).Where(s => s.Kind == kind))
        {
            var tag = kind == SizeKind.Model ? "model" : "cache";
            yield return new Measurement<long>(source.Bytes(), new KeyValuePair<string, object?>(tag, source.Name));
        }
    }

    private static double Seconds(TimeSpan elapsed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsed, TimeSpan.Zero, nameof(elapsed));
        return elapsed.TotalSeconds;
    }

    private static long Count(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return count;
    }

    private static double Finite(double value) =>
        double.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Trading statistics must be finite.");

    private enum SizeKind
    {
        Model,
        Cache,
    }

    private sealed record SizeSource(SizeKind Kind, string Name, Func<long> Bytes);

    private sealed class SizeRegistration(ConcurrentDictionary<long, SizeSource> sizes, long id) : IDisposable
    {
        public void Dispose() => sizes.TryRemove(id, out _);
    }
}
