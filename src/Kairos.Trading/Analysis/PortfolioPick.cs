namespace Kairos.Trading.Analysis;

/// <summary>One symbol chosen for the portfolio and the rule that chose it.</summary>
public sealed record PortfolioPick(SymbolAnalysis Analysis, PickReason Reason)
{
    public string Symbol => Analysis.Instrument.Symbol;
}
