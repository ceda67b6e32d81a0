namespace Kairos.Core.Trading;

/// <summary>The equity market's state at <see cref="Timestamp"/> (crypto trades around the clock).</summary>
public sealed record MarketClock(DateTimeOffset Timestamp, bool IsOpen, DateTimeOffset NextOpen, DateTimeOffset NextClose);
