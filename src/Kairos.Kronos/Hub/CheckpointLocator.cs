namespace Kairos.Kronos.Hub;

/// <summary>
/// Turns a <c>--model</c>/<c>--tokenizer</c> argument into a checkpoint folder: either a folder path, or a hub repository id
/// looked up in the local hub cache (never the network; <c>kairos models pull</c> downloads).
/// </summary>
public static class CheckpointLocator
{
    public const string ConfigFile = "config.json";

    public const string WeightsFile = "model.safetensors";

    public const string DefaultRevision = "main";

    /// <summary>The files a checkpoint folder must hold.</summary>
    public static IReadOnlyList<string> RequiredFiles { get; } = [ConfigFile, WeightsFile];

    /// <param name="modelOrId">A folder path, or a repository id such as <c>NeoQuasar/Kronos-small</c>.</param>
    /// <param name="revision">For a repository id: a branch or tag (looked up in <c>refs/</c>) or a commit hash; default <c>main</c>.</param>
    /// <param name="environment">Where the hub cache is.</param>
    /// <exception cref="CheckpointNotFoundException">Neither a complete folder nor a complete cached snapshot; the message says where it looked.</exception>
    public static ResolvedCheckpoint Resolve(string modelOrId, string? revision, HubEnvironment environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelOrId);
        ArgumentNullException.ThrowIfNull(environment);

        if (Directory.Exists(modelOrId))
        {
            var folder = Path.GetFullPath(modelOrId);
            var problems = RequiredFiles.Select(f => HubCacheLayout.FileProblem(Path.Combine(folder, f))).OfType<string>().ToList();
            return problems.Count == 0
                ? new ResolvedCheckpoint(folder, null, null)
                : throw new CheckpointNotFoundException(
                    $"'{folder}' is not a checkpoint folder: {string.Join("; ", problems)}. A checkpoint folder holds {ConfigFile} and {WeightsFile}.");
        }

        if (!HubRepoId.TryParse(modelOrId, out var repo) || LooksLikePath(modelOrId))
        {
            throw new CheckpointNotFoundException(
                $"Checkpoint folder '{Path.GetFullPath(modelOrId)}' does not exist (and '{modelOrId}' is not a Hugging Face repository id such as NeoQuasar/Kronos-small).");
        }

        revision ??= DefaultRevision;
        if (!HubCacheLayout.IsValidRevision(revision))
        {
            throw new CheckpointNotFoundException($"'{revision}' is not a valid revision (a branch, tag or commit hash).");
        }

        var layout = new HubCacheLayout(environment.CacheRoot, repo);
        var pull = revision == DefaultRevision ? $"kairos models pull {repo}" : $"kairos models pull {repo} --revision {revision}";
        var notAFolder = $"'{modelOrId}' is not a folder here ('{Path.GetFullPath(modelOrId)}')";
        if (!Directory.Exists(layout.RepoFolder))
        {
            throw new CheckpointNotFoundException(
                $"{notAFolder} and the Hugging Face cache has no '{repo}': looked in '{layout.RepoFolder}' "
                + $"(cache root from HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub). Download it with: {pull}");
        }

        var refFile = layout.RefFile(revision);
        string commit;
        if (File.Exists(refFile))
        {
            commit = File.ReadAllText(refFile).Trim();
            if (!HubCacheLayout.IsCommitHash(commit))
            {
                throw new CheckpointNotFoundException($"'{refFile}' does not hold a commit hash. Download the checkpoint again with: {pull}");
            }
        }
        else if (HubCacheLayout.IsCommitHash(revision))
        {
            commit = revision.ToLowerInvariant();
        }
        else
        {
            throw new CheckpointNotFoundException(
                $"{notAFolder} and revision '{revision}' of '{repo}' is not in the Hugging Face cache: '{refFile}' does not exist. Download it with: {pull}");
        }

        var snapshot = layout.Snapshot(commit);
        if (!Directory.Exists(snapshot))
        {
            throw new CheckpointNotFoundException(
                $"{notAFolder} and the Hugging Face cache has no snapshot '{snapshot}' for '{repo}' at '{revision}'. Download it with: {pull}");
        }

        var missing = RequiredFiles.Select(f => HubCacheLayout.FileProblem(Path.Combine(snapshot, f))).OfType<string>().ToList();
        return missing.Count == 0
            ? new ResolvedCheckpoint(snapshot, repo, commit)
            : throw new CheckpointNotFoundException(
                $"The cached snapshot of '{repo}' at '{revision}' is incomplete: {string.Join("; ", missing)}. Download it again with: {pull}");
    }

    /// <summary>Paths that happen to match the repository-id pattern (<c>./x</c>, <c>~/x</c>, <c>a/b</c> that exists as a file) are not ids.</summary>
    private static bool LooksLikePath(string text) =>
        Path.IsPathRooted(text) || text.StartsWith('.') || text.StartsWith('~') || File.Exists(text);
}
