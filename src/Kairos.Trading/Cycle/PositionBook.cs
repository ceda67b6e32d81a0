using Kairos.Core.Trading;

namespace Kairos.Trading.Cycle;

/// <summary>
/// Positions built from fills, in fill order. A fill that grows a position re-averages its entry price; one that shrinks
/// it realises P&amp;L; when a position reaches zero a <see cref="ClosedTrade"/> comes out with the strategy that opened
/// it and the reason of the order that closed it. A fill that crosses zero closes the trade and opens the remainder as a
/// new position of the filling order's strategy. Fees are charged to the trade: entry fees pro rata to the quantity
/// closed, exit fees in full.
/// </summary>
public sealed class PositionBook
{
    private readonly Dictionary<string, BookPosition> _positions = new(StringComparer.Ordinal);

    public PositionBook()
    {
    }

    public PositionBook(IEnumerable<BookPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        foreach (var p in positions)
        {
            _positions[p.Instrument.Symbol] = p;
        }
    }

    public IReadOnlyCollection<BookPosition> Positions => _positions.Values;

    public BookPosition? Get(string symbol) => _positions.GetValueOrDefault(symbol);

    /// <summary>Applies one fill; returns the trade it closed, if any.</summary>
    public ClosedTrade? Apply(Fill fill, OrderTag tag)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentNullException.ThrowIfNull(tag);
        var symbol = fill.Instrument.Symbol;
        var signed = fill.SignedQuantity;
        if (!_positions.TryGetValue(symbol, out var p) || p.Quantity == 0)
        {
            _positions[symbol] = Open(fill, tag, signed, fill.Fee);
            return null;
        }

        if (Math.Sign(p.Quantity) == Math.Sign(signed))
        {
            var total = p.Quantity + signed;
            _positions[symbol] = p with
            {
                Quantity = total,
                AverageEntryPrice = ((p.AverageEntryPrice * Math.Abs(p.Quantity)) + (fill.Price * fill.Quantity)) / Math.Abs(total),
                OpenFees = p.OpenFees + fill.Fee,
            };
            return null;
        }

        var closing = Math.Min(Math.Abs(p.Quantity), fill.Quantity);
        var exitFee = fill.Fee * closing / fill.Quantity;
        var entryFee = p.OpenFees * closing / Math.Abs(p.Quantity);
        var direction = p.Quantity > 0 ? 1m : -1m;
        var gross = (fill.Price - p.AverageEntryPrice) * closing * direction;
        var remaining = p.Quantity + (closing * -direction);
        var updated = p with
        {
            Quantity = remaining,
            OpenFees = p.OpenFees - entryFee,
            RealizedSoFar = p.RealizedSoFar + gross - entryFee - exitFee,
            FeesSoFar = p.FeesSoFar + entryFee + exitFee,
            ExitNotionalSoFar = p.ExitNotionalSoFar + (fill.Price * closing),
            ClosedQuantitySoFar = p.ClosedQuantitySoFar + closing,
        };
        if (remaining != 0)
        {
            _positions[symbol] = updated;
            return null;
        }

        _positions.Remove(symbol);
        var trade = new ClosedTrade(
            p.Instrument,
            direction > 0 ? OrderSide.Buy : OrderSide.Sell,
            p.Strategy,
            updated.ClosedQuantitySoFar,
            p.AverageEntryPrice,
            updated.ExitNotionalSoFar / updated.ClosedQuantitySoFar,
            p.OpenedAt,
            fill.Timestamp,
            updated.RealizedSoFar,
            updated.FeesSoFar,
            tag.IsEntry ? "reversed_by_entry" : tag.Reason);
        var rest = fill.Quantity - closing;
        if (rest > 0)
        {
            _positions[symbol] = Open(fill, tag, rest * Math.Sign(signed), fill.Fee - exitFee);
        }

        return trade;
    }

    private static BookPosition Open(Fill fill, OrderTag tag, decimal signedQuantity, decimal fee) => new()
    {
        Instrument = fill.Instrument,
        Quantity = signedQuantity,
        AverageEntryPrice = fill.Price,
        Strategy = tag.Strategy,
        OpenedAt = fill.Timestamp,
        OpenFees = fee,
        IsProbe = tag.Probe,
    };
}
