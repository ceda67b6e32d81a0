namespace Kairos.Trading.Execution;

/// <summary>
/// An entry whose limit walks from the passive side to the far side of the quote over the ramp duration and then stays
/// there (spec §6.4); the order is replaced at every poll under a new client id. Refuses crypto sells; completes when
/// <see cref="TargetQuantity"/> is held.
/// </summary>
public sealed record RampEntry : Watcher
{
    public required decimal TargetQuantity { get; init; }

    /// <summary>True once the insufficient-buying-power retry has been spent.</summary>
    public bool FundsRetryUsed { get; init; }
}
