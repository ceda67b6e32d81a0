namespace Kairos.Trading.State;

/// <summary>Why the bot placed an order (spec §1.4, §6.4–6.7).</summary>
public enum OrderPurpose
{
    /// <summary>Opens or adds to a position (a watcher's limit entry or a direct entry).</summary>
    Entry,

    /// <summary>Take-profit exit at the strategy's level.</summary>
    TakeProfit,

    /// <summary>Closes a position for a rule (not in the portfolio, direction change, strategy loss, market close).</summary>
    Close,

    /// <summary>One step of a price-ramp entry.</summary>
    Ramp,

    /// <summary>One step of a back-out exit near the market.</summary>
    Backout,
}
