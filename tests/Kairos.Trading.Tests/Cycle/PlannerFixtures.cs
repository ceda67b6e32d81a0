using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;
using Kairos.Trading.Cycle;
using Kairos.Trading.Scheduling;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// Hand-built planner inputs. Tuesday 3 March 2026 is before DST (09:30 ET = 14:30 UTC): the market-open window starts at
/// 14:30Z, the market-close window at 20:00Z, the overnight window at 03:00Z on the 4th. A row is a selected analysis
/// (strategy, side, forecasted PnL, average return) whose other fields tests change with <c>with</c>.
/// </summary>
internal static class PlannerFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 3, 3, 14, 31, 0, TimeSpan.Zero);

    public static readonly CycleWindow MarketOpen = new(CycleWindowKind.MarketOpen, new DateOnly(2026, 3, 3), new(2026, 3, 3, 14, 30, 0, TimeSpan.Zero), new(2026, 3, 3, 15, 0, 0, TimeSpan.Zero));

    public static readonly CycleWindow MarketClose = new(CycleWindowKind.MarketClose, new DateOnly(2026, 3, 3), new(2026, 3, 3, 20, 0, 0, TimeSpan.Zero), new(2026, 3, 3, 20, 15, 0, TimeSpan.Zero));

    public static readonly CycleWindow Overnight = new(CycleWindowKind.Overnight, new DateOnly(2026, 3, 3), new(2026, 3, 4, 3, 0, 0, TimeSpan.Zero), new(2026, 3, 4, 3, 30, 0, TimeSpan.Zero));

    public static SymbolAnalysis Row(
        string symbol,
        StrategyKind strategy = StrategyKind.MaxDiff,
        OrderSide side = OrderSide.Buy,
        double forecastedPnl = 0.01,
        double averageReturn = 0.002) => new()
        {
            Instrument = Instrument.Infer(symbol),
            LastClose = 100m,
            SelectedStrategy = strategy,
            Side = side,
            AverageReturn = averageReturn,
            ForecastedPnl = forecastedPnl,
            StrategyReturn = 7 * averageReturn,
            CompositeScore = averageReturn,
            EntryPrice = side == OrderSide.Buy ? 99m : 101m,
            TakeProfitPrice = side == OrderSide.Buy ? 101.5m : 98.5m,
            AverageReturns = new Dictionary<StrategyKind, double> { [strategy] = averageReturn },
            StrategyReturns = new Dictionary<StrategyKind, double> { [strategy] = 7 * averageReturn },
            ForecastedPnls = new Dictionary<StrategyKind, double> { [strategy] = forecastedPnl },
            Eligible = new Dictionary<StrategyKind, bool> { [strategy] = true },
            Forecast = new LiveLevels(),
        };

    /// <summary>A row the analyzer skipped (no strategy selected).</summary>
    public static SymbolAnalysis Skipped(string symbol, string reason) => new()
    {
        Instrument = Instrument.Infer(symbol),
        SkipReason = reason,
        TradeBlocked = true,
        AverageReturns = new Dictionary<StrategyKind, double>(),
        StrategyReturns = new Dictionary<StrategyKind, double>(),
        ForecastedPnls = new Dictionary<StrategyKind, double>(),
        Eligible = new Dictionary<StrategyKind, bool>(),
        Forecast = new LiveLevels(),
    };

    /// <summary>An open position (positive quantity: long) opened <paramref name="age"/> before <see cref="Now"/>.</summary>
    public static BookPosition Position(string symbol, decimal quantity, StrategyKind strategy = StrategyKind.MaxDiff, TimeSpan? age = null, bool probe = false) => new()
    {
        Instrument = Instrument.Infer(symbol),
        Quantity = quantity,
        AverageEntryPrice = 100m,
        Strategy = strategy,
        OpenedAt = Now - (age ?? TimeSpan.FromHours(2)),
        IsProbe = probe,
    };

    /// <summary>Input for <paramref name="window"/>: the NYSE is open exactly in the market windows unless told otherwise.</summary>
    public static CyclePlanInput Input(
        CycleWindow window,
        IReadOnlyList<SymbolAnalysis> analyses,
        IReadOnlyList<SymbolAnalysis>? picks = null,
        IReadOnlyCollection<BookPosition>? positions = null,
        bool? nyseOpen = null) => new()
        {
            Window = window,
            Now = Now,
            NyseOpen = nyseOpen ?? !window.CryptoOnly,
            Analyses = analyses,
            Picks = picks ?? [],
            Positions = positions ?? [],
        };
}
