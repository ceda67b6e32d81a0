namespace Kairos.Core.Trading;

/// <summary>How an order prices itself.</summary>
public enum OrderType
{
    /// <summary>Fills at the market price (never used for crypto by the bot, spec §6.3).</summary>
    Market,

    /// <summary>Fills at the limit price or better.</summary>
    Limit,
}
