namespace Kairos.Cli.Configuration;

/// <summary>The walk-forward settings of a trading run's analysis (the same meaning as <c>kairos backtest</c>'s flags).</summary>
internal sealed record BacktestSection
{
    public int Simulations { get; init; } = 70;

    public int WindowDays { get; init; } = 7;

    public double? CryptoFee { get; init; }

    public double? EquityFee { get; init; }
}
