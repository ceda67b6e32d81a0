using Kairos.Kronos.Hub;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>A --model argument resolves to a folder or a cached hub snapshot, never the network, and says where it looked when it cannot.</summary>
public sealed class CheckpointLocatorTests : IDisposable
{
    private const string Repo = "NeoQuasar/Kronos-small";
    private const string RepoFolder = "models--NeoQuasar--Kronos-small";

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-hub-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CacheRoot => Path.Combine(_dir, "hub");

    private HubEnvironment Env => new(CacheRoot, new Uri("https://huggingface.co"), null);

    [Fact]
    public void A_folder_with_config_and_weights_resolves_to_itself()
    {
        var resolved = CheckpointLocator.Resolve(TinyCheckpoint.ModelFolder, null, Env);
        Assert.Equal(Path.GetFullPath(TinyCheckpoint.ModelFolder), resolved.Directory);
        Assert.Null(resolved.RepoId);
        Assert.Null(resolved.Revision);
        Assert.True(File.Exists(resolved.WeightsPath));
    }

    [Fact]
    public void A_folder_without_weights_names_the_missing_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "half")).FullName;
        File.Copy(Path.Combine(TinyCheckpoint.ModelFolder, "config.json"), Path.Combine(folder, "config.json"));
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(folder, null, Env));
        Assert.Contains("model.safetensors", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repo_id_resolves_through_refs_main_and_symlinks_into_blobs()
    {
        var snapshot = TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        var resolved = CheckpointLocator.Resolve(Repo, null, Env);
        Assert.Equal(snapshot, resolved.Directory);
        Assert.Equal(HubRepoId.Parse(Repo), resolved.RepoId);
        Assert.Equal(TinyCheckpoint.Commit, resolved.Revision);
        Assert.NotNull(new FileInfo(resolved.WeightsPath).LinkTarget);
        Assert.Equal(File.ReadAllBytes(Path.Combine(TinyCheckpoint.ModelFolder, "model.safetensors")), File.ReadAllBytes(resolved.WeightsPath));
    }

    [Fact]
    public void A_commit_hash_revision_resolves_without_a_ref()
    {
        TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        var other = TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.OtherCommit, TinyCheckpoint.TokenizerFolder, refName: null);
        var resolved = CheckpointLocator.Resolve(Repo, TinyCheckpoint.OtherCommit, Env);
        Assert.Equal(other, resolved.Directory);
        Assert.Equal(TinyCheckpoint.OtherCommit, resolved.Revision);
    }

    [Fact]
    public void A_branch_revision_resolves_through_its_ref()
    {
        var snapshot = TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.OtherCommit, TinyCheckpoint.ModelFolder, refName: "v1");
        Assert.Equal(snapshot, CheckpointLocator.Resolve(Repo, "v1", Env).Directory);
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, "v2", Env));
        Assert.Contains(Path.Combine(CacheRoot, RepoFolder, "refs", "v2"), e.Message, StringComparison.Ordinal);
        Assert.Contains($"kairos models pull {Repo} --revision v2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HF_HUB_CACHE_is_searched_rather_than_HF_HOME()
    {
        var hubCache = Path.Combine(_dir, "explicit-cache");
        var hfHome = Path.Combine(_dir, "hf-home");
        TinyCheckpoint.BuildCache(hubCache, RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        TinyCheckpoint.BuildCache(Path.Combine(hfHome, "hub"), RepoFolder, TinyCheckpoint.OtherCommit, TinyCheckpoint.ModelFolder);

        var both = HubEnvironment.FromVariables(new FakeEnvironmentVariables(_dir, ("HF_HUB_CACHE", hubCache), ("HF_HOME", hfHome)));
        Assert.Equal(TinyCheckpoint.Commit, CheckpointLocator.Resolve(Repo, null, both).Revision);

        var homeOnly = HubEnvironment.FromVariables(new FakeEnvironmentVariables(_dir, ("HF_HOME", hfHome)));
        Assert.Equal(TinyCheckpoint.OtherCommit, CheckpointLocator.Resolve(Repo, null, homeOnly).Revision);
    }

    [Fact]
    public void The_default_cache_is_under_the_injected_home_folder()
    {
        var home = Path.Combine(_dir, "home");
        TinyCheckpoint.BuildCache(Path.Combine(home, ".cache", "huggingface", "hub"), RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        var env = HubEnvironment.FromVariables(new FakeEnvironmentVariables(home));
        Assert.Equal(TinyCheckpoint.Commit, CheckpointLocator.Resolve(Repo, null, env).Revision);
    }

    [Fact]
    public void A_missing_repo_says_where_it_looked_and_how_to_download()
    {
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, null, Env));
        Assert.Contains(Path.Combine(CacheRoot, RepoFolder), e.Message, StringComparison.Ordinal);
        Assert.Contains("is not a folder", e.Message, StringComparison.Ordinal);
        Assert.Contains($"kairos models pull {Repo}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_path_is_not_mistaken_for_a_repo_id()
    {
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Path.Combine(_dir, "no", "such", "model"), null, Env));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_whose_blob_was_deleted_is_reported_as_incomplete()
    {
        var snapshot = TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        var blob = new FileInfo(Path.Combine(snapshot, "model.safetensors")).ResolveLinkTarget(returnFinalTarget: true)!;
        File.Delete(blob.FullName);
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, null, Env));
        Assert.Contains("missing blob", e.Message, StringComparison.Ordinal);
        Assert.Contains("kairos models pull", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ref_without_its_snapshot_is_reported()
    {
        var refs = Directory.CreateDirectory(Path.Combine(CacheRoot, RepoFolder, "refs")).FullName;
        File.WriteAllText(Path.Combine(refs, "main"), TinyCheckpoint.Commit);
        var e = Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, null, Env));
        Assert.Contains(Path.Combine("snapshots", TinyCheckpoint.Commit), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revision_that_climbs_out_of_the_cache_is_refused()
    {
        TinyCheckpoint.BuildCache(CacheRoot, RepoFolder, TinyCheckpoint.Commit, TinyCheckpoint.ModelFolder);
        Assert.Throws<CheckpointNotFoundException>(() => CheckpointLocator.Resolve(Repo, "../../etc", Env));
    }
}
