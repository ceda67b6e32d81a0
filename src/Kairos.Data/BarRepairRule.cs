namespace Kairos.Data;

/// <summary>The explicit rules by which the loader may change what a file says. Anything else fails.</summary>
public enum BarRepairRule
{
    /// <summary>Open or close lay outside [low, high] by no more than the policy's tolerance; high or low was widened to include it.</summary>
    WidenedRange,

    /// <summary>A row repeated an earlier row's timestamp with identical values; the later row was dropped.</summary>
    DroppedDuplicate,

    /// <summary>A row's timestamp was earlier than a row above it; the rows were stably sorted by timestamp.</summary>
    SortedOutOfOrderRow,

    /// <summary>Every row was newest-first; the rows were reversed.</summary>
    ReversedOrder,

    /// <summary>The file has no volume column; every bar's volume was set to 0.</summary>
    DefaultedVolume,

    /// <summary>Timestamps carried a time of day but no offset; they were read as UTC.</summary>
    AssumedUtc,
}
