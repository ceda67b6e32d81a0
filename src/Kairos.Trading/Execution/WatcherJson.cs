using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kairos.Trading.Execution;

/// <summary>The JSON form of watcher state: camelCase, enums as names, a <c>kind</c> discriminator per watcher.</summary>
public static class WatcherJson
{
    /// <summary>Read-only options; pass them to <see cref="JsonSerializer"/> to embed watchers in a larger document.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(IReadOnlyList<Watcher> watchers) => JsonSerializer.Serialize(watchers, Options);

    public static IReadOnlyList<Watcher> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<Watcher>>(json, Options) ?? throw new JsonException("Watcher state is null.");

    public static string Serialize(Watcher watcher) => JsonSerializer.Serialize(watcher, Options);

    public static Watcher DeserializeOne(string json) =>
        JsonSerializer.Deserialize<Watcher>(json, Options) ?? throw new JsonException("Watcher state is null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
