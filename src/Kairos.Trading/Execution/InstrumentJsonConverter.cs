using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Core;

namespace Kairos.Trading.Execution;

/// <summary>Writes an <see cref="Instrument"/> as <c>{"symbol":"BTCUSD","assetClass":"Crypto"}</c>, without its derived members.</summary>
internal sealed class InstrumentJsonConverter : JsonConverter<Instrument>
{
    public override Instrument Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An instrument is a JSON object.");
        }

        string? symbol = null;
        AssetClass? assetClass = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "symbol", StringComparison.OrdinalIgnoreCase))
            {
                symbol = reader.GetString();
            }
            else if (string.Equals(name, "assetClass", StringComparison.OrdinalIgnoreCase))
            {
                assetClass = Enum.Parse<AssetClass>(reader.GetString() ?? string.Empty, ignoreCase: true);
            }
            else
            {
                reader.Skip();
            }
        }

        if (symbol is null || assetClass is null)
        {
            throw new JsonException("An instrument needs a symbol and an assetClass.");
        }

        return new Instrument(symbol, assetClass.Value);
    }

    public override void Write(Utf8JsonWriter writer, Instrument value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("symbol", value.Symbol);
        writer.WriteString("assetClass", value.AssetClass.ToString());
        writer.WriteEndObject();
    }
}
