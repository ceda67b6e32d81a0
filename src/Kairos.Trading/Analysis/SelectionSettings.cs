using Kairos.Backtesting.Strategies;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Trading.Analysis;

/// <summary>
/// Thresholds of strategy selection, gates and scores (spec §5.6–§5.9, defaults from §9). Returns, moves and costs are in
/// basis points where the name says Bps, else fractions. Immutable; call <see cref="Validate"/> once where it is built.
/// </summary>
public sealed record SelectionSettings
{
    public static SelectionSettings Default { get; } = new();

    public bool AllowMaxDiff { get; init; } = true;

    public bool AllowMaxDiffAlwaysOn { get; init; } = true;

    public bool AllowPctDiff { get; init; } = true;

    public bool AllowHighLow { get; init; }

    public bool AllowTakeProfit { get; init; }

    /// <summary>Entry gate: the average daily return must reach max(cost + margin, floor), in bps.</summary>
    public double CryptoReturnFloorBps { get; init; } = 40;

    public double StockReturnFloorBps { get; init; } = 15;

    public double CostMarginBps { get; init; } = 10;

    public double CryptoCostBps { get; init; } = 20;

    public double StockCostBps { get; init; } = 6;

    /// <summary>Extra expected cost for symbols known to trade wide (the spec's +25 bps list).</summary>
    public IReadOnlyDictionary<string, double> ExtraCostBpsBySymbol { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        ["META"] = 25,
        ["AMD"] = 25,
        ["LCID"] = 25,
        ["QUBT"] = 25,
    };

    public double MinSharpe { get; init; } = 0.5;

    /// <summary>
    /// Entry gate minimum of walk-forward simulations (the Python row count; see docs/selection.md): with the default 70
    /// simulations every stock fails it and the major crypto pairs pass it. A soft gate: a positive forecast bypasses it.
    /// </summary>
    public int MinSamples { get; init; } = 120;

    public int MinSamplesMajorCrypto { get; init; } = 60;

    /// <summary>Base currencies of the "major" crypto pairs (BTCUSD, ETHUSD, SOLUSD, UNIUSD): fewer samples, wider spread cap.</summary>
    public IReadOnlyList<string> MajorCryptoBases { get; init; } = ["BTC", "ETH", "SOL", "UNI"];

    /// <summary>The worst simulation's drawdown must not be below this (a negative fraction).</summary>
    public double MaxDrawdownFloor { get; init; } = -0.08;

    public double MaxTurnover { get; init; } = 2;

    /// <summary>Turnover above <see cref="MaxTurnover"/> is tolerated only with at least this Sharpe.</summary>
    public double HighTurnoverMinSharpe { get; init; } = 0.8;

    /// <summary>Edge gate: |calibrated move| must reach this many bps.</summary>
    public double CryptoEdgeNeedBps { get; init; } = 40;

    public double StockEdgeNeedBps { get; init; } = 16;

    /// <summary>Consensus gate: |Ĉ/C − 1| below this is "no directional signal".</summary>
    public double ConsensusMinMove { get; init; } = 0.001;

    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(180);

    public TimeSpan LossBlockWindow { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Turns every gating reason off (the loss block stays: it is not a gate of §5.7's list).</summary>
    public bool DisableGates { get; init; }

    /// <summary>
    /// Strategies that bypass every gate but "missing bid/ask". V1 (the primary reference) exempts the whole limit family;
    /// V2 dropped pctdiff. Their edge is the intraday range, not the close-to-close move the other gates measure.
    /// </summary>
    public IReadOnlySet<StrategyKind> GateExemptStrategies { get; init; } = new HashSet<StrategyKind> { StrategyKind.MaxDiff, StrategyKind.MaxDiffAlwaysOn, StrategyKind.PctDiff };

    /// <summary>Per-symbol side restriction (<see cref="ParseSideMap"/>); symbols not listed may trade both sides.</summary>
    public IReadOnlyDictionary<string, AllowedSides> SideMap { get; init; } = new Dictionary<string, AllowedSides>(StringComparer.OrdinalIgnoreCase);

    public double MajorCryptoSpreadCapBps { get; init; } = 35;

    public double MegaCapSpreadCapBps { get; init; } = 8;

    public double DefaultSpreadCapBps { get; init; } = 25;

    public IReadOnlySet<string> MegaCapSymbols { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "AAPL", "MSFT", "AMZN", "NVDA", "META", "GOOG" };

    /// <summary>Whether configuration lets a strategy be selected: simple and all-signals always; benchmarks never.</summary>
    public bool IsEnabled(StrategyKind strategy) => strategy switch
    {
        StrategyKind.MaxDiff => AllowMaxDiff,
        StrategyKind.MaxDiffAlwaysOn => AllowMaxDiffAlwaysOn,
        StrategyKind.PctDiff => AllowPctDiff,
        StrategyKind.HighLow => AllowHighLow,
        StrategyKind.TakeProfit => AllowTakeProfit,
        StrategyKind.Simple or StrategyKind.AllSignals => true,
        _ => false,
    };

    /// <summary>A crypto pair whose base is one of <see cref="MajorCryptoBases"/> and whose quote is USD.</summary>
    public bool IsMajorCrypto(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var s = instrument.Symbol;
        return instrument.IsCrypto && s.EndsWith("USD", StringComparison.Ordinal) && MajorCryptoBases.Any(b => s.StartsWith(b, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Expected round-trip cost in bps: 20 crypto, 6 stocks, plus the symbol's extra.</summary>
    public double CostBps(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var extra = ExtraCostBpsBySymbol.TryGetValue(instrument.Symbol, out var e) ? e : 0;
        return (instrument.IsCrypto ? CryptoCostBps : StockCostBps) + extra;
    }

    /// <summary>Entry gate need in bps/day: max(cost + margin, floor) — crypto 40, stocks 16, META 41.</summary>
    public double EntryReturnNeedBps(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return Math.Max(CostBps(instrument) + CostMarginBps, instrument.IsCrypto ? CryptoReturnFloorBps : StockReturnFloorBps);
    }

    public int MinSamplesFor(Instrument instrument) => IsMajorCrypto(instrument) ? MinSamplesMajorCrypto : MinSamples;

    public double EdgeNeedBps(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.IsCrypto ? CryptoEdgeNeedBps : StockEdgeNeedBps;
    }

    /// <summary>Largest spread (bps) the composite score is charged; also the charge when the spread is unknown.</summary>
    public double SpreadCapBps(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return IsMajorCrypto(instrument) ? MajorCryptoSpreadCapBps : MegaCapSymbols.Contains(instrument.Symbol) ? MegaCapSpreadCapBps : DefaultSpreadCapBps;
    }

    public AllowedSides SidesFor(Instrument instrument)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return SideMap.TryGetValue(instrument.Symbol, out var sides) ? sides : AllowedSides.Both;
    }

    /// <summary>Side map and asset class together: crypto is never sold short.</summary>
    public bool Allows(Instrument instrument, OrderSide side)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (instrument.IsCrypto && side == OrderSide.Sell)
        {
            return false;
        }

        return SidesFor(instrument) switch
        {
            AllowedSides.BuyOnly => side == OrderSide.Buy,
            AllowedSides.SellOnly => side == OrderSide.Sell,
            _ => true,
        };
    }

    /// <summary>Parses <c>SYM:buy,SYM2:sell,SYM3:both</c> (case-insensitive, blanks ignored).</summary>
    public static IReadOnlyDictionary<string, AllowedSides> ParseSideMap(string? text)
    {
        var map = new Dictionary<string, AllowedSides>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text))
        {
            return map;
        }

        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new FormatException($"Side map entry '{entry}' is not SYMBOL:buy|sell|both.");
            }

            map[parts[0].ToUpperInvariant()] = parts[1].ToLowerInvariant() switch
            {
                "buy" => AllowedSides.BuyOnly,
                "sell" => AllowedSides.SellOnly,
                "both" => AllowedSides.Both,
                _ => throw new FormatException($"Side map entry '{entry}': side must be buy, sell or both."),
            };
        }

        return map;
    }

    public void Validate()
    {
        foreach (var (name, value) in new (string, double)[]
        {
            (nameof(CryptoReturnFloorBps), CryptoReturnFloorBps), (nameof(StockReturnFloorBps), StockReturnFloorBps),
            (nameof(CostMarginBps), CostMarginBps), (nameof(CryptoCostBps), CryptoCostBps), (nameof(StockCostBps), StockCostBps),
            (nameof(CryptoEdgeNeedBps), CryptoEdgeNeedBps), (nameof(StockEdgeNeedBps), StockEdgeNeedBps),
            (nameof(ConsensusMinMove), ConsensusMinMove), (nameof(MaxTurnover), MaxTurnover),
            (nameof(MajorCryptoSpreadCapBps), MajorCryptoSpreadCapBps), (nameof(MegaCapSpreadCapBps), MegaCapSpreadCapBps),
            (nameof(DefaultSpreadCapBps), DefaultSpreadCapBps),
        })
        {
            if (!(value >= 0 && double.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite, non-negative number.");
            }
        }

        foreach (var (symbol, bps) in ExtraCostBpsBySymbol)
        {
            if (!(bps >= 0 && double.IsFinite(bps)))
            {
                throw new ArgumentOutOfRangeException(nameof(ExtraCostBpsBySymbol), bps, $"Extra cost of {symbol} must be a finite, non-negative number.");
            }
        }

        if (!double.IsFinite(MinSharpe) || !double.IsFinite(HighTurnoverMinSharpe))
        {
            throw new ArgumentOutOfRangeException(nameof(MinSharpe), "Sharpe thresholds must be finite.");
        }

        if (!(MaxDrawdownFloor <= 0 && MaxDrawdownFloor >= -1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDrawdownFloor), MaxDrawdownFloor, "The drawdown floor is a fraction in [-1, 0].");
        }

        if (MinSamples < 0 || MinSamplesMajorCrypto < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamples), "Sample minimums cannot be negative.");
        }

        if (Cooldown < TimeSpan.Zero || LossBlockWindow < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Cooldown), "Cooldown and loss-block windows cannot be negative.");
        }
    }
}
