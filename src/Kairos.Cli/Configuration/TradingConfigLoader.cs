using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kairos.Cli.Configuration;

/// <summary>
/// Reads <see cref="TradingConfig"/> from JSON: property names are camelCase or PascalCase, unknown properties are
/// errors (a misspelt setting must not silently keep its default), durations are "hh:mm:ss" strings, enums by name.
/// Every failure names the file, line and JSON path.
/// </summary>
internal static class TradingConfigLoader
{
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

        if (!File.Exists(path))
        {
            throw new UsageException($"--config: '{path}' does not exist.");
        }

        TradingConfig? config;
        try
        {
            await using var stream = File.OpenRead(path);
            config = await JsonSerializer.DeserializeAsync<TradingConfig>(stream, Options, cancellationToken);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" line {line + 1}" : string.Empty;
            var at = string.IsNullOrEmpty(e.Path) ? string.Empty : $" at {e.Path}";
            throw new UsageException($"--config: '{path}'{where}{at}: {FirstSentence(e.Message)}");
        }

        config ??= new TradingConfig();
        try
        {
            config.BotSettings(null).Validate();
            config.Broker.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--config: '{path}': {e.Message}");
        }

        if (config.Backtest.Simulations < 1 || config.Backtest.WindowDays < 2)
        {
            throw new UsageException($"--config: '{path}': backtest.simulations must be at least 1 and backtest.windowDays at least 2.");
        }

        if (config.Replay.PollMinutes is < 1 or > 360)
        {
            throw new UsageException($"--config: '{path}': replay.pollMinutes must be between 1 and 360.");
        }

        return config;
    }

    public static string Serialize(TradingConfig config) => JsonSerializer.Serialize(config, Options);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
