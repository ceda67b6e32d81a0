using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

/// <summary>
/// What the analysis needs besides the backtest: the decision time, a fresh quote (null = unknown spread: the full cap is
/// charged and the "missing bid/ask" gate fires) and the bot's recently closed trades (loss block and cooldown; trades
/// closed after <see cref="Now"/> are ignored, so a replay never sees its own future).
/// </summary>
public sealed record AnalysisContext(DateTimeOffset Now, Quote? Quote, IReadOnlyList<ClosedTrade> RecentClosedTrades)
{
    /// <summary>
    /// The newest daily bar (the one the live forecast follows). Only all-signals needs it: its direction compares the
    /// forecast high and low with the last bar's own high and low, as the backtest does. Without it all-signals is not a
    /// candidate.
    /// </summary>
    public Bar? LastBar { get; init; }
}
