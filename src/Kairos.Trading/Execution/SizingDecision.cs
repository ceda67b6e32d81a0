namespace Kairos.Trading.Execution;

/// <summary>
/// The quantity an entry may take. <see cref="Quantity"/> is on the instrument's lot and passes the minimums, or is 0
/// with <see cref="Reason"/> saying why. <see cref="BaseNotional"/> is the budget before caps (crypto equity × fraction,
/// equities buying power × threshold / 2); <see cref="BoundBy"/> names the caps that cut it.
/// </summary>
public sealed record SizingDecision(
    decimal Quantity,
    decimal Notional,
    decimal BaseNotional,
    decimal RiskThreshold,
    SizingCaps BoundBy,
    string? Reason)
{
    public bool IsZero => Quantity == 0m;

    internal static SizingDecision Zero(decimal baseNotional, decimal threshold, SizingCaps caps, string reason) =>
        new(0m, 0m, baseNotional, threshold, caps, reason);
}
