namespace Kairos.Core;

/// <summary>Crypto markets trade every calendar day (UTC dates) and annualise over 365 days.</summary>
public sealed class CryptoCalendar : IExchangeCalendar
{
    public static CryptoCalendar Instance { get; } = new();

    private CryptoCalendar()
    {
    }

    public string Name => "24/7";

    public int TradingDaysPerYear => 365;

    public bool IsTradingDay(DateOnly date) => true;

    public bool IsHalfDay(DateOnly date) => false;
}
