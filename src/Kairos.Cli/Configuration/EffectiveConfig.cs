using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kairos.Cli.Configuration;

/// <summary>
/// The configuration a command runs with and where each setting came from. Layers in increasing precedence: the defaults,
/// the <c>--config</c> file, the environment (<see cref="EnvironmentBindings"/>), the command-line flags. Settings are
/// <c>section.property</c> paths as the JSON file spells them; a setting no layer touched has the default source.
/// </summary>
internal sealed record EffectiveConfig(TradingConfig Config, IReadOnlyDictionary<string, SettingSource> Sources, IReadOnlyList<IgnoredVariable> Ignored)
{
    /// <summary>
    /// Builds the configuration; every invalid value is a <see cref="UsageException"/> naming the file, variable or flag and
    /// what it accepts. The environment is passed in (never read here), so tests and callers choose what it holds; an empty
    /// value counts as unset.
    /// </summary>
    public static async Task<EffectiveConfig> ResolveAsync(
        string? configPath,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyList<FlagOverride> flags,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(flags);
        var config = new TradingConfig();
        var sources = new Dictionary<string, SettingSource>(StringComparer.Ordinal);
        if (configPath is not null)
        {
            var (file, paths) = await TradingConfigLoader.ReadFileAsync(configPath, cancellationToken);
            TradingConfigLoader.Validate(file, $"--config: '{configPath}'");
            config = file;
            var source = new SettingSource(SettingSourceKind.File, configPath);
            foreach (var path in paths)
            {
                sources[path] = source;
            }
        }

        foreach (var binding in EnvironmentBindings.All)
        {
            if (!environment.TryGetValue(binding.Variable, out var value) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            try
            {
                config = binding.Apply(config, value);
            }
            catch (FormatException e)
            {
                throw new UsageException(
                    $"environment variable {binding.Variable}='{value}': {e.Message} It accepts {binding.Accepts} (sets {string.Join(", ", binding.Settings)}).");
            }

            Mark(sources, binding.Settings, new SettingSource(SettingSourceKind.Environment, binding.Variable));
        }

        var ignored = EnvironmentBindings.NotApplicable
            .Where(v => environment.TryGetValue(v.Variable, out var value) && !string.IsNullOrWhiteSpace(value))
            .Select(v => new IgnoredVariable(v.Variable, environment[v.Variable], v.Reason))
            .ToList();

        foreach (var flag in flags)
        {
            config = flag.Apply(config);
            Mark(sources, flag.Settings, new SettingSource(SettingSourceKind.Flag, flag.Flag));
        }

        TradingConfigLoader.Validate(config, "invalid settings (after the file, environment and flags)");
        return new EffectiveConfig(config, sources, ignored);
    }

    public SettingSource SourceOf(string setting) => Sources.TryGetValue(setting, out var source) ? source : SettingSource.Default;

    /// <summary>Every effective setting, section by section in declaration order.</summary>
    public IReadOnlyList<SettingRow> Rows()
    {
        var rows = new List<SettingRow>();
        foreach (var (section, node) in TradingConfigLoader.ToJson(Config))
        {
            foreach (var (property, value) in node!.AsObject())
            {
                var setting = $"{section}.{property}";
                rows.Add(new SettingRow(setting, value?.DeepClone(), Text(value), SourceOf(setting)));
            }
        }

        return rows;
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static void Mark(Dictionary<string, SettingSource> sources, IReadOnlyList<string> settings, SettingSource source)
    {
        foreach (var setting in settings)
        {
            sources[setting] = source;
        }
    }
}
