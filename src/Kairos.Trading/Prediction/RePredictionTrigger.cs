namespace Kairos.Trading.Prediction;

/// <summary>Why a symbol is re-predicted, or <see cref="None"/> when its last forecast is reused. Counted by monitoring.</summary>
public enum RePredictionTrigger
{
    /// <summary>The last forecast is reused.</summary>
    None,

    /// <summary>The symbol has no forecast yet.</summary>
    FirstForecast,

    /// <summary><see cref="RePredictionRules.Always"/>: every cycle re-predicts.</summary>
    Always,

    /// <summary>The record is dated after now or made on a later cycle: it cannot be trusted, so it is replaced.</summary>
    InconsistentRecord,

    /// <summary>The forecast reached the age limit.</summary>
    Stale,

    /// <summary>The price moved at least the threshold since the forecast.</summary>
    PriceMoved,

    /// <summary>The symbol's tier is due on this cycle.</summary>
    TierDue,

    /// <summary>A new bar completed since the forecast: its input window changed, so the old forecast is of a bar now known.</summary>
    NewBar,
}
