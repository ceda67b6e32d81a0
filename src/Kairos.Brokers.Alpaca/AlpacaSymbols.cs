using Kairos.Core;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// Symbol forms at the Alpaca edge. Kairos spells crypto pairs without a slash (<c>BTCUSD</c>, <c>SUIUSDT</c>);
/// Alpaca wants <c>BTC/USD</c> for orders, assets and market data but <c>BTCUSD</c> for positions (a slash there is a
/// 404). Equity symbols are the same everywhere.
/// </summary>
public static class AlpacaSymbols
{
    // Longest first, so BTCUSDT splits as BTC/USDT and not BTCU/SDT… or BTCUSD/T.
    private static readonly string[] Quotes = ["USDT", "USDC", "USD", "BTC"];

    /// <summary>The form orders, assets and market data take: <c>BTC/USD</c> for crypto, the ticker for equities.</summary>
    public static string ToOrderSymbol(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!instrument.IsCrypto)
        {
            return instrument.Symbol;
        }

        foreach (var quote in Quotes)
        {
            if (instrument.Symbol.Length > quote.Length && instrument.Symbol.EndsWith(quote, StringComparison.Ordinal))
            {
                return $"{instrument.Symbol[..^quote.Length]}/{quote}";
            }
        }

        throw new ArgumentException($"crypto symbol {instrument.Symbol} has no known quote currency (USD, USDT, USDC, BTC)", nameof(instrument));
    }

    /// <summary>The form market data takes (the same as orders).</summary>
    public static string ToDataSymbol(Instrument instrument) => ToOrderSymbol(instrument);

    /// <summary>The form the positions endpoints take: <c>BTCUSD</c> for crypto, the ticker for equities.</summary>
    public static string ToPositionSymbol(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Symbol;
    }

    /// <summary>
    /// The Kairos instrument for a symbol Alpaca sent, in either form. <paramref name="assetClass"/> is Alpaca's
    /// <c>asset_class</c>/<c>class</c> field (<c>us_equity</c>, <c>crypto</c>) when the payload has one; a slash marks crypto.
    /// </summary>
    public static Instrument FromAlpaca(string symbol, string? assetClass = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var crypto = symbol.Contains('/', StringComparison.Ordinal) || string.Equals(assetClass, "crypto", StringComparison.OrdinalIgnoreCase);
        return new Instrument(symbol.Replace("/", string.Empty, StringComparison.Ordinal), crypto ? AssetClass.Crypto : AssetClass.Equity);
    }
}
