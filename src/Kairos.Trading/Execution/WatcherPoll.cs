namespace Kairos.Trading.Execution;

/// <summary>A poll's outcome: the watcher's next state (to persist) and what happened, in order.</summary>
public sealed record WatcherPoll(Watcher Watcher, IReadOnlyList<WatcherEvent> Events);
