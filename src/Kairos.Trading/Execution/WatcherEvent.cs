namespace Kairos.Trading.Execution;

/// <summary>One thing a poll did or decided, for the caller to record. Order fields are set where an order is involved.</summary>
public sealed record WatcherEvent(
    string WatcherId,
    WatcherEventKind Kind,
    DateTimeOffset At,
    string Reason,
    string? ClientOrderId = null,
    decimal? Quantity = null,
    decimal? Price = null);
