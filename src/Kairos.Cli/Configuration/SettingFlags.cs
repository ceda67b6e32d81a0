namespace Kairos.Cli.Configuration;

/// <summary>The flags that override settings, shared by <c>simulate</c>, <c>run</c> and <c>config show</c>; each returns null when the flag is absent.</summary>
internal static class SettingFlags
{
    public static FlagOverride? Cash(decimal? cash) => cash switch
    {
        null => null,
        <= 0 => throw new UsageException("--cash must be positive."),
        { } c => new("--cash", ["broker.initialCash"], config => config with { Broker = config.Broker with { InitialCash = c } }),
    };

    public static FlagOverride? Sims(int? sims) => sims switch
    {
        null => null,
        < 1 or > TradingConfigLoader.MaxSimulations => throw new UsageException($"--sims must lie between 1 and {TradingConfigLoader.MaxSimulations}."),
        { } s => new("--sims", ["backtest.simulations"], config => config with { Backtest = config.Backtest with { Simulations = s } }),
    };

    /// <summary><c>--parallel N</c> both switches parallel analysis on (N &gt; 1) or off (N = 1) and sets the workers.</summary>
    public static FlagOverride? Parallel(int? workers) => workers switch
    {
        null => null,
        < 1 or > AnalysisSection.MaxWorkers => throw new UsageException($"--parallel must lie between 1 and {AnalysisSection.MaxWorkers}."),
        { } n => new("--parallel", ["analysis.parallel", "analysis.workers"], config => config with { Analysis = config.Analysis with { Parallel = n > 1, Workers = n } }),
    };

    public static FlagOverride? Symbols(string? symbols)
    {
        if (symbols is null)
        {
            return null;
        }

        var list = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return list.Length == 0
            ? throw new UsageException("--symbols names no symbol.")
            : new("--symbols", ["trading.symbols"], config => config with { Trading = config.Trading with { Symbols = list } });
    }

    /// <summary>The given flags, absent ones left out.</summary>
    public static IReadOnlyList<FlagOverride> Of(params FlagOverride?[] flags) => [.. flags.OfType<FlagOverride>()];
}
