using Kairos.Trading.State;

namespace Kairos.Cli.Tests;

public sealed class CycleMetricsStoredTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-metrics-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Every_cycle_stores_its_timings_and_forecast_reuse()
    {
        var (code, _, stderr) = await CliRunner.Run("simulate", "--data", RepoPaths.BundledData, "--symbols", "NIO,KGC", "--days", "2", "--sims", "6", "--report", _dir, "-q", "--verbose-log");
        Assert.True(code == 0, stderr);
        var store = await TradingStore.OpenAsync(Path.Combine(_dir, "kairos.db"), TimeProvider.System);
        var run = (await store.GetLatestRunAsync(TradingMode.Simulate))!;
        var cycles = await store.GetCyclesAsync(run.Id);
        Assert.NotEmpty(cycles);
        var metrics = (await store.GetMetricsAsync(run.Id, cycles[0].CycleId)).ToDictionary(m => m.Name, m => m.Value);
        Assert.True(metrics["seconds"] > 0);
        Assert.Contains(metrics.Keys, k => k.StartsWith("cycle.duration", StringComparison.Ordinal));
        Assert.Contains(metrics.Keys, k => k.StartsWith("stage.duration{stage=analysis}", StringComparison.Ordinal));
        Assert.True(metrics.ContainsKey("forecasts.hit_rate"));

        // Per-symbol analysis time, predict latency, re-prediction counts and the forecast cache's bytes.
        Assert.True(metrics.ContainsKey("symbol.duration{symbol=NIO}.sum"));
        Assert.True(metrics["predict.duration.count"] > 0);
        Assert.Equal(2, metrics["symbols.repredicted"]);
        Assert.True(metrics["memory.cache{cache=forecast}"] > 0);

        // The run's trading statistics are recorded once a day, on the day's first cycle after the first.
        var later = cycles.Skip(1).Select(c => store.GetMetricsAsync(run.Id, c.CycleId).Result).ToList();
        Assert.Contains(later, rows => rows.Any(r => r.Name == "trading.sharpe"));

        // The batched event log: one summary line per cycle in kairos.log (stamped with the simulated clock), every
        // decision in the per-day verbose files the flag asked for, and nothing lost at the end of the run.
        var log = await File.ReadAllLinesAsync(Path.Combine(_dir, "kairos.log"));
        Assert.Equal(cycles.Count, log.Count(l => l.Contains(" analysed, ", StringComparison.Ordinal)));
        Assert.StartsWith(cycles[0].StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture), log[0], StringComparison.Ordinal);
        var verbose = Directory.GetFiles(Path.Combine(_dir, "logs"), "verbose-*.log");
        Assert.Equal(cycles.Select(c => Kairos.Core.UsEastern.DateOf(c.StartedAt)).Distinct().Count(), verbose.Length);
        var decided = verbose.SelectMany(File.ReadAllLines).Count(l => l.Contains("  NIO ", StringComparison.Ordinal));
        Assert.Equal((await store.GetDecisionsAsync(run.Id)).Count(d => d.Symbol == "NIO"), decided);
    }

    [Fact]
    public async Task A_metrics_port_out_of_range_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRunner.Run("run", "--once", "--data", RepoPaths.BundledData, "--symbols", "NIO", "--state", _dir, "--metrics-port", "70000");
        Assert.Equal(2, code);
        Assert.Contains("--metrics-port", stderr, StringComparison.Ordinal);
    }
}
