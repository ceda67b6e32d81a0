using System.Text.Json;

namespace Kairos.Cli.Tests;

/// <summary>The backtest with Kronos as its forecaster (tiny golden checkpoint), and the fallback when weights are missing.</summary>
public sealed class BacktestKronosTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-btk-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Kronos_serves_the_walk_forward_panel_once_per_window()
    {
        var json = Path.Combine(_dir, "k.json");
        var tiny = RepoPaths.Of("tests", "Kairos.Kronos.Tests", "Fixtures", "tiny");
        var (code, _, stderr) = await CliRunner.Run(
            "backtest", "--data", RepoPaths.Of("data", "daily"), "--symbols", "ETHUSD", "--sims", "2",
            "--kronos-model", Path.Combine(tiny, "model"), "--kronos-tokenizer", Path.Combine(tiny, "tokenizer"), "--kronos-samples", "3",
            "--json", json);
        Assert.True(code == 0, stderr);
        Assert.Contains("Forecaster: kronos/v1(sha256:", stderr, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.StartsWith("kronos/v1(", doc.RootElement.GetProperty("forecaster").GetString(), StringComparison.Ordinal);
        var eth = doc.RootElement.GetProperty("symbols")[0];
        Assert.Equal(2 + 7, eth.GetProperty("forecastsComputed").GetInt32());
        Assert.Equal(2, eth.GetProperty("simulationResults").GetArrayLength());
    }

    [Fact]
    public async Task Missing_weights_say_so_and_the_baseline_serves()
    {
        var (code, _, stderr) = await CliRunner.Run(
            "backtest", "--data", RepoPaths.Of("data", "daily"), "--symbols", "ETHUSD", "--sims", "2",
            "--kronos-model", Path.Combine(_dir, "no-such-model"), "--json", Path.Combine(_dir, "b.json"));
        Assert.Equal(0, code);
        Assert.Contains("Kronos is not available", stderr, StringComparison.Ordinal);
        Assert.Contains("baseline", stderr, StringComparison.Ordinal);
    }
}
