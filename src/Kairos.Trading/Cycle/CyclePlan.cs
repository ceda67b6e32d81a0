namespace Kairos.Trading.Cycle;

/// <summary>The decisions of one cycle: positions to close, picks to enter, exits to refresh, and a decision per symbol.</summary>
public sealed record CyclePlan(
    IReadOnlyList<PlannedClose> Closes,
    IReadOnlyList<PlannedEntry> Entries,
    IReadOnlyList<PlannedExitRefresh> ExitRefreshes,
    IReadOnlyList<CycleDecision> Decisions);
