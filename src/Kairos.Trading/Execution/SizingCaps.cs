namespace Kairos.Trading.Execution;

/// <summary>The exposure caps that cut a sizing below its base budget.</summary>
[Flags]
public enum SizingCaps
{
    None = 0,

    /// <summary>The per-symbol cap (<see cref="RiskSettings.MaxSymbolExposure"/>).</summary>
    Symbol = 1,

    /// <summary>The portfolio gross-exposure cap (<see cref="RiskSettings.MaxGrossExposure"/>).</summary>
    Gross = 2,
}
