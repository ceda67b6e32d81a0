using System.CommandLine;

namespace Kairos.Cli.Commands;

/// <summary>The <c>--data</c> option shared by the commands that read a folder of bar files, and its resolution.</summary>
internal static class DataFolderOption
{
    public static Option<DirectoryInfo?> Create() => new("--data", "-d")
    {
        Description = "Folder of bar CSV files, one symbol per file (default: the bundled data/daily).",
    };

    /// <summary>The given folder, else the bundled sample data; a usage error when neither exists.</summary>
    public static string Resolve(ParseResult parse, Option<DirectoryInfo?> option)
    {
        var dataDir = parse.GetValue(option)?.FullName ?? RepositoryPaths.FindBundledData()
            ?? throw new UsageException($"No --data folder given and no bundled '{RepositoryPaths.BundledDaily}' folder found. Run from a clone of the repository or pass --data DIR.");
        return Directory.Exists(dataDir) ? dataDir : throw new UsageException($"--data: folder '{dataDir}' does not exist.");
    }
}
