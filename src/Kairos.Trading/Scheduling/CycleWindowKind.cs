namespace Kairos.Trading.Scheduling;

/// <summary>The once-a-day windows of spec §1.2, in the order a day meets them.</summary>
public enum CycleWindowKind
{
    /// <summary>09:30–10:00 ET on NYSE days: analyse everything, full portfolio, manage positions.</summary>
    MarketOpen,

    /// <summary>10:30–11:00 ET on NYSE days: analyse, a 4-pick portfolio without expansion, manage positions.</summary>
    SecondHour,

    /// <summary>The 15 minutes ending 45 minutes before the close (15:00–15:15 ET; 12:00–12:15 on half days): closing rules only.</summary>
    MarketClose,

    /// <summary>19:00–19:30 ET every day: crypto only.</summary>
    CryptoEvening,

    /// <summary>22:00–22:30 ET every day: analyse (crypto, the NYSE being closed), full portfolio.</summary>
    Overnight,

    /// <summary>
    /// Not on the schedule: the cycle a wall-clock start runs when no window is open (spec §1.2 INITIAL) — analyse the
    /// whole universe, full portfolio, manage positions. Its span is nominal (30 minutes from the start).
    /// </summary>
    Initial,
}
