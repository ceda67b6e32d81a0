using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kairos.Cli.Tests;

/// <summary>
/// <c>kairos simulate --baseline</c>: a run that falls behind its baseline switches itself to the conservative
/// configuration and says so in the summary, report.json and report.html; a bad baseline file is a usage error.
/// </summary>
public sealed class SimulateRollbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-rollback-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_run_behind_its_baseline_rolls_back_and_reports_why()
    {
        string[] common = ["simulate", "--data", RepoPaths.BundledData, "--symbols", "NIO,RKLB,SUIUSDT", "--days", "4", "--sims", "6", "-q"];
        var first = Path.Combine(_dir, "a");
        var (code, _, stderr) = await CliRunner.Run([.. common, "--report", first]);
        Assert.True(code == 0, stderr);

        // A baseline no run can match: Sharpe 50, every trade a winner.
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(first, "report.json")))!.AsObject();
        report["performance"]!["sharpe"] = 50.0;
        report["performance"]!["winRate"] = 1.0;
        report["performance"]!["trades"] = 100;
        var baseline = Path.Combine(_dir, "best.json");
        await File.WriteAllTextAsync(baseline, report.ToJsonString());
        var config = Path.Combine(_dir, "rollback.json");
        await File.WriteAllTextAsync(config, """{ "rollback": { "minTrades": 0 } }""");

        var second = Path.Combine(_dir, "b");
        var (code2, stdout, stderr2) = await CliRunner.Run([.. common, "--report", second, "--baseline", baseline, "--config", config]);
        Assert.True(code2 == 0, stderr2);

        Assert.Contains("Rolled back at ", stdout, StringComparison.Ordinal);
        Assert.Contains("against best.json: switched to the conservative configuration because Sharpe 50 -> ", stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(second, "report.json")));
        var rollback = json.RootElement.GetProperty("rollback");
        Assert.Equal("best.json", rollback.GetProperty("baseline").GetString());
        Assert.Contains(rollback.GetProperty("triggers").EnumerateArray(), t => t.GetString()!.StartsWith("Sharpe 50 -> ", StringComparison.Ordinal));
        var html = await File.ReadAllTextAsync(Path.Combine(second, "report.html"));
        Assert.Contains("<strong>Rolled back</strong>", html, StringComparison.Ordinal);

        // Without the baseline nothing rolls back.
        using var plain = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(first, "report.json")));
        Assert.Equal(JsonValueKind.Null, plain.RootElement.GetProperty("rollback").ValueKind);
        Assert.Equal(0, plain.RootElement.GetProperty("memoryFailures").GetInt32());
        Assert.DoesNotContain("Memory failures", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_baseline_that_is_not_a_report_is_a_usage_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "notes.json");
        await File.WriteAllTextAsync(path, """{ "hello": 1 }""");

        var (code, _, stderr) = await CliRunner.Run("simulate", "--data", RepoPaths.BundledData, "--symbols", "NIO", "--days", "2", "--report", Path.Combine(_dir, "x"), "--baseline", path);
        Assert.Equal(2, code);
        Assert.Contains($"--baseline: '{path}' is not a Kairos run report", stderr, StringComparison.Ordinal);

        var (missing, _, stderr2) = await CliRunner.Run("simulate", "--data", RepoPaths.BundledData, "--symbols", "NIO", "--days", "2", "--report", Path.Combine(_dir, "y"), "--baseline", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, missing);
        Assert.Contains("does not exist", stderr2, StringComparison.Ordinal);
    }
}
