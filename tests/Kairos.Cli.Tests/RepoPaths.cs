namespace Kairos.Cli.Tests;

/// <summary>Paths inside the repository checkout the tests run from (found by walking up to Kairos.slnx).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string BundledData => Of("data", "daily");

    public static string Tiny(params string[] parts) => Of(["tests", "Kairos.Kronos.Tests", "Fixtures", "tiny", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kairos.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The tests must run from inside a clone of the repository.");
    }
}
