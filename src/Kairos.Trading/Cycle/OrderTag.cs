using Kairos.Backtesting.Strategies;

namespace Kairos.Trading.Cycle;

/// <summary>What an order was for: an entry or an exit of a strategy's position, and the reason an exit was made.</summary>
public sealed record OrderTag(string Purpose, StrategyKind Strategy, string Reason, bool Probe = false)
{
    public bool IsEntry => Purpose is "entry" or "ramp" or "alwayson";
}
