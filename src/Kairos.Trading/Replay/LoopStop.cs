namespace Kairos.Trading.Replay;

/// <summary>Why <see cref="ScheduledLoop.RunAsync"/> returned.</summary>
public enum LoopStop
{
    /// <summary>The clock reached <see cref="ScheduledLoopSettings.Until"/>.</summary>
    Until,

    /// <summary>The caller cancelled (Ctrl+C); the step in progress was finished first.</summary>
    Cancelled,
}
