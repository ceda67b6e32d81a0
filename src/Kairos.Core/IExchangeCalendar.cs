namespace Kairos.Core;

/// <summary>When an instrument trades. Dates are exchange-local session dates.</summary>
public interface IExchangeCalendar
{
    /// <summary>A short name (<c>NYSE</c>, <c>24/7</c>).</summary>
    string Name { get; }

    /// <summary>Periods per year used to annualise daily statistics.</summary>
    int TradingDaysPerYear { get; }

    /// <summary>True when the market holds a session on <paramref name="date"/>.</summary>
    bool IsTradingDay(DateOnly date);

    /// <summary>True when the session on <paramref name="date"/> closes early (NYSE: 13:00 ET).</summary>
    bool IsHalfDay(DateOnly date);
}
