namespace Kairos.Trading.Simulation;

/// <summary>
/// Running totals of a simulated account. <see cref="RealizedPnl"/> is before fees; <see cref="SlippageCost"/> is what
/// taking liquidity cost against the path price (already inside the fill prices, so inside cash and realised P&amp;L);
/// <see cref="Financing"/> includes interest accrued but not yet posted to cash.
/// </summary>
public sealed record SimulatedBrokerTotals(decimal Fees, decimal Financing, decimal SlippageCost, decimal RealizedPnl)
{
    public static SimulatedBrokerTotals Zero { get; } = new(0m, 0m, 0m, 0m);
}
