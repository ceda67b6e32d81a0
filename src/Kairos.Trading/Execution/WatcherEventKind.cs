namespace Kairos.Trading.Execution;

/// <summary>What happened during a poll.</summary>
public enum WatcherEventKind
{
    /// <summary>An order was accepted by the broker.</summary>
    Submitted,

    /// <summary>The broker refused an order.</summary>
    Rejected,

    /// <summary>The watcher cancelled an order.</summary>
    Cancelled,

    /// <summary>An order of the watcher filled completely.</summary>
    Filled,

    /// <summary>Nothing to do yet (price outside tolerance, order resting, no quote, …).</summary>
    Waiting,

    /// <summary>The reused order of another plan was adopted.</summary>
    Adopted,

    Completed,

    Expired,

    Failed,
}
