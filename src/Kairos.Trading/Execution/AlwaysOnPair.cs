namespace Kairos.Trading.Execution;

/// <summary>
/// The two legs of a maxdiff always-on plan: a buy entry at the low level and, where allowed, a sell at the high level —
/// a short entry for equities that may short, or for crypto an exit that sells an existing long. <see cref="Sell"/> is
/// null with <see cref="SellSkippedReason"/> otherwise.
/// </summary>
public sealed record AlwaysOnPair(EntryWatcher Buy, Watcher? Sell, string? SellSkippedReason);
