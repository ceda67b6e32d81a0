using Kairos.Backtesting.Strategies;
using Kairos.Core;

namespace Kairos.Trading.Cycle;

/// <summary>
/// The bot's view of one open position: what the broker knows (signed quantity, average price) plus what only the bot
/// knows — the strategy that opened it, when, and the fees and realised P&amp;L accumulated by partial exits so far.
/// </summary>
public sealed record BookPosition
{
    public required Instrument Instrument { get; init; }

    public decimal Quantity { get; init; }

    public decimal AverageEntryPrice { get; init; }

    public StrategyKind Strategy { get; init; }

    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>A minimum-size entry after a loss (probe trades, spec §7.3).</summary>
    public bool IsProbe { get; init; }

    /// <summary>Entry fees not yet charged to a closed part of the position.</summary>
    public decimal OpenFees { get; init; }

    /// <summary>Realised P&amp;L (after fees) of parts already closed.</summary>
    public decimal RealizedSoFar { get; init; }

    /// <summary>Fees of parts already closed.</summary>
    public decimal FeesSoFar { get; init; }

    /// <summary>Sum of exit price × quantity of parts already closed (for the average exit price).</summary>
    public decimal ExitNotionalSoFar { get; init; }

    /// <summary>Quantity already closed.</summary>
    public decimal ClosedQuantitySoFar { get; init; }
}
