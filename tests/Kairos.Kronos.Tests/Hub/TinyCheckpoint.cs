using System.Security.Cryptography;

namespace Kairos.Kronos.Tests.Hub;

/// <summary>The tiny golden checkpoint of the fixtures, and hand-built hub caches around it.</summary>
internal static class TinyCheckpoint
{
    public const string Commit = "0123456789abcdef0123456789abcdef01234567";

    public const string OtherCommit = "fedcba9876543210fedcba9876543210fedcba98";

    public static string ModelFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny", "model");

    public static string TokenizerFolder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny", "tokenizer");

    public static Dictionary<string, byte[]> Files(string folder) => new(StringComparer.Ordinal)
    {
        ["config.json"] = File.ReadAllBytes(Path.Combine(folder, "config.json")),
        ["model.safetensors"] = File.ReadAllBytes(Path.Combine(folder, "model.safetensors")),
    };

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Lays out <paramref name="folder"/>'s files the way the Python hub client does: blobs, symlinked snapshot, and a ref when given.</summary>
    public static string BuildCache(string cacheRoot, string repoFolderName, string commit, string folder, string? refName = "main")
    {
        var repo = Path.Combine(cacheRoot, repoFolderName);
        var blobs = Directory.CreateDirectory(Path.Combine(repo, "blobs")).FullName;
        var snapshot = Directory.CreateDirectory(Path.Combine(repo, "snapshots", commit)).FullName;
        foreach (var (name, bytes) in Files(folder))
        {
            var blob = Path.Combine(blobs, Sha256(bytes));
            File.WriteAllBytes(blob, bytes);
            File.CreateSymbolicLink(Path.Combine(snapshot, name), Path.Combine("..", "..", "blobs", Sha256(bytes)));
        }

        if (refName is not null)
        {
            Directory.CreateDirectory(Path.Combine(repo, "refs"));
            File.WriteAllText(Path.Combine(repo, "refs", refName), commit);
        }

        return snapshot;
    }
}
