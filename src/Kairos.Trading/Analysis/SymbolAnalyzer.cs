using System.Globalization;
using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

/// <summary>
/// Turns one symbol's walk-forward backtest into its analysis row (spec §5.6–§5.7, §4.9): entry-gate eligibility,
/// candidates ordered by forecasted PnL, side rules, calibrated move, scores, gates, loss block and order levels. Pure and
/// deterministic: the time and every outside fact come in through <see cref="AnalysisContext"/>.
/// </summary>
public static partial class SymbolAnalyzer
{
    /// <summary>Below this |move| the edge strength is 0 (spec §5.7).</summary>
    private const double MinMoveForEdge = 1e-4;

    /// <summary>Rows with less edge than this and no strategy with a positive return are skipped.</summary>
    private const double MinEdgeStrength = 1e-5;

    private const double KellyCap = 0.15;

    private const double KellyScale = 0.2;

    private const double MinVolatility = 1e-3;

    public static SymbolAnalysis Analyze(SymbolBacktest backtest, AnalysisContext context, SelectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(backtest);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var instrument = backtest.Instrument;
        var live = backtest.Live;
        Check(backtest, context);

        var f = Forecast.From(live);
        var stats = StrategyNames.Tradable.Where(backtest.Stats.ContainsKey).ToDictionary(s => s, s => backtest.Stats[s]);
        var averages = stats.ToDictionary(p => p.Key, p => p.Value.AverageDailyReturn);
        var strategyReturns = stats.ToDictionary(p => p.Key, p => p.Value.TotalReturn);
        var forecasts = stats.ToDictionary(p => p.Key, p => p.Value.ForecastedPnl);
        var entryGate = stats.ToDictionary(p => p.Key, p => EntryGateFailures(p.Value, backtest, settings));
        var eligible = entryGate.ToDictionary(p => p.Key, p => p.Value.Count == 0);

        var row = new SymbolAnalysis
        {
            Instrument = instrument,
            LastBarDate = live.LastBarDate,
            LastClose = (decimal)live.LastClose,
            CalibratedMovePct = live.CalibratedMovePct,
            AverageReturns = averages,
            StrategyReturns = strategyReturns,
            ForecastedPnls = forecasts,
            Eligible = eligible,
            PredictedOpen = f.Open,
            PredictedHigh = f.High,
            PredictedLow = f.Low,
            PredictedClose = f.Close,
            Forecast = live,
            TradeBlocked = true,
        };

        var notes = new List<CandidateNote>();
        var choice = Choose(instrument, stats.Keys, forecasts, entryGate, f, context, settings, notes);
        var priceSkill = PriceSkill(stats);
        var spreadBps = SpreadBps(instrument, context.Quote, settings, out var quoted);
        var cap = settings.SpreadCapBps(instrument);
        if (choice is not { } c)
        {
            var primary = PrimaryReturn(null, averages, eligible, settings);
            return row with
            {
                PriceSkill = priceSkill,
                PrimaryReturn = primary,
                SpreadBps = spreadBps,
                CompositeScore = Composite(primary, spreadBps, cap),
                SkipReason = "no strategy survived the side rules",
                CandidateNotes = notes,
            };
        }

        // Spec §5.6.4: the calibrated close move replaces every strategy's movement but maxdiff's own level distance.
        var close = f.LastClose;
        var movement = c.Strategy == StrategyKind.MaxDiff ? c.Movement : live.CalibratedMovePct * close;
        var move = movement / close;
        var edge = Math.Abs(move) < MinMoveForEdge ? 0 : priceSkill * Math.Abs(move);
        var sigma = live.RealisedVolatility > 0 && double.IsFinite(live.RealisedVolatility) ? live.RealisedVolatility : Math.Max(Math.Abs(move), MinVolatility);
        var kelly = Math.Min(KellyCap, KellyScale * Math.Abs(move) / (sigma * sigma));
        var primaryReturn = PrimaryReturn(c.Strategy, averages, eligible, settings);
        var (entry, takeProfit, oppositeEntry, oppositeTakeProfit) = Levels(c.Strategy, c.Side, f, instrument, settings);
        var selectedStats = stats[c.Strategy];

        row = row with
        {
            SelectedStrategy = c.Strategy,
            Side = c.Side,
            PredictedMovement = ToPrice(movement),
            ExpectedMovePct = move,
            AverageReturn = selectedStats.AverageDailyReturn,
            ForecastedPnl = selectedStats.ForecastedPnl,
            StrategyReturn = selectedStats.TotalReturn,
            RecentSum = selectedStats.RecentSum,
            PriceSkill = priceSkill,
            EdgeStrength = edge,
            KellyFraction = kelly,
            PrimaryReturn = primaryReturn,
            SpreadBps = spreadBps,
            CompositeScore = Composite(primaryReturn, spreadBps, cap),
            EntryPrice = entry,
            TakeProfitPrice = takeProfit,
            OppositeEntryPrice = oppositeEntry,
            OppositeTakeProfitPrice = oppositeTakeProfit,
            CandidateNotes = notes,
        };

        if (movement == 0)
        {
            return Skip(row, "zero predicted movement");
        }

        if (edge < MinEdgeStrength && averages.Values.All(r => !(r > 0)))
        {
            return Skip(row, "no edge and no strategy with a positive return");
        }

        var gates = settings.DisableGates ? [] : Gates(row, f, context, quoted, settings);
        var lossBlocked = LossBlocked(instrument, c.Side, c.Strategy, context, settings);
        return row with { GatingReasons = gates, LossBlocked = lossBlocked, TradeBlocked = lossBlocked || gates.Count > 0 };
    }

    private static void Check(SymbolBacktest backtest, AnalysisContext context)
    {
        var live = backtest.Live;
        if (!(live.LastClose > 0 && double.IsFinite(live.LastClose)))
        {
            throw new ArgumentException($"{backtest.Instrument.Symbol}: the last close must be a positive number, not {live.LastClose}.", nameof(backtest));
        }

        foreach (var (name, value) in new (string, double)[] { ("high", live.PredictedHigh), ("low", live.PredictedLow), ("close", live.PredictedClose) })
        {
            if (!(value > 0 && double.IsFinite(value)))
            {
                throw new ArgumentException($"{backtest.Instrument.Symbol}: the predicted {name} must be a positive number, not {value}.", nameof(backtest));
            }
        }

        if (context.RecentClosedTrades is null)
        {
            throw new ArgumentException("RecentClosedTrades is required (pass an empty list when there are none).", nameof(context));
        }

        if (context.Quote is { } q && !string.Equals(q.Instrument.Symbol, backtest.Instrument.Symbol, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The quote is for {q.Instrument.Symbol}, the backtest for {backtest.Instrument.Symbol}.", nameof(context));
        }

        if (context.LastBar is { } bar && bar.Date != live.LastBarDate)
        {
            throw new ArgumentException($"{backtest.Instrument.Symbol}: the last bar is of {bar.Date}, the forecast follows {live.LastBarDate}.", nameof(context));
        }
    }

    /// <summary>Spec §5.6.1's soft entry gate; an empty list means eligible.</summary>
    private static List<string> EntryGateFailures(StrategyStats s, SymbolBacktest backtest, SelectionSettings settings)
    {
        var failures = new List<string>();
        var instrument = backtest.Instrument;
        var need = settings.EntryReturnNeedBps(instrument);
        var bps = s.AverageDailyReturn * 1e4;
        if (!(bps >= need))
        {
            failures.Add(Text($"average return {bps:0.##} bps/day < {need:0.##}"));
        }

        if (!(s.Sharpe >= settings.MinSharpe))
        {
            failures.Add(Text($"Sharpe {s.Sharpe:0.###} < {settings.MinSharpe}"));
        }

        var minSamples = settings.MinSamplesFor(instrument);
        if (backtest.Simulations < minSamples)
        {
            failures.Add(Text($"samples {backtest.Simulations} < {minSamples}"));
        }

        if (s.MaxDrawdown < settings.MaxDrawdownFloor)
        {
            failures.Add(Text($"max drawdown {s.MaxDrawdown:0.####} < {settings.MaxDrawdownFloor}"));
        }

        if (s.Turnover > settings.MaxTurnover && s.Sharpe < settings.HighTurnoverMinSharpe)
        {
            failures.Add(Text($"turnover {s.Turnover:0.##} > {settings.MaxTurnover} with Sharpe {s.Sharpe:0.###} < {settings.HighTurnoverMinSharpe}"));
        }

        return failures;
    }

    /// <summary>The selected candidate: strategy, side and its own price movement (before calibration).</summary>
    private readonly record struct Choice(StrategyKind Strategy, OrderSide Side, double Movement);

    /// <summary>Spec §5.6.2–§5.6.3: order by forecasted PnL, walk, first candidate with an allowed side wins.</summary>
    private static Choice? Choose(
        Instrument instrument,
        IEnumerable<StrategyKind> strategies,
        Dictionary<StrategyKind, double> forecasts,
        Dictionary<StrategyKind, List<string>> entryGate,
        Forecast f,
        AnalysisContext context,
        SelectionSettings settings,
        List<CandidateNote> notes)
    {
        static double Key(double v) => double.IsNaN(v) ? double.NegativeInfinity : v;
        var all = strategies.OrderByDescending(s => Key(forecasts[s])).ToList();
        var positive = all.Where(s => forecasts[s] > 0).ToList();
        var order = positive.Count > 0 ? positive : all;
        foreach (var s in all.Except(order))
        {
            notes.Add(new CandidateNote(s, Text($"forecasted PnL {forecasts[s]:0.######} ≤ 0 while another strategy's is positive")));
        }

        Choice? chosen = null;
        foreach (var s in order)
        {
            if (chosen is { } won)
            {
                notes.Add(new CandidateNote(s, $"ranked below {won.Strategy.Name()} by forecasted PnL"));
                continue;
            }

            if (!settings.IsEnabled(s))
            {
                notes.Add(new CandidateNote(s, "disabled by configuration"));
                continue;
            }

            if (entryGate[s].Count > 0 && !(forecasts[s] > 0))
            {
                notes.Add(new CandidateNote(s, "entry gate: " + string.Join("; ", entryGate[s])));
                continue;
            }

            var (side, movement, why) = SideOf(s, f, instrument, context, settings);
            if (side is not { } sd)
            {
                notes.Add(new CandidateNote(s, why!));
                continue;
            }

            if (instrument.IsCrypto && sd == OrderSide.Sell)
            {
                notes.Add(new CandidateNote(s, "crypto is never sold short"));
                continue;
            }

            if (!settings.Allows(instrument, sd))
            {
                notes.Add(new CandidateNote(s, $"side map allows only {settings.SidesFor(instrument)}, not {sd}"));
                continue;
            }

            chosen = new Choice(s, sd, movement);
        }

        return chosen;
    }

    /// <summary>Spec §5.6.3's side and movement (price units) per strategy, or why it has none.</summary>
    private static (OrderSide? Side, double Movement, string? Why) SideOf(StrategyKind s, Forecast f, Instrument instrument, AnalysisContext context, SelectionSettings settings)
    {
        var c = f.LastClose;
        switch (s)
        {
            case StrategyKind.MaxDiff:
                return f.MaxDiffSide switch
                {
                    "buy" => (OrderSide.Buy, f.MaxDiffHigh - c, null),
                    "sell" => (OrderSide.Sell, f.MaxDiffLow - c, null),
                    _ => (null, 0, "maxdiff has no side (neutral newest simulation)"),
                };

            case StrategyKind.MaxDiffAlwaysOn:
                {
                    var reach = Math.Max(Math.Abs(f.High - c), Math.Abs(f.Low - c));
                    return settings.SidesFor(instrument) == AllowedSides.SellOnly ? (OrderSide.Sell, -reach, null) : (OrderSide.Buy, reach, null);
                }

            case StrategyKind.PctDiff:
                {
                    if (f.PctDiffTakeProfitHigh is not { } tpHigh || f.PctDiffTakeProfitLow is not { } tpLow)
                    {
                        return (null, 0, "no pctdiff levels (no optimised parameters)");
                    }

                    var up = tpHigh - c;
                    var down = tpLow - c;
                    return f.MaxDiffSide switch
                    {
                        "buy" => (OrderSide.Buy, up, null),
                        "sell" => (OrderSide.Sell, down, null),
                        _ => Math.Abs(up) >= Math.Abs(down) ? (OrderSide.Buy, up, null) : (OrderSide.Sell, down, null),
                    };
                }

            case StrategyKind.AllSignals:
                {
                    if (context.LastBar is not { } bar || !(bar.High > 0) || !(bar.Low > 0))
                    {
                        return (null, 0, "all_signals needs the last bar's high and low");
                    }

                    var moves = new[] { (f.Close / c) - 1, (f.High / bar.High) - 1, (f.Low / bar.Low) - 1 };
                    return moves.All(m => m > 0) ? (OrderSide.Buy, f.Close - c, null)
                        : moves.All(m => m < 0) ? (OrderSide.Sell, f.Close - c, null)
                        : (null, 0, "mixed_directional_signals");
                }

            default:
                {
                    var d = f.Close - c;
                    return d > 0 ? (OrderSide.Buy, d, null) : d < 0 ? (OrderSide.Sell, d, null) : (null, 0, "flat close forecast");
                }
        }
    }

    /// <summary>max(simple avg, 0) + 0.25·max(simple Sharpe, 0); the spec's Kronos-profit term has no source with one forecaster.</summary>
    private static double PriceSkill(Dictionary<StrategyKind, StrategyStats> stats) =>
        stats.TryGetValue(StrategyKind.Simple, out var simple)
            ? Math.Max(Finite(simple.AverageDailyReturn), 0) + (0.25 * Math.Max(Finite(simple.Sharpe), 0))
            : 0;

    /// <summary>max(selected avg, simple avg, enabled-and-eligible takeprofit/highlow/maxdiff/always-on avg, 0).</summary>
    private static double PrimaryReturn(StrategyKind? selected, Dictionary<StrategyKind, double> averages, Dictionary<StrategyKind, bool> eligible, SelectionSettings settings)
    {
        var best = 0.0;
        void Take(StrategyKind s)
        {
            if (averages.TryGetValue(s, out var r) && r > best)
            {
                best = r;
            }
        }

        if (selected is { } sel)
        {
            Take(sel);
        }

        Take(StrategyKind.Simple);
        foreach (var s in (ReadOnlySpan<StrategyKind>)[StrategyKind.TakeProfit, StrategyKind.HighLow, StrategyKind.MaxDiff, StrategyKind.MaxDiffAlwaysOn])
        {
            if (settings.IsEnabled(s) && eligible.GetValueOrDefault(s))
            {
                Take(s);
            }
        }

        return best;
    }

    /// <summary>Quoted spread in bps, or the cap when there is no usable quote (<paramref name="quoted"/> false).</summary>
    private static double SpreadBps(Instrument instrument, Quote? quote, SelectionSettings settings, out bool quoted)
    {
        quoted = quote is { Bid: > 0, Ask: > 0 };
        return quoted ? quote!.SpreadBps : settings.SpreadCapBps(instrument);
    }

    private static double Composite(double primaryReturn, double spreadBps, double capBps) => primaryReturn - (Math.Min(Math.Max(spreadBps, 0), capBps) / 1e4);

    /// <summary>Spec §5.7's gating reasons; exempt strategies face only the missing-quote gate.</summary>
    private static List<string> Gates(SymbolAnalysis row, Forecast f, AnalysisContext context, bool quoted, SelectionSettings settings)
    {
        var reasons = new List<string>();
        if (!quoted)
        {
            reasons.Add("missing bid/ask");
        }

        if (settings.GateExemptStrategies.Contains(row.SelectedStrategy!.Value))
        {
            return reasons;
        }

        var need = settings.EdgeNeedBps(row.Instrument);
        var calibratedBps = Math.Abs(row.CalibratedMovePct) * 1e4;
        if (!(calibratedBps >= need))
        {
            reasons.Add(Text($"edge {calibratedBps:0.##} bps < {need:0.##} bps"));
        }

        // One forecaster: its own close move is the single directional signal (spec: Toto or Kronos, either suffices).
        if (!(Math.Abs((f.Close / f.LastClose) - 1) >= settings.ConsensusMinMove))
        {
            reasons.Add("No directional signal");
        }

        var losing = context.RecentClosedTrades
            .Where(t => t.IsLoss && SameSymbol(t.Instrument, row.Instrument) && t.ClosedAt <= context.Now && context.Now - t.ClosedAt <= settings.Cooldown)
            .OrderByDescending(t => t.ClosedAt)
            .FirstOrDefault();
        if (losing is not null)
        {
            reasons.Add(Text($"cooldown: losing close at {losing.ClosedAt:u} within {settings.Cooldown.TotalMinutes:0} min"));
        }

        if (!(row.KellyFraction > 0))
        {
            reasons.Add("kelly fraction ≤ 0");
        }

        if (!(row.RecentSum > 0))
        {
            reasons.Add(Text($"recent 2-simulation return sum {row.RecentSum:0.######} ≤ 0"));
        }

        return reasons;
    }

    /// <summary>The last trade closed (by now) for (symbol, side, strategy) lost and closed within the window.</summary>
    private static bool LossBlocked(Instrument instrument, OrderSide side, StrategyKind strategy, AnalysisContext context, SelectionSettings settings)
    {
        var last = context.RecentClosedTrades
            .Where(t => SameSymbol(t.Instrument, instrument) && t.Side == side && t.Strategy == strategy && t.ClosedAt <= context.Now)
            .OrderByDescending(t => t.ClosedAt)
            .FirstOrDefault();
        return last is not null && last.IsLoss && context.Now - last.ClosedAt <= settings.LossBlockWindow;
    }

    private static SymbolAnalysis Skip(SymbolAnalysis row, string reason) =>
        row with { SelectedStrategy = null, Side = null, EntryPrice = null, TakeProfitPrice = null, OppositeEntryPrice = null, OppositeTakeProfitPrice = null, SkipReason = reason, TradeBlocked = true };

    private static bool SameSymbol(Instrument a, Instrument b) => string.Equals(a.Symbol, b.Symbol, StringComparison.Ordinal);

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    /// <summary>Prices come from double forecasts; decimal keeps 15 significant digits, the double's real precision.</summary>
    private static decimal ToPrice(double v) => (decimal)v;

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
