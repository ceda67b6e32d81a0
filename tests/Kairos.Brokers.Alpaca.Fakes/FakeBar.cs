namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>One bar the fake serves, in Alpaca's market-data shape (<c>t</c> is the bar start).</summary>
public sealed record FakeBar(DateTimeOffset T, decimal O, decimal H, decimal L, decimal C, decimal V, long N = 0, decimal Vw = 0m);
