using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// Venue rules every order passes through before it reaches the broker: time in force, price tick, quantity lot,
/// minimum quantity and minimum notional per asset class (spec §1.6, §6.3; rules in docs/execution.md).
/// Rounding never makes an order more aggressive than asked: buy prices round down, sell prices round up, quantities
/// round down.
/// </summary>
/// <param name="AllowFractionalEquities">When true equities trade in 6-dp lots (DAY orders); otherwise whole shares.</param>
public sealed record OrderRules(bool AllowFractionalEquities = false)
{
    /// <summary>Whole equity shares, crypto in 0.001 lots.</summary>
    public static OrderRules Default { get; } = new();

    private const decimal CryptoLot = 0.001m;
    private const decimal FractionalShareLot = 0.000001m;
    private const decimal CoarsestCryptoTick = 0.01m;
    private const decimal FinestCryptoTick = 0.000000001m;

    /// <summary>Crypto always GTC; equities GTC for whole quantities, DAY for fractional ones (brokers refuse fractional GTC).</summary>
    public static TimeInForce TimeInForceFor(Instrument instrument, decimal quantity)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.IsCrypto)
        {
            return TimeInForce.Gtc;
        }

        return decimal.Truncate(quantity) == quantity ? TimeInForce.Gtc : TimeInForce.Day;
    }

    /// <summary>
    /// The price increment at <paramref name="price"/>. Equities: $0.01 at or above $1, $0.0001 below. Crypto: five
    /// significant figures, never coarser than $0.01 (≥ $100 → 0.01, [10, 100) → 0.001, [1, 10) → 0.0001, …) and never
    /// finer than 1e-9.
    /// </summary>
    public static decimal TickSize(Instrument instrument, decimal price)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (!instrument.IsCrypto)
        {
            return price >= 1m ? 0.01m : 0.0001m;
        }

        var tick = CoarsestCryptoTick;
        var threshold = 100m;
        while (price < threshold && tick > FinestCryptoTick)
        {
            tick /= 10m;
            threshold /= 10m;
        }

        return tick;
    }

    /// <summary>The limit price on the instrument's tick: down for buys, up for sells (never more aggressive than asked).</summary>
    public static decimal RoundPrice(Instrument instrument, decimal price, OrderSide side)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        var tick = TickSize(instrument, price);
        var ticks = price / tick;
        var rounded = side == OrderSide.Buy ? decimal.Floor(ticks) : decimal.Ceiling(ticks);
        return rounded * tick;
    }

    /// <summary>The quantity lot: crypto 0.001; equities 1 share, or 0.000001 with fractional trading.</summary>
    public decimal LotSize(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.IsCrypto)
        {
            return CryptoLot;
        }

        return AllowFractionalEquities ? FractionalShareLot : 1m;
    }

    /// <summary>The smallest order quantity: one lot.</summary>
    public decimal MinimumQuantity(Instrument instrument) => LotSize(instrument);

    /// <summary>The smallest order value the venue accepts: $10 crypto, $1 equities.</summary>
    public static decimal MinimumNotional(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.IsCrypto ? 10m : 1m;
    }

    /// <summary>Floors a non-negative quantity to the lot; negative input gives 0.</summary>
    public decimal RoundQuantity(Instrument instrument, decimal quantity)
    {
        if (quantity <= 0m)
        {
            return 0m;
        }

        var lot = LotSize(instrument);
        return decimal.Floor(quantity / lot) * lot;
    }

    /// <summary>Null when the order passes the minimums, else why not.</summary>
    public string? CheckMinimums(Instrument instrument, decimal quantity, decimal price)
    {
        var minQty = MinimumQuantity(instrument);
        if (quantity < minQty)
        {
            return $"quantity {quantity} is below the minimum {minQty} for {instrument.Symbol}";
        }

        var minNotional = MinimumNotional(instrument);
        if (quantity * price < minNotional)
        {
            return $"notional {quantity * price:0.##} is below the minimum ${minNotional} for {instrument.Symbol}";
        }

        return null;
    }
}
