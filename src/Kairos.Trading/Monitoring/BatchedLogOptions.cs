namespace Kairos.Trading.Monitoring;

/// <summary>Where a <see cref="BatchedLogWriter"/> appends, and whether the per-day verbose log is on.</summary>
public sealed record BatchedLogOptions
{
    /// <summary>The main log file; created (with its folder) when missing, appended to otherwise.</summary>
    public required string LogPath { get; init; }

    /// <summary>Folder of the per-day verbose logs; null (the default) turns verbose logging off.</summary>
    public string? VerboseDirectory { get; init; }

    public BatchedWriterOptions Writer { get; init; } = new();
}
