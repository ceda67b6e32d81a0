using Kairos.Forecasting;
using Kairos.Forecasting.Kronos;
using Kairos.Kronos;
using Kairos.Kronos.Hub;
using Kairos.Kronos.Safetensors;

namespace Kairos.Cli;

/// <summary>
/// Chooses the forecaster: Kronos when a model is configured and its weights load, otherwise the statistical baseline —
/// saying once, on stderr, why Kronos is not serving and how to get it.
/// </summary>
internal sealed class ForecasterFactory : IDisposable
{
    private KronosModel? _model;

    /// <summary>Bytes of the loaded model's weight files (memory-mapped while it serves); 0 for the baseline.</summary>
    public long ModelBytes { get; private set; }

    public void Dispose() => _model?.Dispose();

    public IForecaster Create(string? model, string? tokenizer, KronosForecasterOptions options, TextWriter log)
    {
        if (model is null)
        {
            log.WriteLine("Forecaster: statistical baseline (no Kronos model configured; pass --kronos-model, and get weights with 'kairos models pull NeoQuasar/Kronos-small NeoQuasar/Kronos-Tokenizer-base').");
            return new BaselineForecaster();
        }

        tokenizer ??= "NeoQuasar/Kronos-Tokenizer-base";
        try
        {
            var env = HubEnvironment.FromProcess();
            var m = CheckpointLocator.Resolve(model, null, env);
            var t = CheckpointLocator.Resolve(tokenizer, null, env);
            _model = KronosModel.Load(m.Directory, t.Directory);
            var forecaster = new KronosForecaster(_model, CheckpointIdentity.Compute(m.Directory, t.Directory), options);
            ModelBytes = new[] { m.Directory, t.Directory }.SelectMany(d => Directory.EnumerateFiles(d, "*.safetensors")).Sum(f => new FileInfo(f).Length);
            log.WriteLine($"Forecaster: {forecaster.Identity}");
            return forecaster;
        }
        catch (Exception e) when (e is CheckpointNotFoundException or SafetensorsFormatException or InvalidDataException or IOException)
        {
            log.WriteLine($"Kronos is not available ({e.Message}); the statistical baseline forecaster serves instead.");
            return new BaselineForecaster();
        }
    }
}
