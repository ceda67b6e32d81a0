using Kairos.Core;

namespace Kairos.Backtesting.Costs;

/// <summary>
/// Fees and assumed spreads per asset class. Fees are fractions of notional charged per fill (the broker's published
/// schedule: crypto 0.25 %, equities 0.0000278 — regulatory pass-through fees only). Historical bars carry no quotes, so
/// the spread is an assumption in basis points of the mid: the trading cycle's own "unknown spread" caps (35 bps for the
/// major crypto pairs, 8 bps for mega-cap equities, 25 bps otherwise) rather than the Python bot's 5 % default.
/// </summary>
public sealed record CostModel
{
    public double CryptoFee { get; init; } = 0.0025;

    public double EquityFee { get; init; } = 0.0000278;

    /// <summary>Assumed spread (bps of mid) by symbol; symbols not listed use the class defaults below.</summary>
    public IReadOnlyDictionary<string, double> SpreadBpsBySymbol { get; init; } = DefaultSpreadOverrides;

    public double CryptoSpreadBps { get; init; } = 35;

    public double EquitySpreadBps { get; init; } = 25;

    public static IReadOnlyDictionary<string, double> DefaultSpreadOverrides { get; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["AAPL"] = 8,
        ["MSFT"] = 8,
        ["AMZN"] = 8,
        ["NVDA"] = 8,
        ["META"] = 8,
        ["GOOG"] = 8,
    };

    /// <summary>The fee and spread that apply to one instrument.</summary>
    public TradingCosts For(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var fee = instrument.IsCrypto ? CryptoFee : EquityFee;
        var spread = SpreadBpsBySymbol.TryGetValue(instrument.Symbol, out var s) ? s : instrument.IsCrypto ? CryptoSpreadBps : EquitySpreadBps;
        return new TradingCosts(fee, spread);
    }

    public void Validate()
    {
        Check(CryptoFee, nameof(CryptoFee), 0.1);
        Check(EquityFee, nameof(EquityFee), 0.1);
        Check(CryptoSpreadBps, nameof(CryptoSpreadBps), 1000);
        Check(EquitySpreadBps, nameof(EquitySpreadBps), 1000);
        foreach (var (symbol, bps) in SpreadBpsBySymbol)
        {
            Check(bps, $"{nameof(SpreadBpsBySymbol)}[{symbol}]", 1000);
        }
    }

    private static void Check(double value, string name, double max)
    {
        if (!(value >= 0 && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must lie in [0, {max}].");
        }
    }
}
