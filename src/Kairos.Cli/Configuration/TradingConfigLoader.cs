using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kairos.Cli.Configuration;

/// <summary>
/// Reads <see cref="TradingConfig"/> from JSON: property names are camelCase or PascalCase, unknown properties are
/// errors (a misspelt setting must not silently keep its default), durations are "hh:mm:ss" strings, enums by name.
/// Every failure names the file, line and JSON path.
/// </summary>
internal static class TradingConfigLoader
{
    public const int MaxSimulations = 10_000;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<TradingConfig> LoadAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return new TradingConfig();
        }

        var (config, _) = await ReadFileAsync(path, cancellationToken);
        Validate(config, $"--config: '{path}'");
        return config;
    }

    /// <summary>
    /// The file's configuration, not yet validated, and the settings it sets as <c>section.property</c> paths spelt as
    /// <see cref="ToJson"/> spells them (whatever the file's casing).
    /// </summary>
    public static async Task<(TradingConfig Config, IReadOnlySet<string> Paths)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--config: '{path}' does not exist.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        TradingConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<TradingConfig>(bytes, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            var at = string.IsNullOrEmpty(e.Path) ? string.Empty : $" at {e.Path}";
            throw new UsageException($"--config: '{path}'{where}{at}: {FirstSentence(e.Message)}");
        }

        return (config ?? new TradingConfig(), SettingPaths(bytes));
    }

    /// <summary>Throws a <see cref="UsageException"/> starting with <paramref name="origin"/> when a setting is out of range.</summary>
    public static void Validate(TradingConfig config, string origin)
    {
        ArgumentNullException.ThrowIfNull(config);
        try
        {
            config.Prediction.Validate();
            config.BotSettings(null).Validate();
            config.Broker.Validate();
            config.Schedule.Validate();
            config.Trading.Validate();
            config.Analysis.Validate();
            config.Optimizer.Validate();
            config.ForecastCache.Validate();
            config.Rollback.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"{origin}: {Describe(e)}");
        }

        if (config.Backtest.Simulations is < 1 or > MaxSimulations || config.Backtest.WindowDays < 2)
        {
            throw new UsageException($"{origin}: backtest.simulations must lie between 1 and {MaxSimulations} and backtest.windowDays be at least 2.");
        }

        if (config.Replay.PollMinutes is < 1 or > 360)
        {
            throw new UsageException($"{origin}: replay.pollMinutes must be between 1 and 360.");
        }
    }

    public static string Serialize(TradingConfig config) => JsonSerializer.Serialize(config, Options);

    /// <summary>The configuration as JSON: one object per section, one property per setting.</summary>
    public static JsonObject ToJson(TradingConfig config) => JsonSerializer.SerializeToNode(config, Options)!.AsObject();

    /// <summary>The message of a settings record's validation, without .NET's "(Parameter …)" and "Actual value" lines.</summary>
    private static string Describe(ArgumentException e)
    {
        var message = e.Message.Split('\n')[0];
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }

    private static HashSet<string> SettingPaths(byte[] json)
    {
        var canonical = ToJson(new TradingConfig());
        var paths = new HashSet<string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return paths;
        }

        foreach (var section in document.RootElement.EnumerateObject())
        {
            var sectionName = Canonical(canonical, section.Name);
            if (sectionName is null || section.Value.ValueKind != JsonValueKind.Object || canonical[sectionName] is not JsonObject properties)
            {
                continue;
            }

            foreach (var property in section.Value.EnumerateObject())
            {
                if (Canonical(properties, property.Name) is { } name)
                {
                    paths.Add($"{sectionName}.{name}");
                }
            }
        }

        return paths;
    }

    private static string? Canonical(JsonObject names, string name) =>
        names.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
