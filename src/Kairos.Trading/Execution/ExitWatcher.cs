namespace Kairos.Trading.Execution;

/// <summary>
/// A take-profit exit (spec §6.6): keeps one limit order for the whole position at <see cref="TakeProfitPrice"/>,
/// reusing a resting exit order within the reuse tolerance, re-placing one that is missing, off-price, for another
/// quantity or older than 24 h. Waits while the position has not appeared yet; completes when it is gone.
/// </summary>
public sealed record ExitWatcher : Watcher
{
    public required decimal TakeProfitPrice { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>True once the position was seen: from then on, no position means it was closed.</summary>
    public bool SawPosition { get; init; }
}
