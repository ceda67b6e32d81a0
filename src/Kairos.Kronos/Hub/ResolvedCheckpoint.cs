namespace Kairos.Kronos.Hub;

/// <summary>
/// A checkpoint folder holding <c>config.json</c> and <c>model.safetensors</c> (in a hub cache snapshot these are symlinks
/// into <c>blobs/</c>; opening the paths follows them).
/// </summary>
/// <param name="Directory">The folder: the one given, or the cache's <c>snapshots/&lt;commit&gt;</c>.</param>
/// <param name="RepoId">The hub repository when resolved through the cache; null for a plain folder.</param>
/// <param name="Revision">The commit hash of the snapshot when resolved through the cache; null for a plain folder.</param>
public sealed record ResolvedCheckpoint(string Directory, HubRepoId? RepoId, string? Revision)
{
    public string ConfigPath => Path.Combine(Directory, CheckpointLocator.ConfigFile);

    public string WeightsPath => Path.Combine(Directory, CheckpointLocator.WeightsFile);

    public override string ToString() => RepoId is null ? Directory : $"{RepoId}@{Revision} ({Directory})";
}
