using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kairos.Cli.Kronos;
using Kairos.Data;
using Kairos.Kronos;
using Kairos.Kronos.Hub;
using Kairos.Kronos.Safetensors;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos kronos predict</c> and <c>kairos kronos bench</c>: the Kronos engine on its own.</summary>
internal static class KronosCommand
{
    private static readonly Option<string> Model = new("--model") { Description = "Model checkpoint: a folder with config.json and model.safetensors, or a Hugging Face id (NeoQuasar/Kronos-small) in the local cache.", Required = true };
    private static readonly Option<string> Tokenizer = new("--tokenizer") { Description = "Tokenizer checkpoint: folder or Hugging Face id (NeoQuasar/Kronos-Tokenizer-base).", Required = true };
    private static readonly Option<FileInfo> Input = new("--input") { Description = "Input bars CSV: timestamps,open,high,low,close[,volume[,amount]].", Required = true };
    private static readonly Option<FileInfo> Future = new("--future") { Description = "CSV with one column 'timestamps': the bars to forecast.", Required = true };
    private static readonly Option<int> PredLen = new("--pred-len") { Description = "Bars to forecast (must equal the rows of --future).", Required = true };
    private static readonly Option<int> MaxContext = new("--max-context") { Description = "Model window (512 for small/base; up to 2048 for mini).", DefaultValueFactory = _ => 512 };
    private static readonly Option<float> Clip = new("--clip") { Description = "Clip of the normalised inputs.", DefaultValueFactory = _ => 5f };
    private static readonly Option<float> Temperature = new("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 1f };
    private static readonly Option<int> TopK = new("--top-k") { Description = "Keep the k most likely tokens (0 = off; when > 0, --top-p is ignored).", DefaultValueFactory = _ => 0 };
    private static readonly Option<double> TopP = new("--top-p") { Description = "Nucleus sampling mass (1 = off).", DefaultValueFactory = _ => 0.9 };
    private static readonly Option<int> Samples = new("--samples") { Description = "Sample paths; the output is their mean in normalised space.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the sampler: the same inputs and seed give the same output.", DefaultValueFactory = _ => 0 };
    private static readonly Option<string?> Quantiles = new("--quantiles") { Description = "Comma-separated quantile levels over the sample paths, e.g. 0.1,0.5,0.9 (adds <column>_q<percent> columns)." };
    private static readonly Option<FileInfo?> Output = new("--output") { Description = "Output CSV (default: stdout)." };

    private static readonly Option<string> Preset = new("--preset") { Description = "Model shapes: mini, small or base.", DefaultValueFactory = _ => "small" };
    private static readonly Option<int> Lookback = new("--lookback") { Description = "Input bars N.", DefaultValueFactory = _ => 512 };
    private static readonly Option<int> BenchMaxContext = new("--max-context") { Description = "Model window.", DefaultValueFactory = _ => 512 };
    private static readonly Option<int> BenchPredLen = new("--pred-len") { Description = "Bars to generate P.", DefaultValueFactory = _ => 7 };
    private static readonly Option<int> BenchSamples = new("--samples") { Description = "Sample paths S.", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Runs = new("--runs") { Description = "Timed runs after one warm-up; the median is reported.", DefaultValueFactory = _ => 5 };
    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object instead of text." };

    public static Command Create()
    {
        var predict = new Command("predict", "Forecast the next bars of a series with a Kronos checkpoint (exact reference semantics; sampled paths, mean and quantiles).")
        {
            Model, Tokenizer, Input, Future, PredLen, MaxContext, Clip, Temperature, TopK, TopP, Samples, Seed, Quantiles, Output,
        };
        predict.SetAction((parse, ct) => PredictAsync(parse, ct));

        var bench = new Command("bench", "Time predict on random weights with a preset's real shapes (generated in memory from a fixed seed; nothing is downloaded).")
        {
            Preset, Lookback, BenchMaxContext, BenchPredLen, BenchSamples, Runs, Json,
        };
        bench.SetAction((parse, ct) => BenchAsync(parse, ct));
        return new Command("kronos", "The Kronos forecasting engine: predict with a checkpoint, or benchmark the engine.") { predict, bench };
    }

    private static async Task<int> PredictAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = KronosCsv.ReadInput(parse.GetValue(Input)!.FullName);
        var futurePath = parse.GetValue(Future)!.FullName;
        var future = KronosCsv.ReadFuture(futurePath);
        var predLen = parse.GetValue(PredLen);
        if (future.Length != predLen)
        {
            throw new UsageException($"--pred-len is {predLen} but '{futurePath}' has {future.Length} timestamps; they must match.");
        }

        if (future[0] <= input.Timestamps[^1])
        {
            throw new BarDataException(futurePath, 2, "timestamps", $"the first future timestamp {future[0]:yyyy-MM-dd HH:mm:ss} is not after the last input bar ({input.Timestamps[^1]:yyyy-MM-dd HH:mm:ss})");
        }

        var options = new PredictionOptions
        {
            PredLen = predLen,
            MaxContext = parse.GetValue(MaxContext),
            Clip = parse.GetValue(Clip),
            Temperature = parse.GetValue(Temperature),
            TopK = parse.GetValue(TopK),
            TopP = parse.GetValue(TopP),
            Samples = parse.GetValue(Samples),
            Seed = parse.GetValue(Seed),
            Quantiles = ParseLevels(parse.GetValue(Quantiles)),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        using var model = LoadModel(parse.GetValue(Model)!, parse.GetValue(Tokenizer)!);
        var series = SeriesInput.FromColumns(
            input.Timestamps,
            ToFloat(input.Open),
            ToFloat(input.High),
            ToFloat(input.Low),
            ToFloat(input.Close),
            input.Volume is null ? null : ToFloat(input.Volume),
            input.Amount is null ? null : ToFloat(input.Amount),
            future);
        SeriesForecast forecast;
        try
        {
            forecast = await Task.Run(() => new KronosPredictor(model).Predict(series, options), cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new BarDataException(input.Source, null, null, e.Message);
        }

        var mean = Flatten(forecast.Mean);
        var quantiles = options.Quantiles.Select(q => Flatten(forecast.Quantiles[q])).ToList();
        var outputFile = parse.GetValue(Output);
        if (outputFile is null)
        {
            var temp = Path.GetTempFileName();
            try
            {
                KronosCsv.WriteOutput(temp, forecast.Timestamps, mean, options.Quantiles, quantiles);
                await parse.InvocationConfiguration.Output.WriteAsync(await File.ReadAllTextAsync(temp, cancellationToken));
            }
            finally
            {
                File.Delete(temp);
            }
        }
        else
        {
            KronosCsv.WriteOutput(outputFile.FullName, forecast.Timestamps, mean, options.Quantiles, quantiles);
            await parse.InvocationConfiguration.Error.WriteLineAsync($"Wrote {predLen} forecast rows to {outputFile.FullName}.");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> BenchAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var presetName = parse.GetValue(Preset)!;
        if (!Enum.TryParse<KronosPreset>(presetName, ignoreCase: true, out var preset) || !Enum.IsDefined(preset))
        {
            throw new UsageException($"--preset: '{presetName}' is not one of mini, small, base.");
        }

        var (lookback, maxContext, predLen, samples, runs) = (parse.GetValue(Lookback), parse.GetValue(BenchMaxContext), parse.GetValue(BenchPredLen), parse.GetValue(BenchSamples), parse.GetValue(Runs));
        if (lookback < 2 || maxContext < 1 || predLen < 1 || samples < 1 || runs < 1)
        {
            throw new UsageException("--lookback must be ≥ 2 and --max-context, --pred-len, --samples, --runs ≥ 1.");
        }

        var r = await Task.Run(() => KronosBenchmark.Run(preset, lookback, maxContext, predLen, samples, runs), cancellationToken);
        var stdout = parse.InvocationConfiguration.Output;
        if (parse.GetValue(Json))
        {
            var doc = new Dictionary<string, object>
            {
                ["preset"] = preset.ToString().ToLowerInvariant(),
                ["lookback"] = lookback,
                ["max_context"] = maxContext,
                ["pred_len"] = predLen,
                ["samples"] = samples,
                ["runs"] = runs,
                ["median_seconds"] = r.MedianSeconds,
                ["all_seconds"] = r.AllSeconds,
                ["tokens"] = r.ModelTokens,
                ["reference_tokens"] = r.ReferenceModelTokens,
                ["flops"] = r.Flops,
                ["gflop_per_second"] = r.GflopPerSecond,
                ["flop_bound_seconds"] = r.FlopBoundSeconds,
                ["fraction_of_flop_bound"] = r.FlopBoundSeconds / r.MedianSeconds,
            };
            await stdout.WriteLineAsync(JsonSerializer.Serialize(doc));
        }
        else
        {
            await stdout.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Kronos-{preset.ToString().ToLowerInvariant()} (random weights), lookback {lookback}, max_context {maxContext}, pred_len {predLen}, samples {samples}, {runs} run(s)\n"
                + $"  median predict     {r.MedianSeconds:F3} s  (runs: {string.Join(", ", r.AllSeconds.Select(s => s.ToString("F3", CultureInfo.InvariantCulture)))})\n"
                + $"  tokens (model)     {r.ModelTokens:N0}  (reference re-runs the window per sample: {r.ReferenceModelTokens:N0})\n"
                + $"  work               {r.Flops / 1e9:F1} GFLOP at {r.GflopPerSecond:F1} GFLOP/s\n"
                + $"  FLOP-bound time    {r.FlopBoundSeconds:F3} s at {KronosBenchmark.PeakGflops} GFLOP/s ({r.FlopBoundSeconds / r.MedianSeconds:P0} of it reached)"));
        }

        return ExitCodes.Success;
    }

    private static KronosModel LoadModel(string model, string tokenizer)
    {
        var env = HubEnvironment.FromProcess();
        ResolvedCheckpoint m, t;
        try
        {
            m = CheckpointLocator.Resolve(model, null, env);
            t = CheckpointLocator.Resolve(tokenizer, null, env);
        }
        catch (CheckpointNotFoundException e)
        {
            throw new UsageException(e.Message);
        }

        try
        {
            return KronosModel.Load(m.Directory, t.Directory);
        }
        catch (SafetensorsFormatException e)
        {
            throw new BarDataException(e.Message);
        }
        catch (InvalidDataException e)
        {
            throw new BarDataException(e.Message);
        }
    }

    private static List<double> ParseLevels(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var levels = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) || !(q > 0 && q < 1))
            {
                throw new UsageException($"--quantiles: '{part}' is not a level in (0, 1).");
            }

            levels.Add(q);
        }

        return levels;
    }

    private static float[] ToFloat(double[] values) => [.. values.Select(v => (float)v)];

    private static float[] Flatten(float[,] m)
    {
        var rows = m.GetLength(0);
        var cols = m.GetLength(1);
        var flat = new float[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                flat[(r * cols) + c] = m[r, c];
            }
        }

        return flat;
    }
}
