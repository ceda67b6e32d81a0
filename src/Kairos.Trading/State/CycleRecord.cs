using Kairos.Core.Trading;

namespace Kairos.Trading.State;

/// <summary>
/// One cycle of a run. <see cref="CycleId"/> is unique within the run (for example <c>2024-03-04/market-open</c>);
/// <see cref="Window"/> names the schedule window (pre-open-crypto, market-open, second-hour, market-close,
/// crypto-evening); <see cref="Account"/> is the snapshot the cycle sized its orders with.
/// </summary>
public sealed record CycleRecord(
    long RunId,
    string CycleId,
    string Window,
    DateTimeOffset ScheduledAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    CycleStatus Status,
    AccountSnapshot? Account);
