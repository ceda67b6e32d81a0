using System.Text;
using System.Text.Json;
using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Data;
using Microsoft.Data.Sqlite;

namespace Kairos.Cli.Tests;

/// <summary>
/// <c>kairos account</c>, <c>positions</c>, <c>orders</c> and <c>data pull</c> against the fake Alpaca server on 127.0.0.1
/// (nothing reaches the internet), at a fixed wall clock: Monday 2024-05-20 10:00 EDT (14:00Z).
/// </summary>
public sealed class AlpacaCommandsTests : IAsyncLifetime
{
    private const string KeyId = "PKTESTKEYID0123456789";
    private const string Secret = "test-secret-abcdefghijklmnopqrstuvwxyz0123";
    private static readonly DateTimeOffset Now = new(2024, 5, 20, 14, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("kairos-alpaca-cli-").FullName;
    private readonly FixedTime _time = new(Now);
    private FakeAlpacaServer _server = null!;

    private string Db => Path.Combine(_dir, "bars.db");

    public async Task InitializeAsync() => _server = await FakeAlpacaServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Dictionary<string, string> Env(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["APCA_API_KEY_ID"] = KeyId,
            ["APCA_API_SECRET_KEY"] = Secret,
            ["APCA_API_BASE_URL"] = _server.BaseUrl.ToString(),
            ["APCA_API_DATA_URL"] = _server.BaseUrl.ToString(),
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }

        return env;
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => RunIn(Env(), args);

    private async Task<(int Code, string Out, string Err)> RunIn(Dictionary<string, string> env, params string[] args)
    {
        var result = await CliRunner.RunWith(_time, env, args);
        foreach (var text in (string[])[result.Out, result.Err])
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(KeyId, text, StringComparison.Ordinal);
        }

        return result;
    }

    private static string Mode => "Alpaca PAPER account at 127.0.0.1 (no real money)\n";

    [Fact]
    public async Task Account_prints_the_mode_line_and_every_money_field()
    {
        _server.Account.Equity = 101_234.5m;
        _server.Account.LastEquity = 100_000m;
        _server.Account.Cash = 50_000.25m;
        _server.Account.BuyingPower = 150_000m;
        _server.Account.NonMarginableBuyingPower = 50_000.25m;
        _server.Account.LongMarketValue = 61_234.25m;
        _server.Account.ShortMarketValue = -10_000m;

        var (code, stdout, stderr) = await Run("account");

        Assert.True(code == 0, stderr);
        Assert.Equal(
            Mode
            + "equity                                 101234.50\n"
            + "last equity                            100000.00\n"
            + "day P&L                                  1234.50\n"
            + "cash                                    50000.25\n"
            + "buying power                           150000.00\n"
            + "non-marginable buying power             50000.25\n"
            + "long market value                       61234.25\n"
            + "short market value                     -10000.00\n"
            + "gross exposure                          71234.25\n"
            + "multiplier                                     2\n"
            + "as of                       2024-05-20T14:00:00Z\n",
            stdout);
        Assert.Equal(string.Empty, stderr);
        var request = Assert.Single(_server.Requests);
        Assert.Equal(("GET", "/v2/account"), (request.Method, request.Path));
        Assert.Equal(Secret, request.Headers["APCA-API-SECRET-KEY"]);
    }

    [Fact]
    public async Task Account_json_is_one_object_with_the_mode_on_stderr()
    {
        _server.Account.Equity = 100_500.75m;
        _server.Account.Cash = 0.01m;

        var (code, stdout, stderr) = await Run("account", "--json");

        Assert.True(code == 0, stderr);
        Assert.Equal(Mode, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("paper", root.GetProperty("mode").GetString());
        Assert.Equal("127.0.0.1", root.GetProperty("trading_host").GetString());
        var account = root.GetProperty("account");
        Assert.Equal(100_500.75m, account.GetProperty("equity").GetDecimal());
        Assert.Equal(500.75m, account.GetProperty("day_pnl").GetDecimal());
        Assert.Equal(0.01m, account.GetProperty("cash").GetDecimal());
        Assert.Equal(200_000m, account.GetProperty("buying_power").GetDecimal());
        Assert.Equal(2m, account.GetProperty("multiplier").GetDecimal());
        Assert.Equal("2024-05-20T14:00:00Z", account.GetProperty("as_of").GetString());
        Assert.Equal(
            ["equity", "last_equity", "day_pnl", "cash", "buying_power", "non_marginable_buying_power", "long_market_value", "short_market_value", "gross_exposure", "multiplier", "as_of"],
            account.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Positions_table_shows_kairos_symbols_sides_and_pnl()
    {
        _server.SetPosition("BTCUSD", "crypto", 0.5m, 60_000m, 61_000m);
        _server.SetPosition("AAPL", "us_equity", -10m, 190m, 185.5m);

        var (code, stdout, stderr) = await Run("positions");

        Assert.True(code == 0, stderr);
        Assert.Equal(
            Mode
            + "symbol  side   qty  avg entry  price  market value  unrealised P&L\n"
            + "------  -----  ---  ---------  -----  ------------  --------------\n"
            + "AAPL    short   10        190  185.5      -1855.00           45.00\n"
            + "BTCUSD  long   0.5      60000  61000      30500.00          500.00\n"
            + "2 position(s), market value 28645.00, unrealised P&L 545.00\n",
            stdout);
    }

    [Fact]
    public async Task Positions_json_lists_signed_quantities_and_an_empty_account_says_so()
    {
        _server.SetPosition("ETHUSD", "crypto", 0.000012345m, 3000m, 3100m);

        var (code, stdout, stderr) = await Run("positions", "--json");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var p = Assert.Single(doc.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal("ETHUSD", p.GetProperty("symbol").GetString());
        Assert.Equal("crypto", p.GetProperty("asset_class").GetString());
        Assert.Equal("long", p.GetProperty("side").GetString());
        Assert.Equal(0.000012345m, p.GetProperty("quantity").GetDecimal());
        Assert.Equal(3000m, p.GetProperty("average_entry_price").GetDecimal());
        Assert.Equal(3100m, p.GetProperty("market_price").GetDecimal());
        Assert.Equal(0.0382695m, p.GetProperty("market_value").GetDecimal());
        Assert.Equal(0.0012345m, p.GetProperty("unrealized_pnl").GetDecimal());

        _server.SetPosition("ETHUSD", "crypto", 0m, 0m, 0m);
        var empty = await Run("positions");
        Assert.Equal(Mode + "No open positions.\n", empty.Out);
    }

    [Fact]
    public async Task Orders_lists_open_by_default_and_all_with_fills()
    {
        _server.Now = new DateTimeOffset(2024, 5, 20, 13, 30, 0, TimeSpan.Zero);
        var filled = await Submit("kairos-1", "AAPL", "buy", "10", "limit", "day", "189.5");
        _server.Fill(filled, 10m, 189.5m);
        _server.Now = new DateTimeOffset(2024, 5, 20, 13, 45, 0, TimeSpan.Zero);
        await Submit("kairos-2", "BTC/USD", "sell", "0.25", "market", "gtc", null);

        var (code, stdout, stderr) = await Run("orders");
        Assert.True(code == 0, stderr);
        Assert.Equal(
            Mode
            + "           submitted  symbol  side  type     qty  filled  limit  status  client order id\n"
            + "--------------------  ------  ----  ------  ----  ------  -----  ------  ---------------\n"
            + "2024-05-20T13:45:00Z  BTCUSD  sell  market  0.25       0  -      new     kairos-2\n",
            stdout);
        Assert.Contains(_server.Requests, r => r.Path == "/v2/orders" && r.Query.Contains("status=open&limit=50", StringComparison.Ordinal));

        var all = await Run("orders", "--status", "all", "--limit", "5");
        Assert.Equal(
            Mode
            + "           submitted  symbol  side  type     qty  filled  limit  status  client order id\n"
            + "--------------------  ------  ----  ------  ----  ------  -----  ------  ---------------\n"
            + "2024-05-20T13:45:00Z  BTCUSD  sell  market  0.25       0  -      new     kairos-2\n"
            + "2024-05-20T13:30:00Z  AAPL    buy   limit     10      10  189.5  filled  kairos-1\n",
            all.Out);

        var closed = await Run("orders", "--status", "closed", "--json");
        Assert.True(closed.Code == 0, closed.Err);
        using var doc = JsonDocument.Parse(closed.Out);
        Assert.Equal("closed", doc.RootElement.GetProperty("status").GetString());
        var o = Assert.Single(doc.RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal(filled, o.GetProperty("id").GetString());
        Assert.Equal("kairos-1", o.GetProperty("client_order_id").GetString());
        Assert.Equal("2024-05-20T13:30:00Z", o.GetProperty("submitted_at").GetString());
        Assert.Equal(("AAPL", "buy", "limit", "day"), (o.GetProperty("symbol").GetString(), o.GetProperty("side").GetString(), o.GetProperty("type").GetString(), o.GetProperty("time_in_force").GetString()));
        Assert.Equal((10m, 10m, 189.5m, 189.5m), (o.GetProperty("quantity").GetDecimal(), o.GetProperty("filled_quantity").GetDecimal(), o.GetProperty("limit_price").GetDecimal(), o.GetProperty("average_fill_price").GetDecimal()));
        Assert.Equal("filled", o.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    public async Task Orders_limit_out_of_range_is_a_usage_error_before_any_request(string limit)
    {
        var (code, stdout, stderr) = await Run("orders", "--limit", limit);
        Assert.Equal(2, code);
        Assert.Contains($"--limit must be within 1..500 (Alpaca's largest page of orders), got {limit}.", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Orders_status_outside_open_closed_all_is_a_usage_error()
    {
        var (code, _, stderr) = await Run("orders", "--status", "pending");
        Assert.Equal(2, code);
        Assert.Contains("pending", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_pull_stores_the_exact_bars_of_stocks_and_crypto_across_pages_without_todays_bar()
    {
        // Stocks stamped at New-York midnight (04:00Z), crypto at 00:00Z; 2024-05-20 is today (still forming).
        _server.SetBars("AAPL",
        [
            new(new DateTimeOffset(2024, 5, 14, 4, 0, 0, TimeSpan.Zero), 187.5m, 188.3m, 186.3m, 187.43m, 52_393_619m),
            new(new DateTimeOffset(2024, 5, 15, 4, 0, 0, TimeSpan.Zero), 187.91m, 190.65m, 187.37m, 189.72m, 70_400_000m),
            new(new DateTimeOffset(2024, 5, 16, 4, 0, 0, TimeSpan.Zero), 190.47m, 191.1m, 189.66m, 189.84m, 52_845_230m),
            new(new DateTimeOffset(2024, 5, 17, 4, 0, 0, TimeSpan.Zero), 189.51m, 190.81m, 189.18m, 189.87m, 41_282_925m),
            new(new DateTimeOffset(2024, 5, 20, 4, 0, 0, TimeSpan.Zero), 189.33m, 191.92m, 189.01m, 191.04m, 1_000m),
        ]);
        _server.SetBars("BTC/USD",
        [
            new(new DateTimeOffset(2024, 5, 18, 0, 0, 0, TimeSpan.Zero), 66_900m, 67_400m, 66_600m, 66_950.5m, 12.345678m),
            new(new DateTimeOffset(2024, 5, 19, 0, 0, 0, TimeSpan.Zero), 66_950.5m, 67_700m, 65_900m, 66_270m, 10.5m),
            new(new DateTimeOffset(2024, 5, 20, 0, 0, 0, TimeSpan.Zero), 66_270m, 71_000m, 66_100m, 70_500m, 3m),
        ]);
        _server.BarsPageSize = 2;

        var (code, stdout, stderr) = await Run("data", "pull", "--symbols", "AAPL,BTC/USD", "--since", "2024-05-14", "--db", Db);

        Assert.True(code == 0, stderr);
        Assert.Equal(
            Mode
            + $"Pulling daily bars from Alpaca market data at 127.0.0.1 into {Db}.\n"
            + "AAPL          4 bars stored 2024-05-14..2024-05-17\n"
            + "BTCUSD        2 bars stored 2024-05-18..2024-05-19\n"
            + $"Stored 2 symbol(s) in {Db}. Simulate on them: kairos simulate --db {Db}\n",
            stdout);

        var store = await SqliteBarStore.OpenAsync(Db);
        var aapl = (await store.LoadAsync("AAPL"))!;
        Assert.Equal(Core.AssetClass.Equity, aapl.Instrument.AssetClass);
        Assert.Equal(
        [
            new Core.Bar(Day(2024, 5, 14), 187.5, 188.3, 186.3, 187.43, 52_393_619),
            new Core.Bar(Day(2024, 5, 15), 187.91, 190.65, 187.37, 189.72, 70_400_000),
            new Core.Bar(Day(2024, 5, 16), 190.47, 191.1, 189.66, 189.84, 52_845_230),
            new Core.Bar(Day(2024, 5, 17), 189.51, 190.81, 189.18, 189.87, 41_282_925),
        ],
            aapl.Bars);
        var btc = (await store.LoadAsync("BTCUSD"))!;
        Assert.Equal(Core.AssetClass.Crypto, btc.Instrument.AssetClass);
        Assert.Equal(
        [
            new Core.Bar(Day(2024, 5, 18), 66_900, 67_400, 66_600, 66_950.5, 12.345678),
            new Core.Bar(Day(2024, 5, 19), 66_950.5, 67_700, 65_900, 66_270, 10.5),
        ],
            btc.Bars);

        var bars = _server.Requests.Where(r => r.Path.EndsWith("/bars", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, bars.Count(r => r.Path == "/v2/stocks/bars"));
        Assert.Contains(bars, r => r.Path == "/v2/stocks/bars" && r.Query.Contains("end=2024-05-19", StringComparison.Ordinal) && r.Query.Contains("page_token=2", StringComparison.Ordinal));
        var crypto = Assert.Single(bars, r => r.Path == "/v1beta3/crypto/us/bars");
        Assert.Contains("symbols=BTC%2FUSD", crypto.Query, StringComparison.Ordinal);
        Assert.Contains("end=2024-05-19", crypto.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_pull_until_bounds_the_range_and_a_repeat_replaces_instead_of_duplicating()
    {
        _server.SetBars("MSFT",
        [
            new(new DateTimeOffset(2024, 5, 15, 4, 0, 0, TimeSpan.Zero), 1m, 2m, 0.5m, 1.5m, 100m),
            new(new DateTimeOffset(2024, 5, 16, 4, 0, 0, TimeSpan.Zero), 1.5m, 2.5m, 1m, 2m, 200m),
            new(new DateTimeOffset(2024, 5, 17, 4, 0, 0, TimeSpan.Zero), 2m, 3m, 1.5m, 2.5m, 300m),
        ]);
        string[] args = ["data", "pull", "--symbols", "msft", "--since", "2024-05-15", "--until", "2024-05-16", "--db", Db];

        Assert.Equal(0, (await Run(args)).Code);
        var again = await Run(args);

        Assert.Equal(0, again.Code);
        Assert.Contains("MSFT          2 bars stored 2024-05-15..2024-05-16\n", again.Out, StringComparison.Ordinal);
        var stored = (await (await SqliteBarStore.OpenAsync(Db)).LoadAsync("MSFT"))!;
        Assert.Equal([Day(2024, 5, 15), Day(2024, 5, 16)], stored.Bars.Select(b => b.Timestamp));
    }

    [Fact]
    public async Task Data_pull_failure_on_one_symbol_keeps_the_completed_symbols_and_stores_nothing_of_the_failed_one()
    {
        _server.SetBars("BTC/USD", [new(new DateTimeOffset(2024, 5, 18, 0, 0, 0, TimeSpan.Zero), 1m, 2m, 0.5m, 1.5m, 10m)]);
        _server.SetBars("AAPL", [new(new DateTimeOffset(2024, 5, 17, 4, 0, 0, TimeSpan.Zero), 1m, 2m, 0.5m, 1.5m, 10m)]);
        _server.AddFault(new FakeFault("GET", "/v2/stocks/bars", FakeFaultKind.Unauthorized));

        var (code, stdout, stderr) = await Run("data", "pull", "--symbols", "BTCUSD,AAPL", "--since", "2024-05-01", "--db", Db);

        Assert.Equal(5, code);
        Assert.Contains("BTCUSD        1 bars stored", stdout, StringComparison.Ordinal);
        Assert.Contains("AAPL: nothing stored for this symbol (stored before the failure: BTCUSD).", stderr, StringComparison.Ordinal);
        var store = await SqliteBarStore.OpenAsync(Db);
        Assert.Equal(["BTCUSD"], await store.ListSymbolsAsync());
    }

    [Theory]
    [InlineData("--symbols AAPL --since 2024-05-10 --until 2024-05-09", "--until 2024-05-09 is before --since 2024-05-10.")]
    [InlineData("--symbols AAPL --since 10/05/2024", "--since: '10/05/2024' is not a date as yyyy-MM-dd")]
    [InlineData("--symbols AAPL --since 2024-05-01 --until 2024-13-01", "--until: '2024-13-01' is not a date as yyyy-MM-dd")]
    [InlineData("--symbols AAPL --since 2024-05-21", "--since 2024-05-21 is in the future")]
    [InlineData("--symbols AA$PL --since 2024-05-01", "--symbols: 'AA$PL' is not a symbol")]
    [InlineData("--symbols , --since 2024-05-01", "--symbols: give at least one symbol")]
    public async Task Data_pull_bad_arguments_are_usage_errors_before_any_request(string flags, string message)
    {
        var (code, stdout, stderr) = await Run(["data", "pull", .. flags.Split(' '), "--db", Db]);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Empty(_server.Requests);
        Assert.False(File.Exists(Db));
    }

    [Theory]
    [InlineData("account")]
    [InlineData("positions")]
    [InlineData("orders")]
    [InlineData("data pull --symbols AAPL --since 2024-05-01")]
    public async Task Missing_credentials_are_a_usage_error_naming_the_variable(string command)
    {
        var env = Env();
        env.Remove("APCA_API_KEY_ID");
        var (code, stdout, stderr) = await RunIn(env, command.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains("Alpaca credentials missing: set APCA_API_KEY_ID", stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("account")]
    [InlineData("positions")]
    [InlineData("orders")]
    [InlineData("data pull --symbols AAPL --since 2024-05-01")]
    public async Task Paper_0_without_live_is_refused(string command)
    {
        var (code, _, stderr) = await RunIn(Env(("PAPER", "0")), command.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains("PAPER=0 selects live trading, which also needs the --live flag", stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Live_flag_without_paper_0_is_refused_and_both_print_the_live_warning_first()
    {
        var refused = await Run("account", "--live");
        Assert.Equal(2, refused.Code);
        Assert.Contains("--live was given but PAPER is not 0", refused.Err, StringComparison.Ordinal);

        var live = await RunIn(Env(("PAPER", "0")), "account", "--live");
        Assert.True(live.Code == 0, live.Err);
        Assert.StartsWith("Alpaca LIVE account at 127.0.0.1: REAL MONEY\n", live.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_file_outside_the_repository_is_read()
    {
        var file = Path.Combine(_dir, "alpaca.json");
        await File.WriteAllTextAsync(file, $$"""{"key_id": "{{KeyId}}", "secret_key": "{{Secret}}"}""");
        var env = Env();
        env.Remove("APCA_API_KEY_ID");
        env.Remove("APCA_API_SECRET_KEY");

        var (code, stdout, stderr) = await RunIn(env, "positions", "--alpaca-config", file);

        Assert.True(code == 0, stderr);
        Assert.Equal(Mode + "No open positions.\n", stdout);
        Assert.Equal(KeyId, Assert.Single(_server.Requests).Headers["APCA-API-KEY-ID"]);
    }

    [Theory]
    [InlineData("account", "/v2/account")]
    [InlineData("positions", "/v2/positions")]
    [InlineData("orders", "/v2/orders")]
    [InlineData("data pull --symbols AAPL --since 2024-05-01", "/v2/stocks/bars")]
    public async Task Unauthorized_is_a_broker_failure_that_says_what_to_check(string command, string path)
    {
        _server.AddFault(new FakeFault("GET", path, FakeFaultKind.Unauthorized));

        var (code, _, stderr) = await RunIn(Env(), [.. command.Split(' '), .. command.StartsWith("data", StringComparison.Ordinal) ? new[] { "--db", Db } : []]);

        Assert.Equal(5, code);
        Assert.Contains("error: broker: Alpaca refused the credentials or permission (HTTP 401): request is not authorized. Check APCA_API_KEY_ID and APCA_API_SECRET_KEY", stderr, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    private async Task<string> Submit(string clientOrderId, string symbol, string side, string qty, string type, string tif, string? limit)
    {
        using var http = new HttpClient { BaseAddress = _server.BaseUrl };
        var body = new Dictionary<string, string> { ["client_order_id"] = clientOrderId, ["symbol"] = symbol, ["side"] = side, ["qty"] = qty, ["type"] = type, ["time_in_force"] = tif };
        if (limit is not null)
        {
            body["limit_price"] = limit;
        }

        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v2/orders", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
