namespace Kairos.Trading.Scheduling;

/// <summary>One occurrence of a scheduled window: its kind, the Eastern date it belongs to and its span.</summary>
public sealed record CycleWindow(CycleWindowKind Kind, DateOnly EasternDate, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>
    /// Which occurrence of the kind on its date, from 1. Scheduled windows occur once a day; an
    /// <see cref="CycleWindowKind.Initial"/> cycle runs at every start, so a second start on the same day is occurrence 2.
    /// </summary>
    public int Occurrence { get; init; } = 1;

    /// <summary>
    /// A stable key for "already ran" bookkeeping and order ids, e.g. <c>2026-03-09/market-open</c>; a later occurrence
    /// adds its number (<c>2026-03-09/initial-2</c>).
    /// </summary>
    public string Key => Occurrence == 1 ? $"{EasternDate:yyyy-MM-dd}/{Name}" : $"{EasternDate:yyyy-MM-dd}/{Name}-{Occurrence}";

    public string Name => Kind switch
    {
        CycleWindowKind.MarketOpen => "market-open",
        CycleWindowKind.SecondHour => "second-hour",
        CycleWindowKind.MarketClose => "market-close",
        CycleWindowKind.CryptoEvening => "crypto-evening",
        CycleWindowKind.Overnight => "overnight",
        CycleWindowKind.Initial => "initial",
        _ => throw new InvalidOperationException($"Unknown window {Kind}."),
    };

    /// <summary>Only crypto is analysed and traded (the NYSE is closed).</summary>
    public bool CryptoOnly => Kind is CycleWindowKind.CryptoEvening or CycleWindowKind.Overnight;

    /// <summary>Only the closing rules run; no new entries.</summary>
    public bool CloseOnly => Kind == CycleWindowKind.MarketClose;

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
