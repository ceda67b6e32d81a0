using System.Text.Json;

namespace Kairos.Cli.Tests;

public sealed class ProfileCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-profile-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Profiles_a_cold_and_a_warm_cycle_and_writes_the_hot_path_table()
    {
        var json = Path.Combine(_dir, "profile.json");
        var (code, stdout, stderr) = await CliRunner.Run("profile", "--data", RepoPaths.BundledData, "--symbols", "NIO,KGC", "--sims", "8", "--json", json);
        Assert.Equal(0, code);
        Assert.Contains("cold cycle (market-open", stdout, StringComparison.Ordinal);
        Assert.Contains("warm cycle (second-hour", stdout, StringComparison.Ordinal);
        Assert.Contains("optimizer.direct", stdout, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal("kairos.profile/v1", doc.RootElement.GetProperty("schema").GetString());
        var cycles = doc.RootElement.GetProperty("cycles");
        Assert.Equal(2, cycles.GetArrayLength());
        Assert.True(cycles[0].GetProperty("forecastsComputed").GetInt64() > 0);
        Assert.Equal(0, cycles[1].GetProperty("forecastsComputed").GetInt64());
        var stages = cycles[0].GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("stage").GetString()!, r => r);
        Assert.Equal(2, stages["backtest.symbol"].GetProperty("calls").GetInt64());
        Assert.True(stages["optimizer.direct"].GetProperty("calls").GetInt64() >= 2 * 8, "pctdiff runs DIRECT in every simulation of every symbol");
    }

    [Fact]
    public async Task A_day_that_is_not_a_trading_day_is_a_usage_error()
    {
        var (code, stdout, stderr) = await CliRunner.Run("profile", "--data", RepoPaths.BundledData, "--symbols", "NIO", "--at", "2026-01-03", "--json", Path.Combine(_dir, "p.json"));
        Assert.Equal(2, code);
        Assert.Contains("not an NYSE trading day", stderr, StringComparison.Ordinal);
    }
}
