namespace Kairos.Core.Trading;

/// <summary>Best bid and ask at a moment.</summary>
public sealed record Quote(Instrument Instrument, decimal Bid, decimal Ask, DateTimeOffset Timestamp)
{
    public decimal Mid => (Bid + Ask) / 2m;

    /// <summary>(ask − bid) / mid; 0 when the mid is not positive.</summary>
    public decimal SpreadPct => Mid > 0 ? (Ask - Bid) / Mid : 0m;

    /// <summary>Spread in basis points of the mid.</summary>
    public double SpreadBps => (double)SpreadPct * 1e4;
}
