namespace Kairos.Trading.Analysis;

/// <summary>Which sides a symbol may trade (the spec's <c>MARKETSIM_SYMBOL_SIDE_MAP</c> values buy / sell / both).</summary>
public enum AllowedSides
{
    Both,
    BuyOnly,
    SellOnly,
}
