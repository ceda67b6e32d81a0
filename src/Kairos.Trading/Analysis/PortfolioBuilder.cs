using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

/// <summary>
/// Portfolio construction of spec §5.8 over the cycle's analysis rows. Skipped and blocked rows are never picked. Every
/// strategy's own per-simulation return is checked (the Python bot looked up a key that only some strategies had, so
/// pctdiff, highlow, all-signals and takeprofit picks could never pass). Ties are broken by symbol so the result does not
/// depend on the order of the input.
/// </summary>
public static class PortfolioBuilder
{
    public static PortfolioPicks Build(IReadOnlyList<SymbolAnalysis> rows, PortfolioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var candidates = rows.Where(r => r.IsSelected && !r.TradeBlocked).ToList();
        if (candidates.Select(r => r.Instrument.Symbol).Distinct(StringComparer.Ordinal).Count() != candidates.Count)
        {
            throw new ArgumentException("Each symbol may appear in the analysis rows only once.", nameof(rows));
        }

        var picks = new List<PortfolioPick>();
        if (settings.SimpleMode)
        {
            foreach (var r in candidates.OrderByDescending(r => r.AverageReturn).ThenBy(r => r.Instrument.Symbol, StringComparer.Ordinal))
            {
                if (picks.Count >= settings.MaxPositions)
                {
                    break;
                }

                if (r.StrategyReturn > 0 && MovementAgreesWithSide(r))
                {
                    picks.Add(new PortfolioPick(r, PickReason.Simple));
                }
            }

            return new PortfolioPicks(picks);
        }

        var byComposite = candidates.OrderByDescending(r => r.CompositeScore).ThenBy(r => r.Instrument.Symbol, StringComparer.Ordinal).ToList();
        foreach (var r in byComposite)
        {
            if (picks.Count >= settings.MaxPositions)
            {
                break;
            }

            if (r.AverageReturn > 0 && r.StrategyReturn > 0 && r.ForecastedPnl > 0)
            {
                picks.Add(new PortfolioPick(r, PickReason.Core));
            }
        }

        // V1 fallback: drop the average-daily-return condition to reach the minimum.
        foreach (var r in byComposite)
        {
            if (picks.Count >= settings.MinPositions)
            {
                break;
            }

            if (!Picked(picks, r) && r.StrategyReturn > 0 && r.ForecastedPnl > 0)
            {
                picks.Add(new PortfolioPick(r, PickReason.Fallback));
            }
        }

        if (settings.MaxExpanded > 0)
        {
            var byEdge = candidates
                .OrderByDescending(r => r.EdgeStrength)
                .ThenByDescending(r => r.CompositeScore)
                .ThenBy(r => r.Instrument.Symbol, StringComparer.Ordinal);
            foreach (var r in byEdge)
            {
                if (picks.Count >= settings.MaxExpanded)
                {
                    break;
                }

                if (!Picked(picks, r) && r.AverageReturn > 0 && r.ForecastedPnl > 0)
                {
                    picks.Add(new PortfolioPick(r, PickReason.Expansion));
                }
            }
        }

        return new PortfolioPicks(picks);
    }

    private static bool Picked(List<PortfolioPick> picks, SymbolAnalysis row) => picks.Exists(p => ReferenceEquals(p.Analysis, row));

    private static bool MovementAgreesWithSide(SymbolAnalysis r) => r.Side switch
    {
        OrderSide.Buy => r.PredictedMovement > 0,
        OrderSide.Sell => r.PredictedMovement < 0,
        _ => false,
    };
}
