namespace Kairos.Core;

/// <summary>The New York Stock Exchange calendar: weekdays less holidays and special closures; 252 days a year.</summary>
public sealed class NyseCalendar : IExchangeCalendar
{
    public static NyseCalendar Instance { get; } = new();

    private NyseCalendar()
    {
    }

    public string Name => "NYSE";

    public int TradingDaysPerYear => 252;

    // TODO(calendar): holidays, special closures and half days are filled in with the data work.
    public bool IsTradingDay(DateOnly date) => date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public bool IsHalfDay(DateOnly date) => false;
}
