using Kairos.Core.Trading;

namespace Kairos.Trading.Simulation;

/// <summary>
/// Everything a <see cref="SimulatedBroker"/> needs to continue exactly where it stopped: the market time reached, money,
/// positions, every accepted order, every fill, the id counters and the volume taken per session. Plain data, so it can
/// be stored (<see cref="SqliteSimulatedBrokerStore"/>) or compared. Lists are in id / sequence / symbol order.
/// </summary>
public sealed record SimulatedBrokerState
{
    public required DateTimeOffset MarketTime { get; init; }

    public required decimal Cash { get; init; }

    /// <summary>Financing accrued since the last account-day close and not yet posted to <see cref="Cash"/>.</summary>
    public required decimal AccruedFinancing { get; init; }

    public required decimal LastEquity { get; init; }

    /// <summary>The number the next accepted order's id will carry.</summary>
    public required long NextOrderNumber { get; init; }

    /// <summary>The sequence number the next fill will carry.</summary>
    public required long NextFillSequence { get; init; }

    public required SimulatedBrokerTotals Totals { get; init; }

    public required IReadOnlyList<SimulatedPosition> Positions { get; init; }

    public required IReadOnlyList<Order> Orders { get; init; }

    public required IReadOnlyList<SimulatedFill> Fills { get; init; }

    public required IReadOnlyList<SessionVolume> VolumeUsed { get; init; }
}
