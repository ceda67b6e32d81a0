namespace Kairos.Trading.State;

/// <summary>
/// Where an order intent stands from the bot's side. An intent is written <see cref="PendingSubmit"/> before the
/// broker is called, so a crash between the two leaves a record that a restart reconciles by client order id.
/// </summary>
public enum IntentState
{
    /// <summary>Recorded, not yet acknowledged by the broker.</summary>
    PendingSubmit,

    /// <summary>Acknowledged by the broker and still able to fill.</summary>
    Submitted,

    /// <summary>Refused, by the broker or before reaching it.</summary>
    Rejected,

    /// <summary>No longer able to fill: filled, cancelled or expired (see the broker status).</summary>
    Closed,
}
