using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>The price paths of ramp entries (spec §6.4) and back-out exits (spec §6.7), unrounded.</summary>
public static class PriceRamps
{
    /// <summary>
    /// The ramp entry limit after <paramref name="elapsed"/>: linear from bid to ask for buys (crypto from
    /// bid × (1 − offset)), from ask to bid for sells (crypto from ask × (1 + offset)), then stays at the far side.
    /// </summary>
    public static decimal RampEntryPrice(Instrument instrument, OrderSide side, Quote quote, TimeSpan elapsed, WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(settings);
        var progress = Progress(elapsed, settings.RampDuration);
        var cryptoOffset = instrument.IsCrypto ? settings.CryptoRampOffset : 0m;
        var (start, end) = side == OrderSide.Buy
            ? (quote.Bid * (1m - cryptoOffset), quote.Ask)
            : (quote.Ask * (1m + cryptoOffset), quote.Bid);
        return start + ((end - start) * progress);
    }

    /// <summary>
    /// The back-out step after <paramref name="elapsed"/>. For a long the limit is bid × (1 + offset); for a short
    /// ask × (1 − offset). The offset moves linearly from the start offset (+0.3 %) to the target over the ramp: the
    /// soft cross (−0.4 %) while the close is at least 30 minutes away, sliding to the final cross (−2 %) inside the
    /// last 30 minutes, and the final cross for crypto and when there is no close ahead (<paramref name="timeToClose"/>
    /// null). A market order replaces the limit only for equities, only while <paramref name="marketOpen"/>, only after
    /// 80 minutes or within 3 minutes of the close, and only while the spread is at most 1 %.
    /// </summary>
    public static BackoutStep Backout(
        Instrument instrument,
        OrderSide positionSide,
        Quote quote,
        TimeSpan elapsed,
        TimeSpan? timeToClose,
        bool marketOpen,
        WatcherSettings settings)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(quote);
        ArgumentNullException.ThrowIfNull(settings);

        decimal target;
        if (instrument.IsCrypto || timeToClose is null)
        {
            target = settings.BackoutFinalCross;
        }
        else if (timeToClose.Value >= settings.BackoutCloseBuffer)
        {
            target = settings.BackoutSoftCross;
        }
        else
        {
            var inside = 1m - Progress(timeToClose.Value, settings.BackoutCloseBuffer);
            target = settings.BackoutSoftCross + ((settings.BackoutFinalCross - settings.BackoutSoftCross) * inside);
        }

        var offset = settings.BackoutStartOffset + ((target - settings.BackoutStartOffset) * Progress(elapsed, settings.RampDuration));
        var limit = positionSide == OrderSide.Buy ? quote.Bid * (1m + offset) : quote.Ask * (1m - offset);

        if (instrument.IsCrypto)
        {
            return new BackoutStep(limit, offset, false, "crypto closes with limits only");
        }

        var late = elapsed >= settings.BackoutMarketAfter;
        var nearClose = timeToClose is { } ttc && ttc <= settings.BackoutCloseForce;
        if (!marketOpen || !(late || nearClose))
        {
            return new BackoutStep(limit, offset, false, marketOpen ? "limit ramp" : "market closed: limit only");
        }

        if (quote.SpreadPct > settings.MarketOrderMaxSpread)
        {
            return new BackoutStep(limit, offset, false, $"spread {quote.SpreadPct:P2} too wide for a market order");
        }

        return new BackoutStep(limit, offset, true, late ? "ramp over: market order" : "close is near: market order");
    }

    /// <summary>elapsed / duration clamped to [0, 1], exact in decimal.</summary>
    private static decimal Progress(TimeSpan elapsed, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero || elapsed >= duration)
        {
            return 1m;
        }

        return elapsed <= TimeSpan.Zero ? 0m : (decimal)elapsed.Ticks / duration.Ticks;
    }
}
