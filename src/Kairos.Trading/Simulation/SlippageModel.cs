using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>
/// Slippage of an order that takes liquidity (market orders, marketable limits), in basis points of the path price
/// (spec §10): a base by liquidity tier, plus a size term <c>min(SizeCapBps, SizeBpsPerMillion × notional / 1e6)</c>,
/// plus <c>RangeFactor</c> × the bar's range in bps of its open (a volatile day costs more to cross).
/// </summary>
public sealed record SlippageModel
{
    /// <summary>Mega caps and the major crypto pairs.</summary>
    public double MegaCapBps { get; init; } = 3;

    public double OtherCryptoBps { get; init; } = 8;

    public double OtherEquityBps { get; init; } = 20;

    public double SizeBpsPerMillion { get; init; } = 0.5;

    public double SizeCapBps { get; init; } = 30;

    public double RangeFactor { get; init; } = 0.2;

    private static readonly HashSet<string> MegaCapSymbols = new(StringComparer.OrdinalIgnoreCase)
    {
        "AAPL", "MSFT", "AMZN", "NVDA", "META", "GOOG", "SOLUSD",
    };

    /// <summary>The tier's base slippage: mega caps (AAPL, MSFT, AMZN, NVDA, META, GOOG, BTC*, ETH*, SOLUSD), other crypto, other equities.</summary>
    public double BaseBps(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var symbol = instrument.Symbol;
        if (MegaCapSymbols.Contains(symbol)
            || (instrument.IsCrypto && (symbol.StartsWith("BTC", StringComparison.Ordinal) || symbol.StartsWith("ETH", StringComparison.Ordinal))))
        {
            return MegaCapBps;
        }

        return instrument.IsCrypto ? OtherCryptoBps : OtherEquityBps;
    }

    /// <summary>Total slippage for a fill of <paramref name="notional"/> dollars on a day whose bar is <paramref name="bar"/>.</summary>
    public double Bps(Instrument instrument, decimal notional, Bar bar)
    {
        var size = Math.Min(SizeCapBps, SizeBpsPerMillion * (double)Math.Abs(notional) / 1e6);
        var rangeBps = bar.Open > 0 ? (bar.High - bar.Low) / bar.Open * 1e4 : 0;
        return BaseBps(instrument) + size + (RangeFactor * rangeBps);
    }
}
