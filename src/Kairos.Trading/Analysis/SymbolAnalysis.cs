using Kairos.Backtesting.Strategies;
using Kairos.Backtesting.WalkForward;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

/// <summary>
/// The analysis row of one symbol (spec §5.6–§5.7, §4.9): the selected strategy and side, the move it expects, the scores
/// that rank it, the gates that block it and the order levels it would use. Invariant: <see cref="SkipReason"/> is null
/// exactly when <see cref="SelectedStrategy"/> and <see cref="Side"/> are set; a skipped row is always
/// <see cref="TradeBlocked"/>. Moves and returns are fractions; prices are decimal.
/// </summary>
public sealed record SymbolAnalysis
{
    public required Instrument Instrument { get; init; }

    public DateOnly LastBarDate { get; init; }

    public decimal LastClose { get; init; }

    public StrategyKind? SelectedStrategy { get; init; }

    public OrderSide? Side { get; init; }

    /// <summary>Price move expected for the selected strategy, in price units (maxdiff: its own level − close; others: calibrated move × close).</summary>
    public decimal PredictedMovement { get; init; }

    /// <summary>PredictedMovement / close: the move the scores use.</summary>
    public double ExpectedMovePct { get; init; }

    /// <summary>Slope · (Ĉ/C − 1) + intercept (spec §5.4), whatever was selected.</summary>
    public double CalibratedMovePct { get; init; }

    /// <summary>Average daily return of the selected strategy (0 when skipped before a selection).</summary>
    public double AverageReturn { get; init; }

    public double ForecastedPnl { get; init; }

    /// <summary>Mean per-simulation return of the selected strategy (the Python row's <c>&lt;strategy&gt;_return</c>).</summary>
    public double StrategyReturn { get; init; }

    /// <summary>Average daily return of every tradable strategy the backtest evaluated.</summary>
    public required IReadOnlyDictionary<StrategyKind, double> AverageReturns { get; init; }

    /// <summary>Mean per-simulation return of every tradable strategy.</summary>
    public required IReadOnlyDictionary<StrategyKind, double> StrategyReturns { get; init; }

    public required IReadOnlyDictionary<StrategyKind, double> ForecastedPnls { get; init; }

    /// <summary>Whether each strategy passed the soft entry gate (spec §5.6.1).</summary>
    public required IReadOnlyDictionary<StrategyKind, bool> Eligible { get; init; }

    /// <summary>Two newest simulations' average daily returns of the selected strategy, summed.</summary>
    public double RecentSum { get; init; }

    public double PriceSkill { get; init; }

    public double EdgeStrength { get; init; }

    public double KellyFraction { get; init; }

    public double PrimaryReturn { get; init; }

    /// <summary>Quoted spread in bps of the mid; the cap when the quote is missing.</summary>
    public double SpreadBps { get; init; }

    /// <summary>Ranking key: primary return − capped spread / 1e4.</summary>
    public double CompositeScore { get; init; }

    /// <summary>Limit entry level for the selected strategy and side (spec §4.9).</summary>
    public decimal? EntryPrice { get; init; }

    public decimal? TakeProfitPrice { get; init; }

    /// <summary>Maxdiff-always-on only: the complementary order on the other side (null when that side may not trade).</summary>
    public decimal? OppositeEntryPrice { get; init; }

    public decimal? OppositeTakeProfitPrice { get; init; }

    public IReadOnlyList<string> GatingReasons { get; init; } = [];

    public bool LossBlocked { get; init; }

    public bool TradeBlocked { get; init; }

    public string? SkipReason { get; init; }

    public IReadOnlyList<CandidateNote> CandidateNotes { get; init; } = [];

    /// <summary>Forecast high after the sanity repair of spec §5.3 (high ≥ close ≥ low).</summary>
    public double PredictedHigh { get; init; }

    public double PredictedLow { get; init; }

    public double PredictedClose { get; init; }

    public double PredictedOpen { get; init; }

    /// <summary>The backtest's live levels this row was built from.</summary>
    public required LiveLevels Forecast { get; init; }

    public bool IsSelected => SelectedStrategy is not null;
}
