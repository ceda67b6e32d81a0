namespace Kairos.Trading.Execution;

/// <summary>Life cycle of a watcher. Only <see cref="Active"/> watchers are polled; the others are final.</summary>
public enum WatcherState
{
    Active,

    /// <summary>The goal was reached: the target position is held (entries) or the position is gone (exits).</summary>
    Completed,

    /// <summary>The expiry passed before the goal was reached; the live order was cancelled.</summary>
    Expired,

    /// <summary>Gave up: refused by the rules or too many consecutive rejections (see the watcher's reason).</summary>
    Failed,

    /// <summary>Stopped by the cycle (a close or a newer plan superseded it); its live order was cancelled.</summary>
    Cancelled,
}
