namespace Kairos.Core;

/// <summary>A tradable symbol and its asset class. Symbols are upper case without a slash (<c>BTCUSD</c>, <c>AAPL</c>).</summary>
public sealed record Instrument
{
    public Instrument(string symbol, AssetClass assetClass)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        Symbol = symbol.Trim().ToUpperInvariant();
        AssetClass = assetClass;
    }

    public string Symbol { get; }

    public AssetClass AssetClass { get; }

    public bool IsCrypto => AssetClass == AssetClass.Crypto;

    /// <summary>The calendar the instrument trades on.</summary>
    public IExchangeCalendar Calendar => AssetClass == AssetClass.Crypto ? CryptoCalendar.Instance : NyseCalendar.Instance;

    /// <summary>Periods per year used to annualise daily statistics: 365 for crypto, 252 for equities.</summary>
    public int TradingDaysPerYear => Calendar.TradingDaysPerYear;

    /// <summary>
    /// Classifies a symbol by its form: a pair ending in USD, USDT or USDC whose base is at least two letters is crypto,
    /// anything else is an equity. Callers with better knowledge (a broker's asset list) pass the class explicitly.
    /// </summary>
    public static Instrument Infer(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var s = symbol.Trim().ToUpperInvariant().Replace("/", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var quote in (ReadOnlySpan<string>)["USDT", "USDC", "USD"])
        {
            if (s.Length >= quote.Length + 2 && s.EndsWith(quote, StringComparison.Ordinal))
            {
                return new Instrument(s, AssetClass.Crypto);
            }
        }

        return new Instrument(s, AssetClass.Equity);
    }

    public override string ToString() => Symbol;
}
