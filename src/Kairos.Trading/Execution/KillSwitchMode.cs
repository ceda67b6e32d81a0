namespace Kairos.Trading.Execution;

/// <summary>What the kill-switch file asks of the bot.</summary>
public enum KillSwitchMode
{
    /// <summary>No file: trade normally.</summary>
    Off,

    /// <summary>The file exists: place no new entries (exits and back-outs go on).</summary>
    StopEntries,

    /// <summary>The file's first line is <c>flatten</c>: no new entries and close every position.</summary>
    Flatten,
}
