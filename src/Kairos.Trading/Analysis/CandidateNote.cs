using Kairos.Backtesting.Strategies;

namespace Kairos.Trading.Analysis;

/// <summary>Why one strategy of a symbol was not the selected one (or why the symbol was skipped at that strategy).</summary>
public sealed record CandidateNote(StrategyKind Strategy, string Reason)
{
    public override string ToString() => $"{Strategy.Name()}: {Reason}";
}
