namespace Kairos.Cli;

/// <summary>Finds the bundled sample data when no --data folder is given.</summary>
internal static class RepositoryPaths
{
    /// <summary>The relative location of the bundled daily bars inside a clone.</summary>
    public const string BundledDaily = "data/daily";

    /// <summary>
    /// <c>data/daily</c> under the current directory, else under the nearest parent of the executable that has one
    /// (so <c>dotnet run</c> from any folder of a clone finds it). Null when neither exists.
    /// </summary>
    public static string? FindBundledData()
    {
        var here = Path.GetFullPath(BundledDaily);
        if (Directory.Exists(here))
        {
            return here;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, BundledDaily);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
