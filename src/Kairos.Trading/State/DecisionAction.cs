namespace Kairos.Trading.State;

/// <summary>What the cycle decided for a symbol.</summary>
public enum DecisionAction
{
    /// <summary>Open (or add to) a position.</summary>
    Enter,

    /// <summary>Considered and rejected by a gate; the reasons say which.</summary>
    Skip,

    /// <summary>Close an open position.</summary>
    Close,

    /// <summary>Keep an open position as it is.</summary>
    Hold,
}
