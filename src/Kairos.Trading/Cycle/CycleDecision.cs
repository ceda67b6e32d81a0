using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Cycle;

/// <summary>What the cycle decided for one symbol and why: enter, close, hold, skip, or not analysed.</summary>
public sealed record CycleDecision(
    Instrument Instrument,
    string Action,
    StrategyKind? Strategy,
    OrderSide? Side,
    IReadOnlyList<string> Reasons,
    double? CompositeScore);
