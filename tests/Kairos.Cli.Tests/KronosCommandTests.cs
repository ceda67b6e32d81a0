using System.Globalization;
using System.Text.Json;

namespace Kairos.Cli.Tests;

/// <summary><c>kairos kronos predict</c> on the tiny golden checkpoint, and <c>kairos kronos bench</c>.</summary>
public sealed class KronosCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-kronos-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Predict(params string[] extra) =>
    [
        "kronos", "predict", "--model", RepoPaths.Tiny("model"), "--tokenizer", RepoPaths.Tiny("tokenizer"),
        "--input", RepoPaths.Tiny("input_ohlcva.csv"), "--future", RepoPaths.Tiny("future_timestamps.csv"), "--pred-len", "7",
        "--top-k", "1", "--top-p", "1", .. extra,
    ];

    [Theory]
    [InlineData("512", "golden_predict_ctx512.csv")]
    [InlineData("32", "golden_predict_ctx32.csv")]
    public async Task Greedy_prediction_matches_the_reference_csv(string maxContext, string golden)
    {
        var output = Path.Combine(_dir, "pred.csv");
        var (code, _, stderr) = await CliRunner.Run(Predict("--max-context", maxContext, "--output", output));
        Assert.True(code == 0, stderr);
        var actual = File.ReadAllLines(output);
        var expected = File.ReadAllLines(RepoPaths.Tiny(golden));
        Assert.Equal(expected[0], actual[0]);
        Assert.Equal(expected.Length, actual.Length);
        for (var r = 1; r < expected.Length; r++)
        {
            var e = expected[r].Split(',');
            var a = actual[r].Split(',');
            Assert.Equal(e[0], a[0]);
            for (var c = 1; c < e.Length; c++)
            {
                var ev = double.Parse(e[c], CultureInfo.InvariantCulture);
                var av = double.Parse(a[c], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(av - ev) <= 1e-5 * Math.Max(Math.Abs(ev), 1e-3), $"row {r} col {c}: {av} vs {ev}");
            }
        }
    }

    [Fact]
    public async Task Sampled_prediction_is_reproducible_and_writes_quantile_columns_to_stdout()
    {
        var args = new[] { "kronos", "predict", "--model", RepoPaths.Tiny("model"), "--tokenizer", RepoPaths.Tiny("tokenizer"), "--input", RepoPaths.Tiny("input_ohlcva.csv"), "--future", RepoPaths.Tiny("future_timestamps.csv"), "--pred-len", "7", "--samples", "8", "--seed", "42", "--quantiles", "0.1,0.5,0.9" };
        var a = await CliRunner.Run(args);
        var b = await CliRunner.Run(args);
        Assert.Equal(0, a.Code);
        Assert.Equal(a.Out, b.Out);
        var header = a.Out.Split('\n')[0];
        Assert.StartsWith("timestamps,open,high,low,close,volume,amount,open_q10,", header, StringComparison.Ordinal);
        Assert.Contains("close_q90", header, StringComparison.Ordinal);
        Assert.Equal(8, a.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Mismatched_pred_len_and_bad_inputs_are_clear_errors()
    {
        var mismatch = Predict();
        mismatch[Array.IndexOf(mismatch, "--pred-len") + 1] = "5";
        var (code, _, stderr) = await CliRunner.Run(mismatch);
        Assert.Equal(2, code);
        Assert.Contains("--pred-len is 5", stderr, StringComparison.Ordinal);

        var bad = Path.Combine(_dir, "bad.csv");
        var lines = File.ReadAllLines(RepoPaths.Tiny("input_ohlcva.csv"));
        lines[5] = lines[5].Replace("187", "NaN", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(bad, lines);
        var args = Predict().ToArray();
        args[Array.IndexOf(args, "--input") + 1] = bad;
        var (nanCode, _, nanErr) = await CliRunner.Run(args);
        Assert.Equal(3, nanCode);
        Assert.Contains("line 6", nanErr, StringComparison.Ordinal);

        var (missing, _, missingErr) = await CliRunner.Run("kronos", "predict", "--model", Path.Combine(_dir, "nope"), "--tokenizer", RepoPaths.Tiny("tokenizer"), "--input", RepoPaths.Tiny("input_ohlcva.csv"), "--future", RepoPaths.Tiny("future_timestamps.csv"), "--pred-len", "7");
        Assert.Equal(2, missing);
        Assert.Contains(Path.Combine(_dir, "nope"), missingErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_weights_are_bad_data()
    {
        var model = Directory.CreateDirectory(Path.Combine(_dir, "model")).FullName;
        File.Copy(RepoPaths.Tiny("model", "config.json"), Path.Combine(model, "config.json"));
        var bytes = await File.ReadAllBytesAsync(RepoPaths.Tiny("model", "model.safetensors"));
        await File.WriteAllBytesAsync(Path.Combine(model, "model.safetensors"), bytes[..(bytes.Length / 2)]);
        var args = Predict().ToArray();
        args[Array.IndexOf(args, "--model") + 1] = model;
        var (code, _, stderr) = await CliRunner.Run(args);
        Assert.Equal(3, code);
        Assert.Contains("model.safetensors", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_prints_the_contract_json()
    {
        var (code, stdout, stderr) = await CliRunner.Run("kronos", "bench", "--preset", "mini", "--lookback", "64", "--max-context", "64", "--pred-len", "2", "--samples", "2", "--runs", "1", "--json");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        foreach (var key in new[] { "median_seconds", "tokens", "gflop_per_second", "flop_bound_seconds" })
        {
            Assert.True(doc.RootElement.GetProperty(key).GetDouble() > 0, key);
        }

        Assert.Equal(2, (await CliRunner.Run("kronos", "bench", "--preset", "huge")).Code);
    }
}
