namespace Kairos.Trading.Analysis;

/// <summary>The portfolio of one cycle, in pick order (core by composite score, then fallback, then expansion).</summary>
public sealed record PortfolioPicks(IReadOnlyList<PortfolioPick> Picks)
{
    public static PortfolioPicks Empty { get; } = new([]);

    public int Count => Picks.Count;

    public IEnumerable<string> Symbols => Picks.Select(p => p.Symbol);

    public bool Contains(string symbol) => Picks.Any(p => string.Equals(p.Symbol, symbol, StringComparison.OrdinalIgnoreCase));
}
