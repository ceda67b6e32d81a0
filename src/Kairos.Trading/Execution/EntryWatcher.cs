namespace Kairos.Trading.Execution;

/// <summary>
/// A limit entry at the strategy's level (spec §6.5): waits until the reference price (ask for buys, bid for sells) is
/// within tolerance of <see cref="LimitPrice"/> unless <see cref="ForceImmediate"/>, places the order, replaces it after
/// 24 h, and completes when <see cref="TargetQuantity"/> is held. Expires at <see cref="ExpiresAt"/>.
/// </summary>
public sealed record EntryWatcher : Watcher
{
    public required decimal TargetQuantity { get; init; }

    public required decimal LimitPrice { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Place at once, without waiting for the price to come within tolerance.</summary>
    public bool ForceImmediate { get; init; }

    /// <summary>True once the insufficient-buying-power retry (at most one per watcher) has been spent.</summary>
    public bool FundsRetryUsed { get; init; }
}
