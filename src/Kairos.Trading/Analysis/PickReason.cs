namespace Kairos.Trading.Analysis;

/// <summary>Which rule of portfolio construction (spec §5.8) admitted a pick.</summary>
public enum PickReason
{
    /// <summary>Positive average daily return, positive per-simulation return and positive forecasted PnL.</summary>
    Core,

    /// <summary>Added to reach the minimum: positive per-simulation return and positive forecasted PnL.</summary>
    Fallback,

    /// <summary>Added by (edge strength, composite score) up to the expanded size.</summary>
    Expansion,

    /// <summary>Simple mode: top by average return with a positive strategy return and a movement that agrees with the side.</summary>
    Simple,
}
