namespace Kairos.Brokers.Alpaca;

/// <summary>Which Alpaca host a request goes to.</summary>
internal enum AlpacaApi
{
    Trading,
    Data,
}
