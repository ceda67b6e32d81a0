namespace Kairos.Brokers.Alpaca;

/// <summary>What became of an order the bot believed open or intended, according to the broker.</summary>
public enum ReconciledOrderState
{
    /// <summary>The broker never accepted an order with this client id: it is safe to submit it again.</summary>
    Unknown,

    /// <summary>Still working (nothing or part filled).</summary>
    Open,

    /// <summary>Filled completely while the bot was not watching.</summary>
    Filled,

    /// <summary>Closed (cancelled, expired or replaced) after a partial fill: the filled part is real.</summary>
    ClosedPartiallyFilled,

    /// <summary>Cancelled, expired or replaced without any fill.</summary>
    ClosedUnfilled,

    /// <summary>Refused by the broker.</summary>
    Rejected,
}
