namespace Kairos.Cli.Configuration;

/// <summary>What is traded and how (<c>TRADABLE_PAIRS</c>, <c>PAPER</c>).</summary>
internal sealed record TradingSection
{
    /// <summary>Paper trading; false asks for real money, which needs a live broker (refused by <c>kairos run</c> until one exists).</summary>
    public bool Paper { get; init; } = true;

    /// <summary>The universe; null means every symbol of the data source. <c>--symbols</c> overrides it.</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>The symbols as <c>--symbols</c> takes them (comma-separated), or null for all.</summary>
    public string? SymbolsText() => Symbols is null ? null : string.Join(',', Symbols);

    public void Validate()
    {
        if (Symbols is { Count: 0 })
        {
            throw new ArgumentException("trading.symbols must be null (every symbol) or name at least one symbol.", nameof(Symbols));
        }

        if (Symbols is not null && Symbols.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("trading.symbols cannot contain an empty symbol.", nameof(Symbols));
        }
    }
}
