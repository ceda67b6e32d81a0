using System.Text.Json.Serialization;
using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// The persisted state of one in-process order watcher (the Python bot's child processes, spec §6.4–§6.7). Plain data:
/// no broker handles, no delegates; <see cref="WatcherJson"/> round-trips it so a restart resumes where it stopped.
/// <see cref="WatcherEngine.PollAsync"/> returns the next state; a watcher never changes in place.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(EntryWatcher), "entry")]
[JsonDerivedType(typeof(ExitWatcher), "exit")]
[JsonDerivedType(typeof(RampEntry), "ramp")]
[JsonDerivedType(typeof(BackoutExit), "backout")]
public abstract record Watcher
{
    /// <summary>The plan key (<see cref="ClientOrderIds.PlanKey"/>): the client order ids without their step.</summary>
    public required string Id { get; init; }

    [JsonConverter(typeof(InstrumentJsonConverter))]
    public required Instrument Instrument { get; init; }

    /// <summary>The side of the orders this watcher places (for exits: the side that closes the position).</summary>
    public required OrderSide Side { get; init; }

    public required StrategyKind Strategy { get; init; }

    public required OrderPurpose Purpose { get; init; }

    /// <summary>The run/account prefix of the client order ids.</summary>
    public required string ClientIdPrefix { get; init; }

    /// <summary>The decision instant: start of ramps, part of every client order id.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public WatcherState State { get; init; } = WatcherState.Active;

    /// <summary>Why the watcher is in its state, or what it last waited for.</summary>
    public string? Reason { get; init; }

    /// <summary>The client order id of the order the watcher is working, or null.</summary>
    public string? LiveClientOrderId { get; init; }

    /// <summary>Orders submitted so far; the next order's id uses step <c>Step + 1</c>.</summary>
    public int Step { get; init; }

    /// <summary>Consecutive rejections; reset by an accepted order.</summary>
    public int Failures { get; init; }

    /// <summary>Quantity filled by this watcher's orders that are no longer live.</summary>
    public decimal FilledQuantity { get; init; }

    [JsonIgnore]
    public bool IsActive => State == WatcherState.Active;

    /// <summary>The client order id of the next submission.</summary>
    public string NextClientOrderId() => ClientOrderIds.Create(ClientIdPrefix, Instrument, Side, Purpose, CreatedAt, Step + 1);
}
