using Kairos.Core;

namespace Kairos.Forecasting.Tests.Caching;

/// <summary>Series, forecasts and scratch files shared by the cache tests.</summary>
internal static class CacheFixtures
{
    public static readonly DateTimeOffset Start = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static BarSeries Series(int n, string symbol = "AAA", int seed = 1)
    {
        var rng = new Random(seed);
        var bars = new List<Bar>();
        var c = 100.0;
        for (var i = 0; i < n; i++)
        {
            var o = c;
            c *= 1 + ((rng.NextDouble() - 0.5) * 0.04);
            bars.Add(new Bar(Start.AddDays(i), o, Math.Max(o, c) * 1.01, Math.Min(o, c) * 0.99, c, 1000 + i));
        }

        return new BarSeries(Instrument.Infer(symbol), bars);
    }

    /// <summary>A forecast whose fields are all derived from <paramref name="x"/>, so two of them differ visibly.</summary>
    public static BarForecast Forecast(double x) => new(x, x + 2, x - 2, x + 1, 0.1, 0.2, 0.3, 0.4);

    /// <summary>A fresh folder under the temp directory, deleted by the caller's <c>using</c>.</summary>
    public static ScratchFolder Scratch() => new();

    internal sealed class ScratchFolder : IDisposable
    {
        public ScratchFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kairos-fcache-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
