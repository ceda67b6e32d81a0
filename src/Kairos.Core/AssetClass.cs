namespace Kairos.Core;

/// <summary>The two asset classes Kairos trades. They differ in calendar, fees, shorting and sizing rules.</summary>
public enum AssetClass
{
    /// <summary>US equities and ETFs: NYSE sessions, 252 trading days a year, shorts allowed.</summary>
    Equity,

    /// <summary>Crypto pairs quoted in USD (or a USD stablecoin): trade every day, 365 days a year, never shorted.</summary>
    Crypto,
}
