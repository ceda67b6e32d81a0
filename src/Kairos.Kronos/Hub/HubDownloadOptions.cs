namespace Kairos.Kronos.Hub;

/// <summary>How <see cref="HubDownloader"/> downloads: which files, how often it retries and how long it waits.</summary>
public sealed record HubDownloadOptions
{
    /// <summary>The files of a checkpoint; all are verified before any is linked into the snapshot.</summary>
    public IReadOnlyList<string> Files { get; init; } = CheckpointLocator.RequiredFiles;

    /// <summary>Attempts per request (the first included) on connection errors, timeouts, 408, 429 and 5xx.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the first retry; doubled each retry up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for a response's headers.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the next bytes of a body before the transfer counts as stalled (and is resumed).</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxRedirects { get; init; } = 10;

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Files);
        ArgumentOutOfRangeException.ThrowIfLessThan(Files.Count, 1, nameof(Files));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRedirects, nameof(MaxRedirects));
    }
}
