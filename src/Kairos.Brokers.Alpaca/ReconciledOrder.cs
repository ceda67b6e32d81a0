using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca;

/// <summary>One order the bot asked about at reconciliation: its fate and, when the broker knows it, its current state.</summary>
public sealed record ReconciledOrder(string ClientOrderId, ReconciledOrderState State, Order? Order);
