using Kairos.Backtesting.Strategies;
using Kairos.Core.Trading;

namespace Kairos.Trading.State;

/// <summary>
/// One decision of a cycle about one symbol, with everything needed to explain it later: the gates' reasons, the
/// forecast it used (as the forecaster serialised it) and the composite score that ranked it.
/// </summary>
public sealed record DecisionRecord(
    long RunId,
    string CycleId,
    DateTimeOffset At,
    string Symbol,
    DecisionAction Action,
    StrategyKind? Strategy,
    OrderSide? Side,
    IReadOnlyList<string> Reasons,
    string? ForecastJson,
    double? CompositeScore);
