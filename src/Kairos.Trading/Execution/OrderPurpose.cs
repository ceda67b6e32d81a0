namespace Kairos.Trading.Execution;

/// <summary>Why an order exists; part of its client order id.</summary>
public enum OrderPurpose
{
    /// <summary>A limit entry watcher's order (spec §6.5).</summary>
    Entry,

    /// <summary>A take-profit exit watcher's order (spec §6.6).</summary>
    Exit,

    /// <summary>A price-ramp entry's order (spec §6.4).</summary>
    Ramp,

    /// <summary>A back-out exit's order (spec §6.7).</summary>
    Backout,

    /// <summary>One leg of the maxdiff always-on pair.</summary>
    AlwaysOn,
}
