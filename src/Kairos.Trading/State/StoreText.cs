using System.Globalization;
using System.Text;
using System.Text.Json;
using Kairos.Backtesting.Strategies;
using Kairos.Core;

namespace Kairos.Trading.State;

/// <summary>
/// How values are stored: enums as snake_case text (stable across renumbering), strategies by their report names,
/// money and quantities as invariant decimal text (exact, scale kept), instants as UTC ticks (exact, sortable).
/// </summary>
internal static class StoreText
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Enum<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    public static T ParseEnum<T>(string text, string column)
        where T : struct, Enum
    {
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (Enum(value) == text)
            {
                return value;
            }
        }

        throw new InvalidDataException($"Unknown {typeof(T).Name} '{text}' in column {column}.");
    }

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static object DecimalOrNull(decimal? value) => value is { } v ? Decimal(v) : DBNull.Value;

    public static decimal ParseDecimal(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    public static long Instant(DateTimeOffset value) => value.UtcTicks;

    public static object InstantOrNull(DateTimeOffset? value) => value is { } v ? v.UtcTicks : DBNull.Value;

    public static DateTimeOffset ParseInstant(long ticks) => new(ticks, TimeSpan.Zero);

    public static string Strategy(StrategyKind kind) => kind.Name();

    public static object StrategyOrNull(StrategyKind? kind) => kind is { } k ? k.Name() : DBNull.Value;

    public static string AssetClass(AssetClass assetClass) => Enum(assetClass);

    public static Instrument Instrument(string symbol, string assetClass) => new(symbol, ParseEnum<AssetClass>(assetClass, "asset_class"));

    public static object OrNull(string? value) => value is null ? DBNull.Value : value;
}
