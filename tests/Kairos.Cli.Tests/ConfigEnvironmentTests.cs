using Kairos.Cli.Configuration;

namespace Kairos.Cli.Tests;

/// <summary>Every supported environment variable parsed into its setting; invalid values refused with the variable's name.</summary>
public sealed class ConfigEnvironmentTests
{
    /// <summary>Variable, value, setting, the setting's value as <c>config show</c> prints it.</summary>
    public static TheoryData<string, string, string, string> Parsed => new()
    {
        { "KRONOS_PREDICTION_CACHE_ENABLED", "0", "forecastCache.enabled", "false" },
        { "KRONOS_PREDICTION_CACHE_TTL", "120", "forecastCache.ttl", "00:02:00" },
        { "KRONOS_PREDICTION_CACHE_MAX_SIZE_MB", "256", "forecastCache.maxSizeMb", "256" },
        { "OPTIMIZER_MAX_ITER", "50", "optimizer.maxEvaluations", "50" },
        { "OPTIMIZER_TOLERANCE", "0.001", "optimizer.tolerance", "0.001" },
        { "PREDICTION_PRICE_THRESHOLD", "0.03", "prediction.equityPriceThreshold", "0.03" },
        { "PREDICTION_PRICE_THRESHOLD_EQUITY", "0.01", "prediction.equityPriceThreshold", "0.01" },
        { "PREDICTION_PRICE_THRESHOLD_CRYPTO", "0.05", "prediction.cryptoPriceThreshold", "0.05" },
        { "PREDICTION_TIME_THRESHOLD", "900", "prediction.timeThreshold", "00:15:00" },
        { "PREDICTION_MAX_FORECAST_AGE", "3600", "prediction.maxForecastAge", "01:00:00" },
        { "PREDICTION_RULES", "differential+Tiered", "prediction.rules", "Differential, Tiered" },
        { "PREDICTION_RULES", "always", "prediction.rules", "Always" },
        { "MARKETSIM_PARALLEL_ANALYSIS", "off", "analysis.parallel", "false" },
        { "MARKETSIM_PARALLEL_WORKERS", "8", "analysis.workers", "8" },
        { "KAIROS_FORECAST_HORIZON", "5", "analysis.horizon", "5" },
        { "MARKETSIM_BACKTEST_SIMULATIONS", "20", "backtest.simulations", "20" },
        { "TRADABLE_pairs".ToUpperInvariant(), "btcusd, ETHUSD NIO", "trading.symbols", "[\"BTCUSD\",\"ETHUSD\",\"NIO\"]" },
        { "PAPER", "false", "trading.paper", "false" },
        { "MARKETSIM_DISABLE_GATES", "1", "selection.disableGates", "true" },
        { "ALLOW_MAXDIFF_ENTRY", "0", "selection.allowMaxDiff", "false" },
        { "ALLOW_MAXDIFF_ALWAYS_ENTRY", "no", "selection.allowMaxDiffAlwaysOn", "false" },
        { "ALLOW_PCTDIFF_ENTRY", "FALSE", "selection.allowPctDiff", "false" },
        { "ALLOW_HIGHLOW_ENTRY", "yes", "selection.allowHighLow", "true" },
        { "ALLOW_TAKEPROFIT_ENTRY", "True", "selection.allowTakeProfit", "true" },
        { "CONSENSUS_MIN_MOVE_PCT", "0.002", "selection.consensusMinMove", "0.002" },
        { "MARKETSIM_SYMBOL_SIDE_MAP", "tsla:sell, NVDA:buy", "selection.sideMap", "{\"TSLA\":\"SellOnly\",\"NVDA\":\"BuyOnly\"}" },
        { "MARKETSIM_SIMPLE_MODE", "1", "portfolio.simpleMode", "true" },
        { "MAXDIFF_ALWAYS_ON_PRIORITY_LIMIT", "3", "cycle.alwaysOnPriorityLimit", "3" },
        { "MARKETSIM_ENABLE_PROBE_TRADES", "on", "cycle.enableProbeTrades", "true" },
        { "MARKETSIM_SYMBOL_MAX_HOLD_SECONDS_MAP", "btcusd:3600,NIO:90000", "cycle.maxHold", "{\"BTCUSD\":\"01:00:00\",\"NIO\":\"1.01:00:00\"}" },
        { "GLOBAL_MAX_GROSS_LEVERAGE", "3.5", "risk.maxGrossLeverage", "3.5" },
        { "MARKET_CLOSE_SHIFT_MINUTES", "30", "schedule.marketCloseShift", "00:30:00" },
        { "MARKET_CLOSE_ANALYSIS_WINDOW_MINUTES", "10", "schedule.marketCloseWindow", "00:10:00" },
    };

    /// <summary>Variable, invalid value, a fragment of the accepted range the message must show.</summary>
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "KRONOS_PREDICTION_CACHE_ENABLED", "maybe", "1/0, true/false" },
        { "KRONOS_PREDICTION_CACHE_TTL", "-1", "from 0 to 604800" },
        { "KRONOS_PREDICTION_CACHE_TTL", "5m", "from 0 to 604800" },
        { "KRONOS_PREDICTION_CACHE_MAX_SIZE_MB", "0", "from 1 to 1048576" },
        { "OPTIMIZER_MAX_ITER", "11", "from 12 to 1000000" },
        { "OPTIMIZER_MAX_ITER", "1e3", "from 12 to 1000000" },
        { "OPTIMIZER_TOLERANCE", "0", "greater than 0 and at most 0.01" },
        { "OPTIMIZER_TOLERANCE", "NaN", "greater than 0 and at most 0.01" },
        { "PREDICTION_PRICE_THRESHOLD", "1.5", "greater than 0 and less than 1" },
        { "PREDICTION_PRICE_THRESHOLD_CRYPTO", "0", "greater than 0 and less than 1" },
        { "PREDICTION_TIME_THRESHOLD", "0", "from 1 to 604800" },
        { "PREDICTION_MAX_FORECAST_AGE", "0", "from 1 to 604800" },
        { "PREDICTION_RULES", "smart", "always, or differential, tiered and volatility" },
        { "PREDICTION_RULES", "always,tiered", "always, or differential, tiered and volatility" },
        { "MARKETSIM_PARALLEL_WORKERS", "0", "from 1 to 256" },
        { "MARKETSIM_PARALLEL_WORKERS", "257", "from 1 to 256" },
        { "KAIROS_FORECAST_HORIZON", "65", "from 1 to 64" },
        { "MARKETSIM_BACKTEST_SIMULATIONS", "0", "from 1 to 10000" },
        { "TRADABLE_PAIRS", ",,", "symbols separated by commas" },
        { "CONSENSUS_MIN_MOVE_PCT", "1", "less than 1" },
        { "MARKETSIM_SYMBOL_SIDE_MAP", "TSLA:short", "SYMBOL:buy|sell|both" },
        { "MARKETSIM_SYMBOL_SIDE_MAP", "TSLA", "SYMBOL:buy|sell|both" },
        { "MAXDIFF_ALWAYS_ON_PRIORITY_LIMIT", "-1", "from 0 to 100" },
        { "MARKETSIM_SYMBOL_MAX_HOLD_SECONDS_MAP", "NIO:0", "SYMBOL:SECONDS" },
        { "GLOBAL_MAX_GROSS_LEVERAGE", "0", "greater than 0 and at most 10" },
        { "MARKET_CLOSE_SHIFT_MINUTES", "181", "from 0 to 180" },
        { "MARKET_CLOSE_ANALYSIS_WINDOW_MINUTES", "0", "from 1 to 60" },
    };

    internal static Task<EffectiveConfig> Resolve(IReadOnlyDictionary<string, string> environment, string? file = null, params FlagOverride?[] flags) =>
        EffectiveConfig.ResolveAsync(file, environment, SettingFlags.Of(flags), CancellationToken.None);

    private static SettingRow Row(EffectiveConfig effective, string setting) => Assert.Single(effective.Rows(), r => r.Setting == setting);

    [Theory]
    [MemberData(nameof(Parsed))]
    public async Task A_variable_sets_its_setting_with_the_environment_as_source(string variable, string value, string setting, string expected)
    {
        var effective = await Resolve(new Dictionary<string, string> { [variable] = value });

        var row = Row(effective, setting);
        Assert.Equal(expected, row.Text);
        Assert.Equal($"env:{variable}", row.Source.ToString());
    }

    [Fact]
    public void Every_binding_is_covered_by_the_table_and_names_settings_that_exist()
    {
        var tested = Parsed.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var settings = new EffectiveConfig(new TradingConfig(), new Dictionary<string, SettingSource>(), []).Rows().Select(r => r.Setting).ToHashSet(StringComparer.Ordinal);

        Assert.All(EnvironmentBindings.All, b => Assert.Contains(b.Variable, tested));
        Assert.All(EnvironmentBindings.All.SelectMany(b => b.Settings), s => Assert.Contains(s, settings));
    }

    [Fact]
    public async Task The_general_price_threshold_sets_both_classes_and_a_class_variant_wins_over_it()
    {
        var general = await Resolve(new Dictionary<string, string> { ["PREDICTION_PRICE_THRESHOLD"] = "0.03" });
        Assert.Equal((0.03, 0.03), (general.Config.Prediction.EquityPriceThreshold, general.Config.Prediction.CryptoPriceThreshold));
        Assert.Equal("env:PREDICTION_PRICE_THRESHOLD", general.SourceOf("prediction.cryptoPriceThreshold").ToString());

        var both = await Resolve(new Dictionary<string, string> { ["PREDICTION_PRICE_THRESHOLD_CRYPTO"] = "0.05", ["PREDICTION_PRICE_THRESHOLD"] = "0.03" });
        Assert.Equal((0.03, 0.05), (both.Config.Prediction.EquityPriceThreshold, both.Config.Prediction.CryptoPriceThreshold));
        Assert.Equal("env:PREDICTION_PRICE_THRESHOLD", both.SourceOf("prediction.equityPriceThreshold").ToString());
        Assert.Equal("env:PREDICTION_PRICE_THRESHOLD_CRYPTO", both.SourceOf("prediction.cryptoPriceThreshold").ToString());
    }

    [Fact]
    public async Task Typed_values_reach_the_records_the_features_read()
    {
        var effective = await Resolve(new Dictionary<string, string>
        {
            ["KRONOS_PREDICTION_CACHE_TTL"] = "45",
            ["MARKETSIM_SYMBOL_MAX_HOLD_SECONDS_MAP"] = "btcusd:3600",
            ["MARKETSIM_SYMBOL_SIDE_MAP"] = "TSLA:sell",
            ["GLOBAL_MAX_GROSS_LEVERAGE"] = "3.5",
        });

        var config = effective.Config;
        Assert.Equal(TimeSpan.FromSeconds(45), config.ForecastCache.Ttl);
        Assert.Equal(TimeSpan.FromHours(1), config.Cycle.MaxHold["BTCUSD"]);
        Assert.Equal(Kairos.Trading.Analysis.AllowedSides.SellOnly, config.Selection.SideMap["TSLA"]);
        Assert.Equal(3.5m, config.Risk.MaxGrossLeverage);
    }

    [Fact]
    public async Task A_forecast_age_limit_under_the_time_threshold_is_refused_and_the_default_follows_the_threshold()
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => Resolve(new Dictionary<string, string> { ["PREDICTION_MAX_FORECAST_AGE"] = "600" }));
        Assert.Contains("prediction.maxForecastAge must lie between prediction.timeThreshold (00:30:00)", e.Message, StringComparison.Ordinal);

        // No explicit limit: the threshold plus 15 minutes for the cycle's run time, so a longer threshold stays valid.
        var hour = await Resolve(new Dictionary<string, string> { ["PREDICTION_TIME_THRESHOLD"] = "3600", ["PREDICTION_RULES"] = "tiered" });
        var settings = hour.Config.BotSettings(null).Prediction;
        Assert.Equal(TimeSpan.FromMinutes(75), settings.MaxForecastAge);
        Assert.Equal(Kairos.Trading.Prediction.RePredictionRules.Tiered, settings.Rules);
        Assert.Equal(TimeSpan.FromMinutes(45), (await Resolve(new Dictionary<string, string>())).Config.BotSettings(null).Prediction.MaxForecastAge);
    }

    [Fact]
    public async Task An_empty_value_counts_as_unset()
    {
        var effective = await Resolve(new Dictionary<string, string> { ["OPTIMIZER_MAX_ITER"] = " ", ["KRONOS_USE_TORCH_COMPILE"] = string.Empty });

        Assert.Null(effective.Config.Optimizer.MaxEvaluations);
        Assert.Equal("default", effective.SourceOf("optimizer.maxEvaluations").ToString());
        Assert.Empty(effective.Ignored);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task An_invalid_value_is_a_usage_error_naming_the_variable_and_what_it_accepts(string variable, string value, string accepted)
    {
        var e = await Assert.ThrowsAsync<UsageException>(() => Resolve(new Dictionary<string, string> { [variable] = value }));

        Assert.StartsWith($"environment variable {variable}='{value}': ", e.Message, StringComparison.Ordinal);
        Assert.Contains(accepted, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Not_applicable_variables_are_accepted_and_reported_not_applied()
    {
        var effective = await Resolve(new Dictionary<string, string>
        {
            ["KRONOS_USE_TORCH_COMPILE"] = "1",
            ["TORCH_COMPILE_MODE"] = "reduce-overhead",
            ["MARKETSIM_MAX_MAXDIFFS"] = "not-even-a-number",
        });

        Assert.Equal(["KRONOS_USE_TORCH_COMPILE", "TORCH_COMPILE_MODE", "MARKETSIM_MAX_MAXDIFFS"], effective.Ignored.Select(i => i.Variable));
        Assert.Equal("reduce-overhead", effective.Ignored[1].Value);
        Assert.All(effective.Ignored, i => Assert.StartsWith("not applicable", i.Reason, StringComparison.Ordinal));
        Assert.Equal(new TradingConfig() with { }, effective.Config with { }, new ConfigJsonComparer());
    }

    /// <summary>Two configurations are equal when they serialise alike (the records hold collections compared by reference).</summary>
    private sealed class ConfigJsonComparer : IEqualityComparer<TradingConfig>
    {
        public bool Equals(TradingConfig? x, TradingConfig? y) => TradingConfigLoader.Serialize(x!) == TradingConfigLoader.Serialize(y!);

        public int GetHashCode(TradingConfig obj) => TradingConfigLoader.Serialize(obj).GetHashCode(StringComparison.Ordinal);
    }
}
