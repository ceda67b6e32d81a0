using System.Globalization;
using System.Text.Json;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// Readers for Alpaca payloads. The Trading API sends numbers as JSON strings (<c>"qty": "0.1"</c>); they are parsed
/// into <see cref="decimal"/> exactly, never through <see cref="double"/>. JSON numbers (market data) are read the same way.
/// </summary>
internal static class AlpacaJson
{
    public static decimal? Decimal(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } s => ParseDecimal(s, name),
            JsonValueKind.Number => value.GetDecimal(),
            _ => null,
        };
    }

    public static decimal DecimalOr(JsonElement obj, string name, decimal fallback) => Decimal(obj, name) ?? fallback;

    public static decimal ParseDecimal(string text, string name) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new AlpacaException(AlpacaFailureKind.Rejected, null, null, $"Alpaca sent a field '{name}' that is not a number: '{text}'");

    public static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string RequiredString(JsonElement obj, string name) =>
        String(obj, name) ?? throw new AlpacaException(AlpacaFailureKind.Rejected, null, null, $"Alpaca payload lacks the field '{name}'");

    public static bool Bool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    public static DateTimeOffset? Time(JsonElement obj, string name) =>
        String(obj, name) is { Length: > 0 } s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;

    public static double Double(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : 0d;

    /// <summary>Decimal text as Alpaca accepts it in request bodies: invariant, no exponent, no trailing zeros.</summary>
    public static string Format(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>An RFC-3339 UTC timestamp with microseconds for query strings.</summary>
    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
