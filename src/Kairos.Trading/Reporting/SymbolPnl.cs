namespace Kairos.Trading.Reporting;

/// <summary>
/// P&amp;L of one symbol over a run: <see cref="Realized"/> from its closed trades (after their fees, which
/// <see cref="Fees"/> repeats for information), <see cref="Unrealized"/> from the position still open at the end.
/// </summary>
public sealed record SymbolPnl(string Symbol, decimal Realized, decimal Unrealized, decimal Fees, int Trades)
{
    public decimal Total => Realized + Unrealized;
}
