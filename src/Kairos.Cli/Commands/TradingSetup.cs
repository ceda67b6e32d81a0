using Kairos.Backtesting.Costs;
using Kairos.Backtesting.WalkForward;
using Kairos.Cli.Configuration;
using Kairos.Cli.Output;
using Kairos.Core;
using Kairos.Forecasting;
using Kairos.Forecasting.Caching;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;
using Kairos.Trading.Simulation;

namespace Kairos.Cli.Commands;

/// <summary>
/// The wiring <c>kairos simulate</c> and <c>kairos run</c> share: the configuration with its environment and flag overrides, the
/// cost model and walk-forward options built from it, the simulated broker persisted in the run's SQLite file.
/// </summary>
internal static class TradingSetup
{
    /// <summary>
    /// The effective configuration: defaults, the <c>--config</c> file, the environment, then the flags. Variables that are
    /// accepted but do not apply are reported on <paramref name="progress"/>.
    /// </summary>
    public static async Task<EffectiveConfig> ResolveConfigAsync(
        FileInfo? file,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<FlagOverride> flags,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        var effective = await EffectiveConfig.ResolveAsync(file?.FullName, environment, flags, cancellationToken);
        foreach (var ignored in effective.Ignored)
        {
            await progress.WriteLineAsync($"  ignored: {ignored.Variable}={ignored.Value} ({ignored.Reason})");
        }

        return effective;
    }

    /// <summary>The default costs with the configured fees.</summary>
    public static CostModel Costs(TradingConfig config)
    {
        var costs = new CostModel();
        return costs with { CryptoFee = config.Backtest.CryptoFee ?? costs.CryptoFee, EquityFee = config.Backtest.EquityFee ?? costs.EquityFee };
    }

    /// <summary>The walk-forward options of the backtest section, with the optimiser bounds of the optimizer section.</summary>
    public static WalkForwardOptions WalkForward(TradingConfig config, CostModel costs)
    {
        var defaults = new WalkForwardOptions();
        return defaults with
        {
            Simulations = config.Backtest.Simulations,
            WindowDays = config.Backtest.WindowDays,
            Costs = costs,
            Grid = config.Optimizer.Bound(defaults.Grid),
            PctDiffOptimizer = config.Optimizer.Bound(defaults.PctDiffOptimizer),
        };
    }

    /// <summary>
    /// The simulated broker stored in <paramref name="dbPath"/> (restored when the file holds one); its account day follows
    /// the crypto calendar when the universe is crypto only, else the NYSE's.
    /// </summary>
    public static async Task<SimulatedBroker> OpenBrokerAsync(
        string dbPath,
        SimulatedMarket market,
        TimeProvider clock,
        TradingConfig config,
        IReadOnlyList<Instrument> universe,
        CancellationToken cancellationToken)
    {
        var brokerOptions = config.Broker with { AccountCalendar = universe.All(i => i.IsCrypto) ? CryptoCalendar.Instance : NyseCalendar.Instance };
        var brokerStore = await SqliteSimulatedBrokerStore.OpenAsync(dbPath, cancellationToken);
        return await SimulatedBroker.OpenAsync(market, clock, brokerStore, brokerOptions, cancellationToken);
    }

    /// <summary>Deletes a SQLite file with its WAL and shared-memory companions (pooled connections closed first).</summary>
    /// <summary>
    /// The forecast store of a run: the persistent, content-addressed forecast cache at <paramref name="path"/> when the
    /// configuration enables it (a later run, or a restarted one, reuses every forecast whose inputs did not change), else
    /// an in-process memo. Time (the partial-bar TTL) comes from <paramref name="time"/>, the run's clock.
    /// </summary>
    public static async Task<(IForecastStore Store, ForecastCache? Cache)> OpenForecastStoreAsync(TradingConfig config, string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var section = config.ForecastCache;
        if (!section.Enabled)
        {
            return (new ForecastMemo(), null);
        }

        var options = new ForecastCacheOptions { Enabled = true, PartialBarTtl = section.Ttl, MaxBytes = section.MaxSizeMb * 1024L * 1024L, Path = path };
        var cache = await ForecastCache.OpenAsync(options, time, null, cancellationToken);
        return (cache, cache);
    }

    /// <summary>
    /// The analysis stage of a bot run and its conservative twin for the rollback (forecasts kept in the process only, the
    /// default optimiser budgets), the forecaster timed for predict latency, and the model's and forecast cache's bytes
    /// reported as gauges until the returned handle is disposed.
    /// </summary>
    public static (BacktestStage Stage, Func<BacktestStage> Conservative, IDisposable Tracking) AnalysisStage(
        TradingConfig config,
        CostModel costs,
        IForecaster forecaster,
        long modelBytes,
        IForecastStore store,
        ForecastCache? cache,
        KairosMetrics metrics)
    {
        var timed = new TimedForecaster(forecaster, metrics);
        var parallelism = config.Analysis.Parallelism(Environment.ProcessorCount);
        var stage = new BacktestStage(timed, WalkForward(config, costs), parallelism, store);
        var conservative = WalkForward(config with { Optimizer = new OptimizerSection() }, costs);
        var handles = new List<IDisposable>();
        if (modelBytes > 0)
        {
            handles.Add(metrics.TrackModelBytes(forecaster.Identity, () => modelBytes));
        }

        if (cache is not null)
        {
            handles.Add(metrics.TrackCacheBytes("forecast", () => cache.Statistics.Bytes));
        }

        return (stage, () => new BacktestStage(timed, conservative, parallelism, new ForecastMemo()), new Handles(handles));
    }

    /// <summary>The rollback guard of <c>--baseline FILE</c> (an earlier run's report.json), or null without one.</summary>
    public static RollbackGuard? RollbackGuard(FileInfo? baseline, TradingConfig config)
    {
        if (baseline is null)
        {
            return null;
        }

        if (!baseline.Exists)
        {
            throw new UsageException($"--baseline: '{baseline.FullName}' does not exist (give the report.json of an earlier run).");
        }

        try
        {
            return new RollbackGuard
            {
                Baseline = SimulationReportJson.Read(baseline.FullName).Health(),
                BaselineName = baseline.Name == "report.json" ? baseline.FullName : baseline.Name,
                Thresholds = config.Rollback.Thresholds(),
                MinTrades = config.Rollback.MinTrades,
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or NotSupportedException)
        {
            throw new UsageException($"--baseline: '{baseline.FullName}' is not a Kairos run report: {e.Message}");
        }
    }

    public static void DeleteDatabase(string dbPath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in (ReadOnlySpan<string>)[string.Empty, "-wal", "-shm"])
        {
            File.Delete(dbPath + suffix);
        }
    }

    private sealed class Handles(List<IDisposable> handles) : IDisposable
    {
        public void Dispose() => handles.ForEach(static h => h.Dispose());
    }
}
