namespace Kairos.Trading.Monitoring;

/// <summary>Sizes and timing of a <see cref="BatchedWriter{T}"/>.</summary>
public sealed record BatchedWriterOptions
{
    /// <summary>Items the queue holds before <see cref="BatchedWriter{T}.WriteAsync"/> waits (back-pressure).</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>A batch is handed to the sink as soon as it holds this many items.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The longest an item waits in a partial batch, counted from the moment it was written.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a value is out of range; called once by the writer's constructor.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FlushInterval, TimeSpan.Zero, nameof(FlushInterval));
    }
}
