using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;
using Kairos.Trading.Analysis;

namespace Kairos.Trading.Cycle;

/// <summary>
/// Turns a cycle's analyses and the open positions into decisions (spec §1.4 manage_positions, §1.5 manage_market_close):
/// the close rules, the entries in forecast order with their working mode, and the exit refreshes. Pure and
/// deterministic. Deliberate differences from the Python bot: the market-close strategy-loss rule reads the return of the
/// strategy that opened the position (the bot read highlow's for maxdiff entries); a pick whose position is on the wrong
/// side is closed this cycle and entered at the next one (the bot worked both orders at once on the same symbol).
/// </summary>
public static class CyclePlanner
{
    public static CyclePlan Plan(CyclePlanInput input, CycleSettings settings)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(settings);
        var window = input.Window;
        var analyses = input.Analyses.ToDictionary(a => a.Instrument.Symbol, StringComparer.Ordinal);
        var picked = input.Picks.Select(p => p.Instrument.Symbol).ToHashSet(StringComparer.Ordinal);
        var closes = new List<PlannedClose>();
        var entries = new List<PlannedEntry>();
        var refreshes = new List<PlannedExitRefresh>();
        var decisions = new Dictionary<string, CycleDecision>(StringComparer.Ordinal);
        var closing = new HashSet<string>(StringComparer.Ordinal);

        foreach (var p in input.Positions.OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal))
        {
            if (window.CryptoOnly && !p.Instrument.IsCrypto && !input.Flatten)
            {
                continue;
            }

            var symbol = p.Instrument.Symbol;
            var side = p.Quantity > 0 ? OrderSide.Buy : OrderSide.Sell;
            analyses.TryGetValue(symbol, out var a);
            var reason = input.Flatten ? "kill_switch_flatten" : CloseReason(input, settings, p, side, a, picked.Contains(symbol));
            if (reason is not null)
            {
                closes.Add(new PlannedClose(p.Instrument, side, Math.Abs(p.Quantity), reason));
                closing.Add(symbol);
                decisions[symbol] = new CycleDecision(p.Instrument, "close", p.Strategy, side, [reason], a?.CompositeScore);
                continue;
            }

            decisions[symbol] = new CycleDecision(p.Instrument, "hold", p.Strategy, side, [HoldReason(input, a, picked.Contains(symbol))], a?.CompositeScore);
            if (!window.CloseOnly && a is not null && a.Side == side && a.SelectedStrategy == p.Strategy && IsLimitFamily(p.Strategy) && a.TakeProfitPrice is { } tp)
            {
                refreshes.Add(new PlannedExitRefresh(p.Instrument, p.Strategy, tp));
            }
        }

        if (!window.CloseOnly && !input.Flatten)
        {
            PlanEntries(input, settings, closing, entries, decisions);
        }

        foreach (var a in input.Analyses)
        {
            if (!decisions.ContainsKey(a.Instrument.Symbol))
            {
                decisions[a.Instrument.Symbol] = new CycleDecision(a.Instrument, "skip", a.SelectedStrategy, a.Side, SkipReasons(a, window.CloseOnly), a.CompositeScore);
            }
        }

        foreach (var (instrument, why) in input.NotAnalysed)
        {
            decisions.TryAdd(instrument.Symbol, new CycleDecision(instrument, "not_analysed", null, null, [why], null));
        }

        return new CyclePlan(
            closes,
            entries,
            refreshes,
            [.. decisions.Values.OrderBy(d => d.Instrument.Symbol, StringComparer.Ordinal)]);
    }

    /// <summary>Limit strategies: entry and take-profit levels worked by watchers.</summary>
    public static bool IsLimitFamily(StrategyKind strategy) =>
        strategy is StrategyKind.MaxDiff or StrategyKind.MaxDiffAlwaysOn or StrategyKind.PctDiff or StrategyKind.HighLow;

    public static EntryMode ModeOf(StrategyKind strategy) => strategy switch
    {
        StrategyKind.MaxDiffAlwaysOn => EntryMode.AlwaysOnPair,
        StrategyKind.MaxDiff or StrategyKind.PctDiff or StrategyKind.HighLow => EntryMode.LimitWatcher,
        _ => EntryMode.Ramp,
    };

    private static string? CloseReason(CyclePlanInput input, CycleSettings settings, BookPosition p, OrderSide side, SymbolAnalysis? a, bool isPicked)
    {
        var age = input.Now - p.OpenedAt;
        if (settings.EnableProbeTrades && p.IsProbe && age > settings.ProbeMaxAge)
        {
            return "probe_expired";
        }

        if (settings.MaxHold.TryGetValue(p.Instrument.Symbol, out var maxHold) && age > maxHold)
        {
            return "max_hold";
        }

        if (a?.Side is { } forecastSide && forecastSide != side)
        {
            return $"direction_change_to_{Name(forecastSide)}";
        }

        if (input.Window.CloseOnly)
        {
            // The entry strategy's own return in the new analysis (not another strategy's, as the bot read).
            if (!p.IsProbe && a is not null && a.AverageReturns.TryGetValue(p.Strategy, out var ret) && ret < 0)
            {
                return $"{StrategyNames.Name(p.Strategy)}_strategy_loss";
            }

            return null;
        }

        return !isPicked && input.NyseOpen ? "not_in_portfolio" : null;
    }

    private static string HoldReason(CyclePlanInput input, SymbolAnalysis? a, bool isPicked) =>
        isPicked ? "in portfolio, forecast on the same side"
        : a is null ? "not analysed this cycle"
        : input.Window.CloseOnly ? "forecast and strategy still favourable at the close"
        : "not in portfolio, kept while the NYSE is closed (forecast side unchanged)";

    private static void PlanEntries(CyclePlanInput input, CycleSettings settings, HashSet<string> closing, List<PlannedEntry> entries, Dictionary<string, CycleDecision> decisions)
    {
        var ordered = input.Picks.OrderByDescending(p => p.ForecastedPnl).ThenBy(p => p.Instrument.Symbol, StringComparer.Ordinal).ToList();
        var alwaysOnFirst = input.Picks
            .Where(p => p.SelectedStrategy == StrategyKind.MaxDiffAlwaysOn)
            .OrderByDescending(p => p.AverageReturn).ThenBy(p => p.Instrument.Symbol, StringComparer.Ordinal)
            .Take(settings.AlwaysOnPriorityLimit)
            .Select(p => p.Instrument.Symbol)
            .ToHashSet(StringComparer.Ordinal);
        var cryptoFirst = input.NyseOpen
            ? []
            : ordered.Where(p => p.Instrument.IsCrypto).Take(settings.CryptoForceImmediateRank).Select(p => p.Instrument.Symbol).ToHashSet(StringComparer.Ordinal);
        var positions = input.Positions.ToDictionary(p => p.Instrument.Symbol, StringComparer.Ordinal);
        var rank = 0;
        foreach (var pick in ordered)
        {
            var symbol = pick.Instrument.Symbol;
            if (pick.SelectedStrategy is not { } strategy || pick.Side is not { } side)
            {
                continue;
            }

            if (input.EntriesHalted)
            {
                decisions.TryAdd(symbol, new CycleDecision(pick.Instrument, "skip", strategy, side, ["kill switch engaged: no new entries"], pick.CompositeScore));
                continue;
            }

            if (pick.TradeBlocked)
            {
                decisions.TryAdd(symbol, new CycleDecision(pick.Instrument, "skip", strategy, side, [Blocked(pick)], pick.CompositeScore));
                continue;
            }

            if (closing.Contains(symbol))
            {
                decisions[symbol] = decisions[symbol] with { Reasons = [.. decisions[symbol].Reasons, $"enters {Name(side)} at the next cycle once closed"] };
                continue;
            }

            if (positions.ContainsKey(symbol))
            {
                continue; // same side (wrong-side positions were closed above): positions are not resized
            }

            var probe = settings.EnableProbeTrades && input.RecentTrades
                .Where(t => t.Instrument.Symbol == symbol && t.Side == side)
                .OrderByDescending(t => t.ClosedAt)
                .FirstOrDefault() is { IsLoss: true };
            var mode = ModeOf(strategy);
            var immediate = alwaysOnFirst.Contains(symbol) || cryptoFirst.Contains(symbol);
            entries.Add(new PlannedEntry(pick, side, strategy, mode, pick.EntryPrice, pick.TakeProfitPrice, immediate, probe, rank++));
            var why = $"{StrategyNames.Name(strategy)} {Name(side)}: forecasted PnL {pick.ForecastedPnl:G4}/day, composite {pick.CompositeScore:G4}";
            decisions[symbol] = new CycleDecision(pick.Instrument, "enter", strategy, side, immediate ? [why, "enters at once (priority)"] : [why], pick.CompositeScore);
        }
    }

    private static List<string> SkipReasons(SymbolAnalysis a, bool closeOnly)
    {
        if (a.SkipReason is not null)
        {
            return [a.SkipReason];
        }

        if (closeOnly)
        {
            return ["market-close window: closing rules only"];
        }

        return a.TradeBlocked ? [Blocked(a)] : ["not in portfolio"];
    }

    /// <summary>The gates that block a row; the loss block is not a gate, so it has no gating reason of its own.</summary>
    private static string Blocked(SymbolAnalysis a) =>
        "blocked: " + string.Join("; ", a.LossBlocked ? [.. a.GatingReasons, "loss block (the last trade of this side and strategy lost)"] : a.GatingReasons);

    private static string Name(OrderSide side) => side == OrderSide.Buy ? "buy" : "sell";
}
