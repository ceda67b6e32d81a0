using Kairos.Core;

namespace Kairos.Data.Tests;

/// <summary>The sample data shipped in data/daily loads clean under the default policy, with only its documented gaps.</summary>
public class BundledDataTests
{
    private static readonly string DailyDirectory = Path.Combine(TestFiles.RepoRoot, "data", "daily");

    public static TheoryData<string, int, string, string> Files => new()
    {
        { "BTCUSD", 1865, "2014-11-28", "2020-01-17" },
        { "CVNA", 1560, "2020-01-02", "2026-03-18" },
        { "DKNG", 1560, "2020-01-02", "2026-03-18" },
        { "ETHUSD", 788, "2017-11-09", "2020-01-17" },
        { "HIMS", 1560, "2020-01-02", "2026-03-18" },
        { "IBKR", 1560, "2020-01-02", "2026-03-18" },
        { "JD", 1560, "2020-01-02", "2026-03-18" },
        { "KGC", 1560, "2020-01-02", "2026-03-18" },
        { "LTCUSD", 925, "2017-06-25", "2020-01-17" },
        { "MSTR", 1560, "2020-01-02", "2026-03-18" },
        { "NIO", 1560, "2020-01-02", "2026-03-18" },
        { "PDD", 1560, "2020-01-02", "2026-03-18" },
        { "RKLB", 1333, "2020-11-24", "2026-03-18" },
        { "SUIUSDT", 781, "2024-01-01", "2026-02-19" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Bundled_file_loads_without_failure_or_repair(string symbol, int rows, string first, string last)
    {
        var path = Path.Combine(DailyDirectory, symbol + ".csv");
        var result = await BarCsvLoader.LoadAsync(path, Instrument.Infer(symbol), BarValidationPolicy.Default);

        Assert.Equal(BarCsvLayout.Kairos, result.Layout);
        Assert.Empty(result.Repairs);
        Assert.True(result.IsDaily);
        Assert.Equal(rows, result.Series.Count);
        Assert.Equal(first, result.Series[0].Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(last, result.Series[^1].Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(result.BarsOnClosedDays);
        if (result.Series.Instrument.AssetClass == AssetClass.Equity)
        {
            // Yahoo's 2020-2026 sessions agree with the NYSE calendar day for day (including the 2025-01-09 closure).
            Assert.Empty(result.Gaps);
        }
    }

    [Theory]
    [InlineData("BTCUSD")]
    [InlineData("ETHUSD")]
    [InlineData("LTCUSD")]
    public async Task Bitstamp_files_have_exactly_the_documented_march_2019_gap(string symbol)
    {
        var result = await BarCsvLoader.LoadAsync(Path.Combine(DailyDirectory, symbol + ".csv"), Instrument.Infer(symbol), BarValidationPolicy.Default);

        Assert.Equal([new BarGap(new DateOnly(2019, 3, 20), new DateOnly(2019, 3, 31), 12)], result.Gaps);
    }

    [Fact]
    public async Task Sui_has_no_gaps()
    {
        var result = await BarCsvLoader.LoadAsync(Path.Combine(DailyDirectory, "SUIUSDT.csv"), Instrument.Infer("SUIUSDT"), BarValidationPolicy.Default);
        Assert.Empty(result.Gaps);
    }

    [Fact]
    public async Task Directory_lists_and_loads_all_fourteen_files()
    {
        var files = BarDirectory.List(DailyDirectory);

        Assert.Equal(Files.Select(row => (string)row[0]), files.Select(f => f.Instrument.Symbol));
        Assert.Equal(["BTCUSD", "ETHUSD", "LTCUSD", "SUIUSDT"], files.Where(f => f.Instrument.IsCrypto).Select(f => f.Instrument.Symbol));
        var results = await BarDirectory.LoadAllAsync(DailyDirectory, BarValidationPolicy.Default);
        Assert.Equal(14, results.Count);
    }

    [Fact]
    public void Data_readme_names_every_bundled_file()
    {
        var readme = File.ReadAllText(Path.Combine(TestFiles.RepoRoot, "data", "README.md"));
        foreach (var file in BarDirectory.List(DailyDirectory))
        {
            Assert.Contains($"daily/{Path.GetFileName(file.Path)}", readme, StringComparison.Ordinal);
        }
    }
}
