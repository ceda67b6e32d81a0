using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// The broker's truth at start-up or after a reconnect: the fate of every order the bot knew, the open orders it did not
/// know (placed by another process or lost from its journal), and the positions.
/// </summary>
public sealed record ReconciliationReport(
    DateTimeOffset AsOf,
    IReadOnlyList<ReconciledOrder> Orders,
    IReadOnlyList<Order> UnknownOpenOrders,
    IReadOnlyList<Position> Positions)
{
    /// <summary>Known orders that filled (fully or partly) while the bot was away.</summary>
    public IEnumerable<ReconciledOrder> FilledMeanwhile =>
        Orders.Where(o => o.State is ReconciledOrderState.Filled or ReconciledOrderState.ClosedPartiallyFilled
            || (o.State == ReconciledOrderState.Open && o.Order is { FilledQuantity: > 0 }));
}
