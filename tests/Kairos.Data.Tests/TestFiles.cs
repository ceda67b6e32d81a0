using Kairos.Core;

namespace Kairos.Data.Tests;

/// <summary>Paths and one-line loaders shared by the tests.</summary>
internal static class TestFiles
{
    public const string Source = "test.csv";

    /// <summary>The repository root: the nearest folder above the test binaries holding Kairos.slnx.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Kairos.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"No Kairos.slnx above {AppContext.BaseDirectory}.");
        }
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static BarLoadResult Load(string csv, string symbol = "AAPL", BarValidationPolicy? policy = null) =>
        BarCsvLoader.Load(new StringReader(csv), Source, Instrument.Infer(symbol), policy ?? BarValidationPolicy.Default);

    public static BarDataException Fails(string csv, string symbol = "AAPL", BarValidationPolicy? policy = null) =>
        Assert.Throws<BarDataException>(() => Load(csv, symbol, policy));

    public static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
