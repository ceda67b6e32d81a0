namespace Kairos.Trading.State;

/// <summary>One named measurement of a cycle (seconds per stage, cache hit rate, forecast age, …).</summary>
public sealed record CycleMetric(string Name, double Value);
