namespace Kairos.Brokers.Alpaca;

/// <summary>The <c>status</c> filter of Alpaca's order list.</summary>
public enum AlpacaOrderQueryStatus
{
    Open,
    Closed,
    All,
}
