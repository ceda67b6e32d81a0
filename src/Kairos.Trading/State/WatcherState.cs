namespace Kairos.Trading.State;

/// <summary>
/// The persisted state of an order watcher (entry, take-profit, …). <see cref="Json"/> is the watcher's own
/// serialisation, read back by the watcher of that <see cref="Kind"/>; an inactive watcher is kept for the record only.
/// </summary>
public sealed record WatcherState(string Id, string Kind, string Json, bool Active);
