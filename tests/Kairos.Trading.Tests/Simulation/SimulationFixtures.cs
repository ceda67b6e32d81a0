using Kairos.Core;
using Kairos.Trading.Simulation;

namespace Kairos.Trading.Tests.Simulation;

/// <summary>Instruments, bars and a settable clock shared by the simulation tests. March 2024 is before DST: 09:30 ET = 14:30 UTC.</summary>
internal static class SimulationFixtures
{
    public static readonly Instrument Aapl = new("AAPL", AssetClass.Equity);
    public static readonly Instrument Nio = new("NIO", AssetClass.Equity);
    public static readonly Instrument Msft = new("MSFT", AssetClass.Equity);
    public static readonly Instrument Btc = new("BTCUSD", AssetClass.Crypto);
    public static readonly Instrument Doge = new("DOGEUSD", AssetClass.Crypto);

    public static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2024, month, day, hour, minute, 0, TimeSpan.Zero);

    public static Bar Daily(int month, int day, double open, double high, double low, double close, double volume = 1e6) =>
        new(Utc(month, day, 0), open, high, low, close, volume);

    public static Bar Flat(int month, int day, double price, double volume = 1e6) => Daily(month, day, price, price, price, price, volume);

    public static BarSeries Series(Instrument instrument, params Bar[] bars) => new(instrument, bars);

    public static SimulatedMarket Market(params BarSeries[] series) => new(series);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
