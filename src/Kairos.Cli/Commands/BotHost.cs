using Kairos.Backtesting.Costs;
using Kairos.Cli.Configuration;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Forecasting.Caching;
using Kairos.Trading.Brokers;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.State;

namespace Kairos.Cli.Commands;

/// <summary>
/// The bot as <c>kairos simulate</c> and <c>kairos run</c> both assemble it, with what it owns: the forecast store
/// (<c>forecasts.db</c> in <see cref="BotHostSpec.Folder"/>), the event log (<c>kairos.log</c>, and <c>logs/</c> with
/// verbose logging), the metrics and their per-cycle recorder, the analysis stage and its conservative fallback. Loaded
/// (<see cref="TradingBot.LoadAsync"/>) when returned; disposing flushes the log and closes the cache.
/// </summary>
internal sealed class BotHost : IAsyncDisposable
{
    private readonly ForecastCache? _cache;
    private readonly BatchedLogWriter _eventLog;
    private readonly IDisposable _tracking;
    private readonly CycleMetricsRecorder _recorder;

    private BotHost(TradingBot bot, BacktestStage stage, IForecastStore forecasts, ForecastCache? cache, BatchedLogWriter eventLog, KairosMetrics metrics, IDisposable tracking, CycleMetricsRecorder recorder)
    {
        Bot = bot;
        Stage = stage;
        Forecasts = forecasts;
        _cache = cache;
        _eventLog = eventLog;
        Metrics = metrics;
        _tracking = tracking;
        _recorder = recorder;
    }

    public TradingBot Bot { get; }

    /// <summary>The analysis stage the bot started with.</summary>
    public BacktestStage Stage { get; }

    /// <summary>Where forecasts are looked up: the persistent cache, or the in-process memo when the cache is off.</summary>
    public IForecastStore Forecasts { get; }

    public KairosMetrics Metrics { get; }

    public static async Task<BotHost> OpenAsync(BotHostSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (forecasts, cache) = await TradingSetup.OpenForecastStoreAsync(spec.Config, Path.Combine(spec.Folder, "forecasts.db"), spec.Time, cancellationToken);
        var eventLog = new BatchedLogWriter(
            new BatchedLogOptions { LogPath = Path.Combine(spec.Folder, "kairos.log"), VerboseDirectory = spec.VerboseLog ? Path.Combine(spec.Folder, "logs") : null },
            spec.Time);
        var metrics = new KairosMetrics();
        var (stage, conservative, tracking) = TradingSetup.AnalysisStage(spec.Config, spec.Costs, spec.Forecaster, spec.ModelBytes, forecasts, cache, metrics);
        var recorder = new CycleMetricsRecorder(metrics);
        var bot = new TradingBot(
            spec.Broker,
            spec.Store,
            spec.RunId,
            spec.Feed,
            spec.Universe,
            stage,
            spec.Config.BotSettings(spec.KillSwitchPath) with { ClientIdPrefix = spec.ClientIdPrefix },
            spec.Time,
            spec.Log)
        {
            Metrics = metrics,
            MetricsRecorder = recorder,
            Rollback = spec.Rollback,
            ConservativeStage = conservative,
            EventLog = eventLog,
        };
        var host = new BotHost(bot, stage, forecasts, cache, eventLog, metrics, tracking, recorder);
        try
        {
            await bot.LoadAsync(cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _recorder.Dispose();
        _tracking.Dispose();
        Metrics.Dispose();
        await _eventLog.DisposeAsync();
        _cache?.Dispose();
    }
}

/// <summary>What a <see cref="BotHost"/> is built from.</summary>
internal sealed record BotHostSpec(
    TradingConfig Config,
    CostModel Costs,
    IForecaster Forecaster,
    long ModelBytes,
    IBroker Broker,
    TradingStore Store,
    long RunId,
    IBarFeed Feed,
    IReadOnlyList<Instrument> Universe,
    string Folder,
    string KillSwitchPath,
    string ClientIdPrefix,
    TimeProvider Time)
{
    /// <summary>Per-day verbose log files under <c>logs/</c> (<c>--verbose-log</c>).</summary>
    public bool VerboseLog { get; init; }

    /// <summary>The bot's line log (<c>--verbose</c>: stderr); null: none.</summary>
    public TextWriter? Log { get; init; }

    public RollbackGuard? Rollback { get; init; }
}
