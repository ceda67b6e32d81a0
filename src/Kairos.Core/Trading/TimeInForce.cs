namespace Kairos.Core.Trading;

/// <summary>How long an order rests (spec §6.3: crypto always GTC; equities GTC for whole quantities, DAY for fractional).</summary>
public enum TimeInForce
{
    /// <summary>Expires at the end of the regular session it was placed in (or the next one, when placed outside hours).</summary>
    Day,

    /// <summary>Good till cancelled.</summary>
    Gtc,

    /// <summary>Immediate or cancel: fills what it can at once, the rest is cancelled.</summary>
    Ioc,
}
