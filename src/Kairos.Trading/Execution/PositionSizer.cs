using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Execution;

/// <summary>
/// Entry quantity from a fresh account snapshot (spec §7.1 simple sizing, with the stale-equity defect fixed):
/// crypto notional = equity × <see cref="RiskSettings.CryptoEquityFraction"/>; equities notional = buying power ×
/// risk threshold / 2; then cut to the per-symbol room (cap × equity − the symbol's exposure) and the portfolio room
/// (gross cap × equity − all exposure), where exposure is |position value| plus the exposure-adding part of open orders.
/// Crypto is never shorted. Below one lot the quantity is raised to one lot when the caps leave room for it (the spec's
/// min-qty raise), else 0.
/// </summary>
public sealed class PositionSizer(RiskSettings settings, OrderRules rules)
{
    private readonly RiskSettings _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
    private readonly OrderRules _rules = rules ?? throw new ArgumentNullException(nameof(rules));

    public SizingDecision Size(SizingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = request.Account;
        var instrument = request.Instrument;
        var threshold = _settings.RiskThreshold(account.Equity - account.LastEquity);

        if (instrument.IsCrypto && request.Side == OrderSide.Sell)
        {
            return SizingDecision.Zero(0m, threshold, SizingCaps.None, "crypto is never shorted");
        }

        if (request.Price <= 0m)
        {
            return SizingDecision.Zero(0m, threshold, SizingCaps.None, $"no usable price ({request.Price})");
        }

        if (account.Equity <= 0m)
        {
            return SizingDecision.Zero(0m, threshold, SizingCaps.None, $"equity is {account.Equity}");
        }

        var baseNotional = instrument.IsCrypto
            ? account.Equity * _settings.CryptoEquityFraction
            : account.BuyingPower * threshold / 2m;
        if (baseNotional <= 0m)
        {
            return SizingDecision.Zero(baseNotional, threshold, SizingCaps.None, "no buying power");
        }

        var symbolExposure = 0m;
        var grossExposure = 0m;
        foreach (var position in request.Positions)
        {
            var value = Math.Abs(position.MarketValue);
            grossExposure += value;
            if (position.Instrument == instrument)
            {
                symbolExposure += value;
            }
        }

        foreach (var order in request.OpenOrders)
        {
            var value = AddedExposure(order, request.Positions);
            grossExposure += value;
            if (order.Instrument == instrument)
            {
                symbolExposure += value;
            }
        }

        var symbolRoom = (_settings.MaxSymbolExposure * account.Equity) - symbolExposure;
        var grossRoom = (_settings.MaxGrossExposure * account.Equity) - grossExposure;
        var caps = SizingCaps.None;
        if (symbolRoom < baseNotional)
        {
            caps |= SizingCaps.Symbol;
        }

        if (grossRoom < baseNotional)
        {
            caps |= SizingCaps.Gross;
        }

        var room = Math.Min(symbolRoom, grossRoom);
        if (symbolRoom <= 0m)
        {
            return SizingDecision.Zero(baseNotional, threshold, caps, $"{instrument.Symbol} exposure {symbolExposure:0.##} is at the {_settings.MaxSymbolExposure:P0} cap");
        }

        if (grossRoom <= 0m)
        {
            return SizingDecision.Zero(baseNotional, threshold, caps, $"gross exposure {grossExposure:0.##} is at the {_settings.MaxGrossExposure:P0} cap");
        }

        var notional = Math.Min(baseNotional, room);
        var quantity = _rules.RoundQuantity(instrument, notional / request.Price);
        var minQuantity = _rules.MinimumQuantity(instrument);
        if (quantity < minQuantity)
        {
            if (minQuantity * request.Price > room)
            {
                return SizingDecision.Zero(baseNotional, threshold, caps, $"one lot ({minQuantity} at {request.Price}) does not fit the remaining room {room:0.##}");
            }

            quantity = minQuantity;
        }

        var why = _rules.CheckMinimums(instrument, quantity, request.Price);
        if (why is not null)
        {
            return SizingDecision.Zero(baseNotional, threshold, caps, why);
        }

        return new SizingDecision(quantity, quantity * request.Price, baseNotional, threshold, caps, null);
    }

    /// <summary>
    /// The part of an open order that adds exposure: all of it when it is on the position's side (or there is no
    /// position), only what would flip the position when it is on the other side. Valued at its limit, or at the
    /// position's mark for a market order.
    /// </summary>
    private static decimal AddedExposure(Order order, IReadOnlyList<Position> positions)
    {
        var held = 0m;
        var mark = 0m;
        foreach (var position in positions)
        {
            if (position.Instrument == order.Instrument)
            {
                held += position.Quantity;
                mark = position.MarketPrice;
            }
        }

        var remaining = order.RemainingQuantity;
        var signedHeld = order.Side == OrderSide.Buy ? held : -held;
        var adding = signedHeld >= 0m ? remaining : Math.Max(0m, remaining + signedHeld);
        return adding * (order.LimitPrice ?? mark);
    }
}
