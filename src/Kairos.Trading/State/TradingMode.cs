namespace Kairos.Trading.State;

/// <summary>What a run trades against: the built-in market simulator, a paper account or real money.</summary>
public enum TradingMode
{
    Simulate,
    Paper,
    Live,
}
