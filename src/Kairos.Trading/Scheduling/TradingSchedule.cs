using Kairos.Core;

namespace Kairos.Trading.Scheduling;

/// <summary>
/// The bot's daily windows in US/Eastern with the NYSE calendar (holidays, half days, daylight saving): the market
/// windows exist only on NYSE trading days, and the market-close window follows the real close (12:00–12:15 ET on a half
/// day; the Python bot used fixed hours — a listed difference). Pure: a simulated clock and the wall clock ask the same
/// questions.
/// </summary>
public sealed class TradingSchedule
{
    private readonly ScheduleSettings _settings;

    public TradingSchedule(ScheduleSettings? settings = null)
    {
        _settings = settings ?? new ScheduleSettings();
        _settings.Validate();
    }

    public ScheduleSettings Settings => _settings;

    /// <summary>Every enabled window of the Eastern date <paramref name="date"/>, in time order.</summary>
    public IReadOnlyList<CycleWindow> WindowsOn(DateOnly date)
    {
        var windows = new List<CycleWindow>(5);
        var session = NyseCalendar.Instance.Session(date);
        if (session is not null)
        {
            Add(windows, CycleWindowKind.MarketOpen, date, session.Open, UsEastern.FromEastern(date, new TimeOnly(10, 0)));
            Add(windows, CycleWindowKind.SecondHour, date, UsEastern.FromEastern(date, new TimeOnly(10, 30)), UsEastern.FromEastern(date, new TimeOnly(11, 0)));
            var end = session.Close - _settings.MarketCloseShift;
            Add(windows, CycleWindowKind.MarketClose, date, end - _settings.MarketCloseWindow, end);
        }

        Add(windows, CycleWindowKind.CryptoEvening, date, UsEastern.FromEastern(date, new TimeOnly(19, 0)), UsEastern.FromEastern(date, new TimeOnly(19, 30)));
        Add(windows, CycleWindowKind.Overnight, date, UsEastern.FromEastern(date, new TimeOnly(22, 0)), UsEastern.FromEastern(date, new TimeOnly(22, 30)));
        windows.Sort((a, b) => a.Start.CompareTo(b.Start));
        return windows;
    }

    /// <summary>The window open at <paramref name="now"/>, if any.</summary>
    public CycleWindow? WindowAt(DateTimeOffset now)
    {
        foreach (var w in WindowsOn(UsEastern.DateOf(now)))
        {
            if (w.Contains(now))
            {
                return w;
            }
        }

        return null;
    }

    /// <summary>The first window whose start is at or after <paramref name="instant"/>.</summary>
    public CycleWindow NextWindow(DateTimeOffset instant)
    {
        var date = UsEastern.DateOf(instant);
        for (var i = 0; i < 10; i++)
        {
            foreach (var w in WindowsOn(date.AddDays(i)))
            {
                if (w.Start >= instant)
                {
                    return w;
                }
            }
        }

        throw new InvalidOperationException($"No enabled window within 10 days of {instant:O}.");
    }

    private void Add(List<CycleWindow> windows, CycleWindowKind kind, DateOnly date, DateTimeOffset start, DateTimeOffset end)
    {
        if (_settings.Enabled.Contains(kind) && end > start)
        {
            windows.Add(new CycleWindow(kind, date, start, end));
        }
    }
}
