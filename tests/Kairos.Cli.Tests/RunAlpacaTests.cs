using Kairos.Brokers.Alpaca;
using Kairos.Brokers.Alpaca.Fakes;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Data;
using Kairos.Trading.State;
using Microsoft.Data.Sqlite;

namespace Kairos.Cli.Tests;

/// <summary>
/// <c>kairos run --broker alpaca</c> end to end against the fake Alpaca server on 127.0.0.1 (bundled NIO and KGC bars up
/// to Friday 2026-03-06, quotes at the last close): cycles at Monday's market open and second hour, orders that fill at
/// the broker between runs, a restart at the same instant after a kill — and never a duplicate order, an order without its
/// recorded intent, or a credential in the output; and a longer run through an outage of Alpaca's API.
/// </summary>
public sealed class RunAlpacaTests : IAsyncLifetime
{
    private const string KeyId = "PKTESTKEYID0123456789";
    private const string Secret = "s3cr3t-DO-NOT-PRINT-abcdefghijklmnop";
    private static readonly DateTimeOffset Open0935 = new(2026, 3, 9, 13, 35, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second1035 = new(2026, 3, 9, 14, 35, 0, TimeSpan.Zero);

    private readonly string _state = Directory.CreateTempSubdirectory("kairos-run-alpaca-").FullName;
    private FakeAlpacaServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeAlpacaServer.StartAsync();
        var loaded = await BarDirectory.LoadAllAsync(RepoPaths.BundledData, BarValidationPolicy.Default);
        foreach (var series in loaded.Select(l => l.Series).Where(s => s.Instrument.Symbol is "NIO" or "KGC"))
        {
            var bars = series.Bars.Where(b => b.Date <= new DateOnly(2026, 3, 6)).ToList();
            _server.SetBars(series.Instrument.Symbol, bars.Select(b => new FakeBar(
                new DateTimeOffset(b.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(5),
                (decimal)b.Open,
                (decimal)b.High,
                (decimal)b.Low,
                (decimal)b.Close,
                (decimal)b.Volume)));
            var close = (decimal)bars[^1].Close;
            _server.SetQuote(series.Instrument.Symbol, Math.Round(close * 0.999m, 2), Math.Round(close * 1.001m, 2), Open0935);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_state, recursive: true);
    }

    private Dictionary<string, string> Environment(bool paper = true)
    {
        var env = new Dictionary<string, string>
        {
            ["APCA_API_KEY_ID"] = KeyId,
            ["APCA_API_SECRET_KEY"] = Secret,
            ["APCA_API_BASE_URL"] = _server.BaseUrl.ToString(),
            ["APCA_API_DATA_URL"] = _server.BaseUrl.ToString(),
        };
        if (!paper)
        {
            env["PAPER"] = "0";
        }

        return env;
    }

    private Task<(int Code, string Out, string Err)> RunAt(DateTimeOffset now, IReadOnlyDictionary<string, string> env, params string[] args) =>
        RunOn(new FixedTime(now), env, args);

    private async Task<(int Code, string Out, string Err)> RunOn(TimeProvider time, IReadOnlyDictionary<string, string> env, params string[] args)
    {
        _server.Now = time.GetUtcNow();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KairosApp.RunAsync(["run", "--broker", "alpaca", "--symbols", "NIO,KGC", "--state", _state, "-q", .. args], stdout, stderr, CancellationToken.None, time, env);
        var (o, e) = (stdout.ToString(), stderr.ToString());
        Assert.DoesNotContain(Secret, o + e, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyId, o + e, StringComparison.Ordinal);
        return (code, o, e);
    }

    private async Task<IReadOnlyList<string>> IntentClientIds()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_state, "kairos.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT client_order_id FROM order_intents";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private void AssertNoDuplicates()
    {
        var orders = _server.Orders;
        Assert.Equal(orders.Count, orders.Select(o => o.ClientOrderId).Distinct(StringComparer.Ordinal).Count());
        var working = orders.Where(o => o.Status is "new" or "accepted" or "partially_filled").ToList();
        Assert.Equal(working.Count, working.Select(o => (o.Symbol, o.Side)).Distinct().Count());
    }

    [Fact]
    public async Task Cycles_against_the_fake_place_journaled_orders_and_a_restart_after_a_kill_duplicates_none()
    {
        // Market open: the first cycle analyses on Alpaca's bars and its watchers place limit orders at Alpaca.
        var (code, stdout, stderr) = await RunAt(Open0935, Environment(), "--once");
        Assert.True(code == 0, stderr);
        Assert.Contains("Broker: alpaca-paper; mode: paper (Alpaca PAPER account at 127.0.0.1 (no real money))", stdout, StringComparison.Ordinal);
        Assert.Contains("Started paper run 1", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-03-09 09:35 ET  2026-03-09/market-open: 2 symbols decided", stdout, StringComparison.Ordinal);
        var placed = _server.Orders;
        Assert.NotEmpty(placed);
        var intents = await IntentClientIds();
        Assert.All(placed, o => Assert.Contains(o.ClientOrderId, intents));
        Assert.All(placed, o => Assert.StartsWith("kp", o.ClientOrderId, StringComparison.Ordinal));
        Assert.All(placed, o => Assert.Equal("limit", o.Type));
        AssertNoDuplicates();

        // While the bot is down, Alpaca fills one of its orders.
        var filled = placed[0];
        _server.Fill(filled.Id, filled.Qty, filled.LimitPrice!.Value);

        // Second hour: the run resumes, reconciles (one order filled meanwhile) and records the fill as its position.
        (code, stdout, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);
        Assert.Contains("Resuming paper run 1", stdout, StringComparison.Ordinal);
        Assert.Contains("(1 filled meanwhile)", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-03-09/second-hour", stdout, StringComparison.Ordinal);
        var store = await TradingStore.OpenAsync(Path.Combine(_state, "kairos.db"), TimeProvider.System);
        var fills = await store.GetFillsAsync(1);
        var fill = Assert.Single(fills);
        Assert.Equal((filled.ClientOrderId, filled.Qty, filled.LimitPrice.Value), (fill.ClientOrderId, fill.Quantity, fill.Price));
        Assert.Contains(await store.GetPositionsAsync(1), p => p.Instrument.Symbol == filled.Symbol);
        AssertNoDuplicates();
        var afterSecond = _server.Orders.Count;

        // Killed and restarted at the same instant: the window already ran, so only the start-up cycle re-plans; every
        // order it re-submits under an id Alpaca already holds is the existing order, and no symbol gets a second working order.
        (code, stdout, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);
        Assert.Contains("Resuming paper run 1", stdout, StringComparison.Ordinal);
        AssertNoDuplicates();
        var journaled = await IntentClientIds();
        Assert.All(_server.Orders, o => Assert.Contains(o.ClientOrderId, journaled));
        Assert.True(_server.Orders.Count >= afterSecond);
        Assert.Single(await store.GetFillsAsync(1));
    }

    [Fact]
    public async Task A_partly_filled_working_order_is_booked_at_once_and_its_remainder_once_across_restarts()
    {
        var (code, _, stderr) = await RunAt(Open0935, Environment(), "--once");
        Assert.True(code == 0, stderr);
        var entry = _server.Orders.First(o => o.Qty >= 2 && o.Qty == decimal.Truncate(o.Qty));
        var part = decimal.Floor(entry.Qty / 2);

        // Part of an entry fills while the order keeps working: the next run books that part as its position already.
        _server.Fill(entry.Id, part, entry.LimitPrice!.Value);
        (code, var stdout, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);

        // The cycle knows the position from its start: it refreshes its exit instead of planning a new entry over the
        // working order, which keeps working.
        Assert.Contains("Resuming paper run 1 (started 2026-03-09 13:35Z); 1 positions", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-03-09/second-hour: 2 symbols decided (0 skipped), 1 entries, 0 closes, 1 exit refreshes", stdout, StringComparison.Ordinal);
        Assert.True(_server.OrderByClientId(entry.ClientOrderId).IsOpen);
        var store = await TradingStore.OpenAsync(Path.Combine(_state, "kairos.db"), TimeProvider.System);
        var booked = Assert.Single(await store.GetFillsAsync(1));
        Assert.Equal((entry.ClientOrderId, part), (booked.ClientOrderId, booked.Quantity));
        Assert.Equal(part, Assert.Single(await store.GetPositionsAsync(1), p => p.Instrument.Symbol == entry.Symbol).Quantity);

        // The rest fills while the bot is down; two restarts book the remainder once.
        _server.Fill(entry.Id, entry.Qty - part, entry.LimitPrice.Value);
        var total = entry.Qty;
        (code, _, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);
        (code, _, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);
        var fills = (await store.GetFillsAsync(1)).Where(f => f.ClientOrderId == entry.ClientOrderId).ToList();
        Assert.Equal(total, fills.Sum(f => f.Quantity));
        Assert.Equal(total, Assert.Single(await store.GetPositionsAsync(1), p => p.Instrument.Symbol == entry.Symbol).Quantity);
        AssertNoDuplicates();
        Assert.DoesNotContain("Position check:", stdout, StringComparison.Ordinal);

        // Someone sells one share by hand while the bot is down: the next start names the difference.
        _server.SetPosition(entry.Symbol, "us_equity", total - 1, entry.LimitPrice.Value, entry.LimitPrice.Value);
        (code, stdout, stderr) = await RunAt(Second1035, Environment(), "--once");
        Assert.True(code == 0, stderr);
        Assert.Contains(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Position check: {entry.Symbol}: the run's book holds {total}, the account {total - 1} (traded outside the bot, or fees taken in the asset); the bot manages only what it booked."),
            stdout,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fills_of_orders_the_run_did_not_place_never_enter_its_book()
    {
        // Three days before the run, a sale of NIO placed by hand filled on the account: history the bot has no part in.
        _server.Now = Open0935.AddDays(-3);
        var options = new AlpacaOptions { TradingBaseUrl = _server.BaseUrl, DataBaseUrl = _server.BaseUrl, KeyId = KeyId, SecretKey = Secret };
        using (var manual = new AlpacaBroker(options, TimeProvider.System, new Random(1)))
        {
            var order = await manual.SubmitOrderAsync(new OrderRequest("manual-1", new Instrument("NIO", AssetClass.Equity), OrderSide.Sell, 10m, OrderType.Limit, 5m, TimeInForce.Day));
            _server.Fill(order.Id, 10m, 5m);
        }

        var (code, stdout, stderr) = await RunAt(Open0935, Environment(), "--once");
        Assert.True(code == 0, stderr);

        // The bot neither books the sale as a short of its own nor trades to close it.
        Assert.Contains("2026-03-09/market-open: 2 symbols decided (0 skipped), 2 entries, 0 closes", stdout, StringComparison.Ordinal);
        var store = await TradingStore.OpenAsync(Path.Combine(_state, "kairos.db"), TimeProvider.System);
        Assert.Empty(await store.GetFillsAsync(1));
        Assert.Empty(await store.GetPositionsAsync(1));
        Assert.Contains("fill of manual-1 (NIO Sell 10 @ 5) ignored: not an order of this run", await File.ReadAllTextAsync(Path.Combine(_state, "kairos.log")), StringComparison.Ordinal);
        Assert.All(_server.Orders.Where(o => o.ClientOrderId != "manual-1"), o => Assert.StartsWith("kp", o.ClientOrderId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_rides_out_an_alpaca_outage_reconciles_and_finishes_its_cycles_without_duplicates()
    {
        // From 09:35 to 10:40 ET on a clock that jumps to each timer (the loop's minute ticks, the client's backoff). At
        // 10:00 every GET starts answering 500 for 15 requests: three steps in a row fail after the client's own retries.
        var clock = new JumpingTime(Open0935, Open0935.AddMinutes(25), () => _server.AddFault(new FakeFault("GET", "/v2/", FakeFaultKind.ServerError, 15)));
        var (code, stdout, stderr) = await RunOn(clock, Environment(), "--until", "2026-03-09T10:40");
        Assert.True(code == 0, stderr);

        Assert.Contains("2026-03-09/market-open", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-03-09/second-hour", stdout, StringComparison.Ordinal);
        Assert.Contains("Stopped (--until reached)", stdout, StringComparison.Ordinal);
        Assert.Contains("broker unavailable (", stderr, StringComparison.Ordinal);
        Assert.Contains("step failed (3 in a row)", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("step failed (4 in a row)", stderr, StringComparison.Ordinal);

        // Reconciled at start and again after the outage; the failures are in the bot's log too.
        Assert.Equal(2, stdout.Split('\n').Count(l => l.StartsWith("Reconciled with Alpaca:", StringComparison.Ordinal)));
        Assert.Contains("broker unavailable (", await File.ReadAllTextAsync(Path.Combine(_state, "kairos.log")), StringComparison.Ordinal);

        AssertNoDuplicates();
        var journaled = await IntentClientIds();
        Assert.All(_server.Orders, o => Assert.Contains(o.ClientOrderId, journaled));
        var store = await TradingStore.OpenAsync(Path.Combine(_state, "kairos.db"), TimeProvider.System);
        Assert.All(await store.GetCyclesAsync(1), c => Assert.Equal(CycleStatus.Completed, c.Status));
    }

    [Fact]
    public async Task Live_needs_paper_off_and_the_live_flag_together_and_says_what_it_will_do()
    {
        var (code, _, stderr) = await RunAt(Open0935, Environment(paper: false), "--once");
        Assert.Equal(2, code);
        Assert.Contains("PAPER=0 selects live trading, which also needs the --live flag", stderr, StringComparison.Ordinal);

        (code, _, stderr) = await RunAt(Open0935, Environment(), "--once", "--live");
        Assert.Equal(2, code);
        Assert.Contains("--live was given but PAPER is not 0", stderr, StringComparison.Ordinal);

        var missing = new Dictionary<string, string> { ["APCA_API_BASE_URL"] = _server.BaseUrl.ToString() };
        (code, _, stderr) = await RunAt(Open0935, missing, "--once");
        Assert.Equal(2, code);
        Assert.Contains("APCA_API_KEY_ID", stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Orders);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>
    /// A clock that jumps ahead by a timer's due time as the timer is created and fires it at once, so minutes of the loop
    /// pass in milliseconds; <c>at</c> runs once when the clock first reaches <c>when</c>.
    /// </summary>
    private sealed class JumpingTime(DateTimeOffset start, DateTimeOffset when, Action at) : TimeProvider
    {
        private readonly Lock _gate = new();
        private DateTimeOffset _now = start;
        private bool _fired;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow()
        {
            lock (_gate)
            {
                return _now;
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            bool fire;
            lock (_gate)
            {
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return new NoTimer();
                }

                _now += dueTime;
                fire = !_fired && _now >= when;
                _fired |= fire;
            }

            if (fire)
            {
                at();
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
