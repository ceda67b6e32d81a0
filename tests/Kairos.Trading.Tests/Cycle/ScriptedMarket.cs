using Kairos.Core;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// Deterministic daily bars for the bot scenarios: a constant daily drift plus seeded noise on the close, an open near the
/// previous close and a range around both. Equities get a bar on every NYSE session, crypto on every calendar day; bar
/// timestamps are the session date at 00:00 UTC (the simulated market's convention).
/// </summary>
internal static class ScriptedMarket
{
    /// <summary>Bars of <paramref name="instrument"/> from <paramref name="first"/> to <paramref name="last"/> (inclusive).</summary>
    public static BarSeries Trend(Instrument instrument, DateOnly first, DateOnly last, double startPrice, double dailyDrift, double noise, Random random)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(random);
        var bars = new List<Bar>();
        var previous = startPrice;
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            if (instrument.Calendar.Session(date) is null)
            {
                continue;
            }

            var open = previous * (1 + (noise * 0.25 * Centered(random)));
            var close = previous * (1 + dailyDrift + (noise * Centered(random)));
            var high = Math.Max(open, close) * (1 + (noise * random.NextDouble()));
            var low = Math.Min(open, close) * (1 - (noise * random.NextDouble()));
            bars.Add(new Bar(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Round(open), Round(high), Round(low), Round(close), 1e6));
            previous = close;
        }

        return new BarSeries(instrument, bars);
    }

    /// <summary>Uniform in [−1, 1).</summary>
    private static double Centered(Random random) => (2 * random.NextDouble()) - 1;

    private static double Round(double price) => Math.Round(price, 4);
}
