using Kairos.Core.Trading;

namespace Kairos.Trading.Simulation;

/// <summary>
/// A fill with the simulator's bookkeeping: the P&amp;L it realised (before fees; zero for a fill that only opens or adds)
/// and its slippage cost (|fill price − path price| × quantity; zero for a limit filled at its touch).
/// </summary>
public sealed record SimulatedFill(Fill Fill, decimal RealizedPnl, decimal SlippageCost);
