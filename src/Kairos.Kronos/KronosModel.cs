using Kairos.Kronos.Model;
using Kairos.Kronos.Safetensors;

namespace Kairos.Kronos;

/// <summary>
/// A loaded Kronos model and its tokenizer: configs plus read-only weights. Weights loaded from safetensors are
/// zero-copy views over the memory-mapped files, so the model must stay undisposed while predictors use it.
/// Thread-safe for concurrent reads (predictors keep their own buffers).
/// </summary>
public sealed class KronosModel : IDisposable
{
    private readonly List<IDisposable> _files;

    // Keeps pinned arrays (random or converted weights) alive for the WeightViews that point into them.
    private readonly object? _keepAlive;

    private KronosModel(KronosConfig config, TokenizerConfig tokenizerConfig, ModelWeights weights, TokenizerWeights tokenizerWeights, List<IDisposable> files, object? keepAlive)
    {
        Config = config;
        TokenizerConfig = tokenizerConfig;
        Weights = weights;
        TokenizerWeights = tokenizerWeights;
        _files = files;
        _keepAlive = keepAlive;
    }

    /// <summary>The autoregressive model's config.</summary>
    public KronosConfig Config { get; }

    /// <summary>The tokenizer's config.</summary>
    public TokenizerConfig TokenizerConfig { get; }

    internal ModelWeights Weights { get; }

    /// <summary>True once disposed: the memory-mapped weights are gone and must not be touched.</summary>
    internal bool IsDisposed { get; private set; }

    internal TokenizerWeights TokenizerWeights { get; }

    /// <summary>Loads a model and its tokenizer from two Hugging Face snapshot folders, each holding
    /// <c>config.json</c> and <c>model.safetensors</c>. Every tensor's shape is checked against the config;
    /// a missing, extra or mis-shaped tensor is an error naming it.</summary>
    /// <exception cref="SafetensorsFormatException">A checkpoint file is corrupt or does not match its config.</exception>
    /// <exception cref="InvalidDataException">A config.json is invalid.</exception>
    public static KronosModel Load(string modelDir, string tokenizerDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDir);
        ArgumentException.ThrowIfNullOrEmpty(tokenizerDir);
        var mc = KronosConfig.Load(Path.Combine(modelDir, "config.json"));
        var tc = TokenizerConfig.Load(Path.Combine(tokenizerDir, "config.json"));
        var files = new List<IDisposable>();
        try
        {
            var tf = SafetensorsFile.Open(Path.Combine(tokenizerDir, "model.safetensors"));
            files.Add(tf);
            var mf = SafetensorsFile.Open(Path.Combine(modelDir, "model.safetensors"));
            files.Add(mf);
            var tsrc = new SafetensorsTensorSource(tf);
            var msrc = new SafetensorsTensorSource(mf);
            var tw = new TokenizerWeights(tsrc, tc);
            var mw = new ModelWeights(msrc, mc);
            return new KronosModel(mc, tc, mw, tw, files, new object[] { tsrc, msrc });
        }
        catch
        {
            foreach (var f in files)
            {
                f.Dispose();
            }

            throw;
        }
    }

    /// <summary>A model with seeded random weights and the real shapes of a released preset (for benchmarks).</summary>
    public static KronosModel CreateRandom(KronosPreset preset, int seed)
    {
        var (mc, tc) = preset switch
        {
            KronosPreset.Mini => (KronosConfig.Mini, TokenizerConfig.TwoK),
            KronosPreset.Small => (KronosConfig.Small, TokenizerConfig.Base),
            KronosPreset.Base => (KronosConfig.Base, TokenizerConfig.Base),
            _ => throw new ArgumentOutOfRangeException(nameof(preset)),
        };
        return CreateRandom(mc, tc, seed);
    }

    /// <summary>A model with seeded random weights for arbitrary configs.</summary>
    public static KronosModel CreateRandom(KronosConfig config, TokenizerConfig tokenizerConfig, int seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tokenizerConfig);
        config.Validate("random model");
        tokenizerConfig.Validate("random tokenizer");
        var src = new RandomTensorSource(seed);
        var tw = new TokenizerWeights(src, tokenizerConfig);
        var mw = new ModelWeights(src, config);
        return new KronosModel(config, tokenizerConfig, mw, tw, [], src);
    }

    public void Dispose()
    {
        IsDisposed = true;
        foreach (var f in _files)
        {
            f.Dispose();
        }

        _files.Clear();
        GC.KeepAlive(_keepAlive);
    }
}
