using System.Diagnostics;
using System.Text.Json;

namespace Kairos.Cli.Tests;

/// <summary>
/// Kills a real <c>kairos simulate</c> process at random instants, restarts it on the same report folder until it
/// finishes, and checks that its fills are exactly those of an uninterrupted run (the report's fill hash and count).
/// </summary>
public sealed class SimulateKillTests : IDisposable
{
    private static readonly string[] Args = ["simulate", "--days", "8", "--symbols", "NIO,RKLB,HIMS,SUIUSDT", "--sims", "12", "-q"];
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_killed_simulation_resumes_and_fills_exactly_like_an_uninterrupted_one()
    {
        var reference = Path.Combine(_dir, "reference");
        var watch = Stopwatch.StartNew();
        Assert.Equal(0, await RunAsync(reference, kill: null));
        var full = watch.Elapsed;
        var (fills, hash) = Report(reference);
        Assert.True(fills > 0, "the run must trade");

        var killed = Path.Combine(_dir, "killed");
        var random = new Random(7);
        var kills = 0;
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var delay = kills < 3 ? TimeSpan.FromSeconds(0.4 + (random.NextDouble() * full.TotalSeconds * 0.8)) : (TimeSpan?)null;
            var code = await RunAsync(killed, delay);
            if (code == 0 && File.Exists(Path.Combine(killed, "report.json")))
            {
                break;
            }

            kills++;
        }

        Assert.True(kills >= 1, "at least one run must have been killed");
        Assert.Equal((fills, hash), Report(killed));
    }

    private static (int Fills, string Hash) Report(string dir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        return (doc.RootElement.GetProperty("fills").GetInt32(), doc.RootElement.GetProperty("fillsSha256").GetString()!);
    }

    /// <summary>Runs the command in a child process; with <paramref name="kill"/>, kills it after that delay (exit code −1).</summary>
    private static async Task<int> RunAsync(string report, TimeSpan? kill)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        start.ArgumentList.Add(typeof(KairosApp).Assembly.Location);
        foreach (var a in Args)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--report");
        start.ArgumentList.Add(report);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (kill is { } delay && !process.WaitForExit(delay))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            return -1;
        }

        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        return process.ExitCode;
    }
}
