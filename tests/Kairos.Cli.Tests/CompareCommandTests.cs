using System.Text.Json;

namespace Kairos.Cli.Tests;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-compare-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Same_configuration_twice_is_accepted_with_identical_fills()
    {
        var config = Path.Combine(_dir, "a.json");
        await File.WriteAllTextAsync(config, """{ "backtest": { "simulations": 8 } }""");
        var report = Path.Combine(_dir, "cmp");
        var (code, stdout, stderr) = await CliRunner.Run("compare", "--baseline", config, "--candidate", config, "--days", "4", "--symbols", "NIO,RKLB", "--data", RepoPaths.BundledData, "--report", report);
        Assert.True(code == 0, stderr);
        Assert.Contains("Fills: identical", stdout, StringComparison.Ordinal);
        Assert.Contains("Verdict: accept the candidate", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "compare.json")));
        Assert.False(doc.RootElement.GetProperty("rollBack").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("identicalFills").GetBoolean());
        Assert.Contains("memory failures 0", doc.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, doc.RootElement.GetProperty("candidate").GetProperty("memoryFailures").GetInt32());
        Assert.Matches(@"Memory failures\s*\|?\s*0\s*\|?\s*0", stdout);
        Assert.True(File.Exists(Path.Combine(report, "baseline", "report.html")));
        Assert.True(File.Exists(Path.Combine(report, "candidate", "report.html")));
    }

    [Fact]
    public async Task A_missing_configuration_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRunner.Run("compare", "--baseline", Path.Combine(_dir, "nope.json"), "--candidate", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }
}
