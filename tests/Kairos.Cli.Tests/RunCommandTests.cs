using Kairos.Trading.State;
using Microsoft.Data.Sqlite;

namespace Kairos.Cli.Tests;

/// <summary>
/// <c>kairos run</c> and <c>kairos kill</c> on the bundled data, at a fixed wall clock: Monday 2026-03-09 10:35 EDT, inside
/// the second-hour window (10:30–11:00), with bars up to Friday 2026-03-06 completed and Monday's session in progress.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private static readonly DateTimeOffset Monday1035 = new(2026, 3, 9, 14, 35, 0, TimeSpan.Zero);

    private readonly string _state = Directory.CreateTempSubdirectory("kairos-run-").FullName;
    private readonly FixedTime _time = new(Monday1035);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_state, recursive: true);
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRunner.RunAt(_time, ["run", .. args, "--state", _state, "-q"]);

    private async Task<TradingStore> Store() => await TradingStore.OpenAsync(Path.Combine(_state, "kairos.db"), _time);

    /// <summary>Entry orders (limit entries and ramp steps) the runs recorded.</summary>
    private async Task<int> EntryIntents()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_state, "kairos.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM order_intents WHERE purpose IN ('entry', 'ramp')";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Once_runs_the_open_window_as_a_paper_run_in_the_state_database()
    {
        var (code, stdout, stderr) = await Run("--once", "--symbols", "NIO,KGC");

        Assert.True(code == 0, stderr);
        Assert.Contains("mode: paper (simulated broker)", stdout, StringComparison.Ordinal);
        Assert.Contains($"state: {_state}", stdout, StringComparison.Ordinal);
        Assert.Contains("Symbols (2): NIO KGC", stdout, StringComparison.Ordinal);
        Assert.Contains("Started paper run 1", stdout, StringComparison.Ordinal);
        Assert.Contains("2026-03-09 10:35 ET  2026-03-09/second-hour:", stdout, StringComparison.Ordinal);

        var store = await Store();
        var run = await store.GetLatestRunAsync(TradingMode.Paper);
        Assert.NotNull(run);
        Assert.Equal("simulated", run.Broker);
        var cycle = Assert.Single(await store.GetCyclesAsync(run.Id));
        Assert.Equal(("2026-03-09/second-hour", CycleStatus.Completed), (cycle.CycleId, cycle.Status));
        Assert.Equal(2, (await store.GetDecisionsAsync(run.Id)).Count);
        Assert.True(await EntryIntents() > 0, "without the kill switch the cycle places entry orders");
    }

    [Fact]
    public async Task A_second_once_resumes_the_same_run_and_runs_an_initial_cycle_since_the_window_already_ran()
    {
        Assert.Equal(0, (await Run("--once", "--symbols", "NIO,KGC")).Code);
        var (code, stdout, stderr) = await Run("--once", "--symbols", "KGC,NIO");

        Assert.True(code == 0, stderr);
        Assert.Contains("Resuming paper run 1", stdout, StringComparison.Ordinal);
        var store = await Store();
        Assert.Equal(1, (await store.GetLatestRunAsync(TradingMode.Paper))!.Id);
        // The clock is frozen, so both cycles started at the same instant and the store lists them by id.
        Assert.Equal(["2026-03-09/initial", "2026-03-09/second-hour"], (await store.GetCyclesAsync(1)).Select(c => c.CycleId));
        Assert.All(await store.GetCyclesAsync(1), c => Assert.Equal(CycleStatus.Completed, c.Status));
    }

    [Fact]
    public async Task Kill_then_once_records_no_entry_orders_and_release_lifts_the_switch()
    {
        var kill = await CliRunner.Run("kill", "--reason", "testing", "--state", _state);
        Assert.Equal(0, kill.Code);
        Assert.Contains("engaged — no new entries (testing)", kill.Out, StringComparison.Ordinal);
        Assert.Equal("stop\ntesting\n", await File.ReadAllTextAsync(Path.Combine(_state, "KILL")));

        var (code, stdout, stderr) = await Run("--once", "--symbols", "NIO,KGC");
        Assert.True(code == 0, stderr);
        Assert.Contains("Kill switch: engaged — no new entries (testing)", stdout, StringComparison.Ordinal);
        Assert.Equal(0, await EntryIntents());
        var decisions = await (await Store()).GetDecisionsAsync(1);
        Assert.Contains(decisions, d => d.Reasons.Contains("kill switch engaged: no new entries"));

        var flatten = await CliRunner.Run("kill", "--flatten", "--state", _state);
        Assert.Contains("engaged — no new entries, flatten every position (engaged with 'kairos kill')", flatten.Out, StringComparison.Ordinal);
        var release = await CliRunner.Run("kill", "--release", "--state", _state);
        Assert.Equal(0, release.Code);
        Assert.EndsWith(": off\n", release.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_state, "KILL")));
    }

    [Fact]
    public async Task Another_universe_in_the_same_state_folder_is_refused_unless_restarted()
    {
        Assert.Equal(0, (await Run("--once", "--symbols", "NIO,KGC")).Code);

        var (code, _, stderr) = await Run("--once", "--symbols", "NIO");
        Assert.Equal(2, code);
        Assert.Contains("holds paper run 1 trading KGC,NIO, not NIO", stderr, StringComparison.Ordinal);

        var restarted = await Run("--once", "--symbols", "NIO", "--restart");
        Assert.Equal(0, restarted.Code);
        Assert.Contains("Started paper run 1", restarted.Out, StringComparison.Ordinal);
        Assert.Equal(["2026-03-09/second-hour"], (await (await Store()).GetCyclesAsync(1)).Select(c => c.CycleId));
    }

    [Theory]
    [InlineData("--broker alpaca", "Alpaca credentials missing: set APCA_API_KEY_ID and APCA_API_SECRET_KEY")]
    [InlineData("--broker ib", "--broker: unknown broker 'ib' (use 'simulated' or 'alpaca')")]
    [InlineData("--live", "--live trades real money through Alpaca: it needs --broker alpaca (and PAPER=0)")]
    [InlineData("--once --until 2026-03-09T16:00", "--once and --until exclude each other")]
    [InlineData("--until 2026-03-09T10:00", "--until: 2026-03-09T10:00 ET has already passed")]
    [InlineData("--until tomorrow", "is not a US/Eastern time as yyyy-MM-ddTHH:mm")]
    [InlineData("--once --cash 0", "--cash must be positive")]
    [InlineData("--once --symbols NOPE", "--symbols: no data for 'NOPE'")]
    [InlineData("--once --data . --db x.db", "--data and --db exclude each other")]
    public async Task Bad_run_flags_are_usage_errors(string flags, string message)
    {
        var (code, stdout, stderr) = await Run(flags.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout);
    }

    [Fact]
    public async Task Release_with_flatten_is_a_usage_error()
    {
        var (code, _, stderr) = await CliRunner.Run("kill", "--release", "--flatten", "--state", _state);
        Assert.Equal(2, code);
        Assert.Contains("--release takes neither --flatten nor --reason", stderr, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
