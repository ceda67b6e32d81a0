using Kairos.Core;

namespace Kairos.Backtesting.Tests.Support;

/// <summary>Builds daily bar series for tests.</summary>
public static class Bars
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bars from (open, high, low, close) tuples on consecutive days.</summary>
    public static BarSeries Series(string symbol, params (double O, double H, double L, double C)[] ohlc) =>
        new(Instrument.Infer(symbol), ohlc.Select((b, i) => new Bar(Start.AddDays(i), b.O, b.H, b.L, b.C, 1000)));

    /// <summary>A seeded random walk with plausible ranges.</summary>
    public static BarSeries RandomWalk(string symbol, int count, int seed)
    {
        var rng = new Random(seed);
        var bars = new List<Bar>(count);
        var close = 100.0;
        for (var i = 0; i < count; i++)
        {
            var open = close * (1 + ((rng.NextDouble() - 0.5) * 0.01));
            close = open * (1 + ((rng.NextDouble() - 0.5) * 0.04));
            var high = Math.Max(open, close) * (1 + (rng.NextDouble() * 0.02));
            var low = Math.Min(open, close) * (1 - (rng.NextDouble() * 0.02));
            bars.Add(new Bar(Start.AddDays(i), open, high, low, close, 1000 + rng.Next(1000)));
        }

        return new BarSeries(Instrument.Infer(symbol), bars);
    }
}
