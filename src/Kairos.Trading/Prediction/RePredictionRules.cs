namespace Kairos.Trading.Prediction;

/// <summary>
/// Which rules may let a symbol reuse its last forecast (optimisation plan 2.1). <see cref="Always"/> (no rule) re-predicts
/// every symbol on every cycle. The rules combine: a symbol is re-predicted when any enabled trigger fires, and the
/// forecast-age backstop applies whenever any rule is on.
/// </summary>
[Flags]
public enum RePredictionRules
{
    /// <summary>Every symbol is re-predicted on every cycle.</summary>
    Always = 0,

    /// <summary>Re-predict when the price moved at least the asset class's threshold since the last forecast (option A).</summary>
    Differential = 1,

    /// <summary>Re-predict high / medium / low tiers every 1st / 2nd / 3rd cycle by default (option B).</summary>
    Tiered = 2,

    /// <summary>
    /// The price threshold is a multiple of the symbol's realised volatility instead of the fixed per-class one, and the
    /// age limit shrinks for volatile symbols (option C). Implies the price rule.
    /// </summary>
    Volatility = 4,
}
