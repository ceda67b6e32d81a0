namespace Kairos.Backtesting.Costs;

/// <summary>The costs of trading one instrument: a fee per fill (fraction of notional) and an assumed spread (bps of mid).</summary>
public readonly record struct TradingCosts(double Fee, double SpreadBps)
{
    /// <summary>Half the spread as a fraction of price: the cost of crossing it once (spec §4.2's |1 − ask/bid| / 2).</summary>
    public double SpreadCostPerChange => SpreadBps / 2e4;
}
