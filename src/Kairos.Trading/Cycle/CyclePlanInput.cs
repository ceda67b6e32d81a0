using Kairos.Core;
using Kairos.Trading.Analysis;
using Kairos.Trading.Scheduling;

namespace Kairos.Trading.Cycle;

/// <summary>Everything the planner decides from; all of it captured at the start of the cycle.</summary>
public sealed record CyclePlanInput
{
    public required CycleWindow Window { get; init; }

    public DateTimeOffset Now { get; init; }

    /// <summary>The NYSE regular session is in progress.</summary>
    public bool NyseOpen { get; init; }

    /// <summary>One row per symbol analysed this cycle (symbols out of the window's scope are absent).</summary>
    public required IReadOnlyList<SymbolAnalysis> Analyses { get; init; }

    /// <summary>The portfolio picks, a subset of <see cref="Analyses"/>.</summary>
    public required IReadOnlyList<SymbolAnalysis> Picks { get; init; }

    /// <summary>Symbols in scope that could not be analysed, with the reason.</summary>
    public IReadOnlyList<(Instrument Instrument, string Reason)> NotAnalysed { get; init; } = [];

    public required IReadOnlyCollection<BookPosition> Positions { get; init; }

    /// <summary>Closed trades of the last days (probe decisions).</summary>
    public IReadOnlyList<ClosedTrade> RecentTrades { get; init; } = [];

    /// <summary>The kill switch is engaged: no new entries.</summary>
    public bool EntriesHalted { get; init; }

    /// <summary>The kill switch asks to close every position.</summary>
    public bool Flatten { get; init; }
}
