using Kairos.Core;
using Kairos.Data;

namespace Kairos.Benchmarks;

/// <summary>Loads bundled bars for benchmarks (the repository root is found by walking up to Kairos.slnx).</summary>
internal static class BenchmarkData
{
    public static BarSeries Load(string symbol)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Kairos.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new DirectoryNotFoundException("Run the benchmarks from inside a clone of the repository.");
        }

        var path = Path.Combine(root.FullName, "data", "daily", symbol + ".csv");
        return BarCsvLoader.Load(path, Instrument.Infer(symbol), BarValidationPolicy.Default).Series;
    }
}
