using Kairos.Trading.Analysis;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The supported environment variables (optimisation plan "Environment Variables for Control" and the spec's §9 variables
/// that map to a setting here), applied in table order: a general variable comes before its asset-class variants, so the
/// variant wins whatever the order of the environment.
/// </summary>
internal static class EnvironmentBindings
{
    private const string Boolean = "1/0, true/false, yes/no, on/off";
    private const int Week = 7 * 24 * 3600;
    private const int MaxHoldLimit = 365 * 24 * 3600;

    public static IReadOnlyList<EnvironmentBinding> All { get; } =
    [
        Bind("KRONOS_PREDICTION_CACHE_ENABLED", "forecastCache.enabled", Boolean, (c, v) => c with { ForecastCache = c.ForecastCache with { Enabled = EnvironmentValue.Bool(v) } }),
        Bind("KRONOS_PREDICTION_CACHE_TTL", "forecastCache.ttl", $"whole seconds from 0 to {Week}", (c, v) => c with { ForecastCache = c.ForecastCache with { Ttl = EnvironmentValue.Seconds(v, 0, Week) } }),
        Bind("KRONOS_PREDICTION_CACHE_MAX_SIZE_MB", "forecastCache.maxSizeMb", $"a whole number of MiB from 1 to {ForecastCacheSection.MaxSizeMbLimit}", (c, v) => c with { ForecastCache = c.ForecastCache with { MaxSizeMb = EnvironmentValue.Int(v, 1, ForecastCacheSection.MaxSizeMbLimit) } }),
        Bind("OPTIMIZER_MAX_ITER", "optimizer.maxEvaluations", $"a whole number from {OptimizerSection.MinEvaluations} to {OptimizerSection.MaxEvaluationsLimit}", (c, v) => c with { Optimizer = c.Optimizer with { MaxEvaluations = EnvironmentValue.Int(v, OptimizerSection.MinEvaluations, OptimizerSection.MaxEvaluationsLimit) } }),
        Bind("OPTIMIZER_TOLERANCE", "optimizer.tolerance", $"a number greater than 0 and at most {OptimizerSection.MaxTolerance}", (c, v) => c with { Optimizer = c.Optimizer with { Tolerance = EnvironmentValue.Double(v, 0, OptimizerSection.MaxTolerance, minExclusive: true) } }),
        new("PREDICTION_PRICE_THRESHOLD", ["prediction.equityPriceThreshold", "prediction.cryptoPriceThreshold"], "a fraction greater than 0 and less than 1", (c, v) =>
        {
            var threshold = Fraction(v);
            return c with { Prediction = c.Prediction with { EquityPriceThreshold = threshold, CryptoPriceThreshold = threshold } };
        }),
        Bind("PREDICTION_PRICE_THRESHOLD_EQUITY", "prediction.equityPriceThreshold", "a fraction greater than 0 and less than 1", (c, v) => c with { Prediction = c.Prediction with { EquityPriceThreshold = Fraction(v) } }),
        Bind("PREDICTION_PRICE_THRESHOLD_CRYPTO", "prediction.cryptoPriceThreshold", "a fraction greater than 0 and less than 1", (c, v) => c with { Prediction = c.Prediction with { CryptoPriceThreshold = Fraction(v) } }),
        Bind("PREDICTION_TIME_THRESHOLD", "prediction.timeThreshold", $"whole seconds from 1 to {Week}", (c, v) => c with { Prediction = c.Prediction with { TimeThreshold = EnvironmentValue.Seconds(v, 1, Week) } }),
        Bind("PREDICTION_MAX_FORECAST_AGE", "prediction.maxForecastAge", $"whole seconds from 1 to {Week}", (c, v) => c with { Prediction = c.Prediction with { MaxForecastAge = EnvironmentValue.Seconds(v, 1, Week) } }),
        Bind("PREDICTION_RULES", "prediction.rules", "always, or differential, tiered and volatility joined by commas", (c, v) => c with { Prediction = c.Prediction with { Rules = EnvironmentValue.PredictionRules(v) } }),
        Bind("MARKETSIM_PARALLEL_ANALYSIS", "analysis.parallel", Boolean, (c, v) => c with { Analysis = c.Analysis with { Parallel = EnvironmentValue.Bool(v) } }),
        Bind("MARKETSIM_PARALLEL_WORKERS", "analysis.workers", $"a whole number from 1 to {AnalysisSection.MaxWorkers}", (c, v) => c with { Analysis = c.Analysis with { Workers = EnvironmentValue.Int(v, 1, AnalysisSection.MaxWorkers) } }),
        Bind("KAIROS_FORECAST_HORIZON", "analysis.horizon", $"a whole number of bars from 1 to {AnalysisSection.MaxHorizon}", (c, v) => c with { Analysis = c.Analysis with { Horizon = EnvironmentValue.Int(v, 1, AnalysisSection.MaxHorizon) } }),
        Bind("MARKETSIM_BACKTEST_SIMULATIONS", "backtest.simulations", $"a whole number from 1 to {TradingConfigLoader.MaxSimulations}", (c, v) => c with { Backtest = c.Backtest with { Simulations = EnvironmentValue.Int(v, 1, TradingConfigLoader.MaxSimulations) } }),
        Bind("TRADABLE_PAIRS", "trading.symbols", "symbols separated by commas", (c, v) => c with { Trading = c.Trading with { Symbols = EnvironmentValue.Symbols(v) } }),
        Bind("PAPER", "trading.paper", Boolean, (c, v) => c with { Trading = c.Trading with { Paper = EnvironmentValue.Bool(v) } }),
        Bind("MARKETSIM_DISABLE_GATES", "selection.disableGates", Boolean, (c, v) => c with { Selection = c.Selection with { DisableGates = EnvironmentValue.Bool(v) } }),
        Bind("ALLOW_MAXDIFF_ENTRY", "selection.allowMaxDiff", Boolean, (c, v) => c with { Selection = c.Selection with { AllowMaxDiff = EnvironmentValue.Bool(v) } }),
        Bind("ALLOW_MAXDIFF_ALWAYS_ENTRY", "selection.allowMaxDiffAlwaysOn", Boolean, (c, v) => c with { Selection = c.Selection with { AllowMaxDiffAlwaysOn = EnvironmentValue.Bool(v) } }),
        Bind("ALLOW_PCTDIFF_ENTRY", "selection.allowPctDiff", Boolean, (c, v) => c with { Selection = c.Selection with { AllowPctDiff = EnvironmentValue.Bool(v) } }),
        Bind("ALLOW_HIGHLOW_ENTRY", "selection.allowHighLow", Boolean, (c, v) => c with { Selection = c.Selection with { AllowHighLow = EnvironmentValue.Bool(v) } }),
        Bind("ALLOW_TAKEPROFIT_ENTRY", "selection.allowTakeProfit", Boolean, (c, v) => c with { Selection = c.Selection with { AllowTakeProfit = EnvironmentValue.Bool(v) } }),
        Bind("CONSENSUS_MIN_MOVE_PCT", "selection.consensusMinMove", "a fraction from 0 to less than 1 (0.001 = 0.1 %)", (c, v) => c with { Selection = c.Selection with { ConsensusMinMove = EnvironmentValue.Double(v, 0, 1, maxExclusive: true) } }),
        Bind("MARKETSIM_SYMBOL_SIDE_MAP", "selection.sideMap", "SYMBOL:buy|sell|both, comma separated", (c, v) => c with { Selection = c.Selection with { SideMap = SelectionSettings.ParseSideMap(v) } }),
        Bind("MARKETSIM_SIMPLE_MODE", "portfolio.simpleMode", Boolean, (c, v) => c with { Portfolio = c.Portfolio with { SimpleMode = EnvironmentValue.Bool(v) } }),
        Bind("MAXDIFF_ALWAYS_ON_PRIORITY_LIMIT", "cycle.alwaysOnPriorityLimit", "a whole number from 0 to 100", (c, v) => c with { Cycle = c.Cycle with { AlwaysOnPriorityLimit = EnvironmentValue.Int(v, 0, 100) } }),
        Bind("MARKETSIM_ENABLE_PROBE_TRADES", "cycle.enableProbeTrades", Boolean, (c, v) => c with { Cycle = c.Cycle with { EnableProbeTrades = EnvironmentValue.Bool(v) } }),
        Bind("MARKETSIM_SYMBOL_MAX_HOLD_SECONDS_MAP", "cycle.maxHold", $"SYMBOL:SECONDS (1 to {MaxHoldLimit}), comma separated", (c, v) => c with { Cycle = c.Cycle with { MaxHold = EnvironmentValue.SecondsMap(v, MaxHoldLimit) } }),
        Bind("GLOBAL_MAX_GROSS_LEVERAGE", "risk.maxGrossLeverage", "a number greater than 0 and at most 10", (c, v) => c with { Risk = c.Risk with { MaxGrossLeverage = EnvironmentValue.Decimal(v, 0m, 10m) } }),
        Bind("MARKET_CLOSE_SHIFT_MINUTES", "schedule.marketCloseShift", "whole minutes from 0 to 180", (c, v) => c with { Schedule = c.Schedule with { MarketCloseShift = EnvironmentValue.Minutes(v, 0, 180) } }),
        Bind("MARKET_CLOSE_ANALYSIS_WINDOW_MINUTES", "schedule.marketCloseWindow", "whole minutes from 1 to 60", (c, v) => c with { Schedule = c.Schedule with { MarketCloseWindow = EnvironmentValue.Minutes(v, 1, 60) } }),
    ];

    /// <summary>The Python bot's variables that are accepted and reported, never applied (nor failed on).</summary>
    public static IReadOnlyList<NotApplicableVariable> NotApplicable { get; } =
    [
        new("KRONOS_USE_TORCH_COMPILE", "not applicable to the C# engine: it has no torch.compile; its kernels are compiled ahead of time."),
        new("TORCH_COMPILE_MODE", "not applicable to the C# engine: it has no torch.compile, so no compile mode."),
        new("KRONOS_COMPILE", "not applicable to the C# engine: it has no torch.compile."),
        new("KRONOS_COMPILE_MODE", "not applicable to the C# engine: it has no torch.compile, so no compile mode."),
        new("MARKETSIM_MAX_MAXDIFFS", "not applicable: no maxdiff entry is flagged as overflow here; every entry passes the same exposure limits (risk section)."),
    ];

    private static EnvironmentBinding Bind(string variable, string setting, string accepts, Func<TradingConfig, string, TradingConfig> apply) =>
        new(variable, [setting], accepts, apply);

    private static double Fraction(string text) => EnvironmentValue.Double(text, 0, 1, minExclusive: true, maxExclusive: true);
}
