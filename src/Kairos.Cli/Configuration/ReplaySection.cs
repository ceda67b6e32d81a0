namespace Kairos.Cli.Configuration;

/// <summary>Market-replay settings.</summary>
internal sealed record ReplaySection
{
    /// <summary>Minutes between watcher polls while orders are being worked.</summary>
    public int PollMinutes { get; init; } = 15;
}
