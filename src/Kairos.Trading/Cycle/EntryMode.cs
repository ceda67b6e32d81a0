namespace Kairos.Trading.Cycle;

/// <summary>How an entry is worked (spec §1.4.7).</summary>
public enum EntryMode
{
    /// <summary>A limit entry watcher at the strategy's entry level, then a take-profit exit watcher (maxdiff, pctdiff, highlow).</summary>
    LimitWatcher,

    /// <summary>Two entry watchers, long at the low level and short at the high level (maxdiff-always-on).</summary>
    AlwaysOnPair,

    /// <summary>A 60-minute price ramp from the near to the far side of the quote (simple, all-signals, takeprofit).</summary>
    Ramp,
}
