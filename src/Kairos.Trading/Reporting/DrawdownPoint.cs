namespace Kairos.Trading.Reporting;

/// <summary>Equity at <see cref="At"/> relative to its highest value so far, minus one: 0 at a new high, −0.1 ten percent below it.</summary>
public sealed record DrawdownPoint(DateTimeOffset At, double Drawdown);
