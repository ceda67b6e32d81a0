using System.Text.Json;

namespace Kairos.Cli.Tests;

/// <summary>The command line as a user meets it: exit codes, messages, outputs.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Backtest_prints_a_table_and_writes_json()
    {
        var json = Path.Combine(_dir, "out", "bt.json");
        var (code, stdout, stderr) = await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "btcusd,NIO", "--sims", "5", "--json", json);
        Assert.Equal(0, code);
        Assert.Contains("Best strategy", stdout, StringComparison.Ordinal);
        Assert.Contains("BTCUSD", stdout, StringComparison.Ordinal);
        Assert.Contains("NIO", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("KGC", stdout, StringComparison.Ordinal);

        // Progress goes to stderr as plain lines, so it survives redirection.
        Assert.Contains("[  2/2]", stderr, StringComparison.Ordinal);
        Assert.Contains("gap: 2019-03-20..2019-03-31", stderr, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = doc.RootElement;
        Assert.Equal("kairos.backtest/v1", root.GetProperty("schema").GetString());
        var symbols = root.GetProperty("symbols");
        Assert.Equal(2, symbols.GetArrayLength());
        var btc = symbols[0];
        Assert.Equal("BTCUSD", btc.GetProperty("symbol").GetString());
        Assert.Equal(5, btc.GetProperty("simulationResults").GetArrayLength());
        Assert.Equal(9, btc.GetProperty("strategies").EnumerateObject().Count());
        Assert.Equal(7, btc.GetProperty("simulationResults")[0].GetProperty("runs").GetProperty("maxdiff").GetProperty("dailyReturns").GetArrayLength());
        Assert.False(File.Exists(json + ".tmp"));
    }

    [Fact]
    public async Task Same_input_gives_byte_identical_json()
    {
        var a = Path.Combine(_dir, "a.json");
        var b = Path.Combine(_dir, "b.json");
        Assert.Equal(0, (await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "ETHUSD", "--sims", "3", "--json", a, "-q")).Code);
        Assert.Equal(0, (await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "ETHUSD", "--sims", "3", "--json", b, "-q", "--parallel", "1")).Code);
        Assert.Equal(await File.ReadAllBytesAsync(a), await File.ReadAllBytesAsync(b));
    }

    [Fact]
    public async Task Detail_prints_every_strategy()
    {
        var (code, stdout, _) = await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "KGC", "--sims", "3", "--json", Path.Combine(_dir, "k.json"), "--detail", "-q");
        Assert.Equal(0, code);
        foreach (var name in new[] { "maxdiff", "maxdiffalwayson", "pctdiff", "simple", "all_signals", "highlow", "takeprofit", "buy_hold", "unprofit_shutdown" })
        {
            Assert.Contains(name, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_symbol_is_a_usage_error_listing_what_exists()
    {
        var (code, _, stderr) = await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "NOPE");
        Assert.Equal(2, code);
        Assert.Contains("'NOPE'", stderr, StringComparison.Ordinal);
        Assert.Contains("BTCUSD", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--sims", "0")]
    [InlineData("--window", "1")]
    [InlineData("--sims", "many")]
    [InlineData("--bogus", "1")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var (code, _, stderr) = await CliRunner.Run("backtest", option, value);
        Assert.Equal(2, code);
        Assert.Contains("error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_data_folder_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRunner.Run("backtest", "--data", Path.Combine(_dir, "nothing-here"));
        Assert.Equal(2, code);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_file_names_file_line_and_field_with_exit_code_3()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "bad")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "XYZ.csv"), "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,10,100\n2024-01-03,10,9,11,10,100\n");
        var (code, _, stderr) = await CliRunner.Run("backtest", "--data", data);
        Assert.Equal(3, code);
        Assert.Contains("XYZ.csv", stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_little_history_exits_with_code_4()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "short")).FullName;
        var lines = new List<string> { "timestamp,open,high,low,close,volume" };
        var day = new DateOnly(2024, 1, 1);
        for (var i = 0; i < 10; i++)
        {
            lines.Add($"{day.AddDays(i):yyyy-MM-dd},10,11,9,10,100");
        }

        await File.WriteAllLinesAsync(Path.Combine(data, "ABCUSD.csv"), lines);
        var (code, _, stderr) = await CliRunner.Run("backtest", "--data", data, "--json", Path.Combine(_dir, "x.json"));
        Assert.Equal(4, code);
        Assert.Contains("ABCUSD", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_explains_the_command()
    {
        var (code, stdout, _) = await CliRunner.Run("backtest", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--symbols", stdout, StringComparison.Ordinal);
        Assert.Contains("--sims", stdout, StringComparison.Ordinal);
        var (rootCode, rootOut, _) = await CliRunner.Run("--help");
        Assert.Equal(0, rootCode);
        Assert.Contains("Exit codes", rootOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imported_store_gives_the_same_backtest_as_the_csv_folder()
    {
        var db = Path.Combine(_dir, "bars.db");
        var (code, stdout, _) = await CliRunner.Run("data", "import", "--data", RepoPaths.BundledData, "--db", db);
        Assert.Equal(0, code);
        Assert.Contains("Stored 14 symbol(s)", stdout, StringComparison.Ordinal);

        var fromCsv = Path.Combine(_dir, "csv.json");
        var fromDb = Path.Combine(_dir, "db.json");
        Assert.Equal(0, (await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "LTCUSD", "--sims", "4", "--json", fromCsv, "-q")).Code);
        Assert.Equal(0, (await CliRunner.Run("backtest", "--db", db, "--symbols", "LTCUSD", "--sims", "4", "--json", fromDb, "-q")).Code);
        Assert.Equal(await File.ReadAllTextAsync(fromCsv), await File.ReadAllTextAsync(fromDb));

        var (missing, _, err) = await CliRunner.Run("backtest", "--db", db, "--symbols", "ZZZ");
        Assert.Equal(2, missing);
        Assert.Contains("'ZZZ'", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_file_stores_nothing()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "mixed")).FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "AAA.csv"), "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,10,100\n");
        await File.WriteAllTextAsync(Path.Combine(data, "BBB.csv"), "timestamp,open,high,low,close,volume\n2024-01-02,10,11,9,NaN,100\n");
        var db = Path.Combine(_dir, "m.db");
        var (code, _, stderr) = await CliRunner.Run("data", "import", "--data", data, "--db", db);
        Assert.Equal(3, code);
        Assert.Contains("BBB.csv", stderr, StringComparison.Ordinal);
        Assert.Contains("'close'", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(db));
    }

    [Fact]
    public async Task Fees_are_configurable_and_validated()
    {
        var json = Path.Combine(_dir, "fees.json");
        Assert.Equal(0, (await CliRunner.Run("backtest", "--data", RepoPaths.BundledData, "--symbols", "ETHUSD,JD", "--sims", "2", "--crypto-fee", "0.001", "--equity-fee", "0.0005", "--json", json, "-q")).Code);
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(0.001, doc.RootElement.GetProperty("symbols")[0].GetProperty("fee").GetDouble());
        Assert.Equal(0.0005, doc.RootElement.GetProperty("symbols")[1].GetProperty("fee").GetDouble());

        var (code, _, stderr) = await CliRunner.Run("backtest", "--crypto-fee", "5");
        Assert.Equal(2, code);
        Assert.Contains("CryptoFee", stderr, StringComparison.Ordinal);
    }
}
