using Kairos.Core.Trading;
using Kairos.Trading.Execution;
using Kairos.Trading.Replay;
using Kairos.Trading.Scheduling;
using Kairos.Trading.State;
using Kairos.Trading.Tests.Simulation;

namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// The wall-clock loop on a hand-moved clock. Friday 2026-03-06 is EST (UTC−5): market-open 14:30–15:00 UTC, second-hour
/// 15:30–16:00, market-close 20:00–20:15, NYSE close 21:00, crypto-evening 00:00 and overnight 03:00 the next UTC day.
/// Monday 2026-03-09 is EDT (UTC−4): market-open 13:30 UTC.
/// </summary>
public sealed class ScheduledLoopTests
{
    private static DateTimeOffset Utc(int day, int hour, int minute) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_outside_the_windows_runs_an_initial_cycle_then_each_window_once_when_it_opens()
    {
        var clock = new ManualTime(Utc(6, 14, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();

        var start = await loop.StartAsync();
        Assert.Equal("2026-03-06/initial", start.Key);
        Assert.Equal(CycleWindowKind.Initial, start.Kind);

        var ran = new List<string?>();
        foreach (var t in new[] { Utc(6, 14, 29), Utc(6, 14, 30), Utc(6, 14, 31), Utc(6, 14, 59), Utc(6, 15, 10), Utc(6, 15, 31), Utc(6, 15, 45) })
        {
            clock.Now = t;
            ran.Add((await loop.TickAsync())?.Key);
        }

        Assert.Equal([null, "2026-03-06/market-open", null, null, null, "2026-03-06/second-hour", null], ran);
        Assert.Equal(["2026-03-06/initial", "2026-03-06/market-open", "2026-03-06/second-hour"], await f.CycleIds());
        Assert.All(await f.Store.GetCyclesAsync(f.RunId), c => Assert.Equal(CycleStatus.Completed, c.Status));
        Assert.Equal(3, loop.Cycles);
        Assert.Equal(7, loop.Ticks);
    }

    [Fact]
    public async Task A_window_slept_through_runs_late_once_but_windows_overtaken_by_a_later_one_are_not_caught_up()
    {
        var clock = new ManualTime(Utc(6, 14, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();
        await loop.StartAsync();

        // 15:10: market-open (14:30–15:00) was missed by a long step; it is still the latest window to have started.
        clock.Now = Utc(6, 15, 10);
        Assert.Equal("2026-03-06/market-open", (await loop.TickAsync())?.Key);

        // Friday 15:31 → Monday 13:31 in one tick: second-hour, market-close and the weekend's windows were overtaken.
        clock.Now = Utc(9, 13, 31);
        Assert.Equal("2026-03-09/market-open", (await loop.TickAsync())?.Key);
        Assert.Equal(["2026-03-06/initial", "2026-03-06/market-open", "2026-03-09/market-open"], await f.CycleIds());
    }

    [Fact]
    public async Task Start_inside_an_open_window_runs_that_window_and_later_ticks_do_not_repeat_it()
    {
        var clock = new ManualTime(Utc(6, 14, 40));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();

        Assert.Equal("2026-03-06/market-open", (await loop.StartAsync()).Key);
        clock.Now = Utc(6, 14, 41);
        Assert.Null(await loop.TickAsync());
        clock.Now = Utc(6, 14, 59);
        Assert.Null(await loop.TickAsync());
        Assert.Equal(["2026-03-06/market-open"], await f.CycleIds());
    }

    [Fact]
    public async Task A_restart_after_a_finished_window_runs_an_initial_cycle_instead_and_never_reruns_the_window()
    {
        var clock = new ManualTime(Utc(6, 14, 40));
        using var f = await LoopFixture.CreateAsync(clock);
        await (await f.NewLoop()).StartAsync(); // market-open

        clock.Now = Utc(6, 14, 50);
        var restarted = await f.NewLoop();
        Assert.Equal("2026-03-06/initial", (await restarted.StartAsync()).Key);
        clock.Now = Utc(6, 14, 55);
        Assert.Null(await restarted.TickAsync());

        // A third start the same day gets the next free initial key (cycle ids are unique within a run).
        clock.Now = Utc(6, 17, 0);
        Assert.Equal("2026-03-06/initial-2", (await (await f.NewLoop()).StartAsync()).Key);
        Assert.Equal(["2026-03-06/market-open", "2026-03-06/initial", "2026-03-06/initial-2"], await f.CycleIds());
    }

    [Fact]
    public async Task A_cycle_interrupted_by_a_crash_is_finished_at_start_with_its_recorded_account_and_later_windows_still_run()
    {
        var clock = new ManualTime(Utc(6, 14, 31));
        using var f = await LoopFixture.CreateAsync(clock);
        var account = await f.Broker.GetAccountAsync();
        await f.Store.BeginCycleAsync(new CycleRecord(f.RunId, "2026-03-06/market-open", "market-open", Utc(6, 14, 30), Utc(6, 14, 31), null, CycleStatus.Running, account));

        clock.Now = Utc(6, 14, 50);
        var loop = await f.NewLoop();
        Assert.Equal("2026-03-06/market-open", (await loop.StartAsync()).Key);

        var cycle = Assert.Single(await f.Store.GetCyclesAsync(f.RunId));
        Assert.Equal(CycleStatus.Completed, cycle.Status);
        Assert.Equal(Utc(6, 14, 31), cycle.StartedAt); // redone, not begun again
        Assert.Equal(Utc(6, 14, 50), cycle.FinishedAt);
        Assert.Equal(account.Cash, cycle.Account!.Cash);

        clock.Now = Utc(6, 15, 31);
        Assert.Equal("2026-03-06/second-hour", (await loop.TickAsync())?.Key);
    }

    [Fact]
    public async Task An_interrupted_later_initial_cycle_is_rebuilt_with_its_occurrence()
    {
        var clock = new ManualTime(Utc(6, 17, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var account = await f.Broker.GetAccountAsync();
        await f.Store.BeginCycleAsync(new CycleRecord(f.RunId, "2026-03-06/initial", "initial", Utc(6, 16, 0), Utc(6, 16, 0), null, CycleStatus.Running, account));
        await f.Store.CompleteCycleAsync(f.RunId, "2026-03-06/initial", CycleStatus.Completed, Utc(6, 16, 1));
        await f.Store.BeginCycleAsync(new CycleRecord(f.RunId, "2026-03-06/initial-2", "initial", Utc(6, 16, 30), Utc(6, 16, 30), null, CycleStatus.Running, account));

        var window = await (await f.NewLoop()).StartAsync();
        Assert.Equal("2026-03-06/initial-2", window.Key);
        Assert.Equal(2, window.Occurrence);
        Assert.Equal(Utc(6, 16, 30), window.Start);
        Assert.All(await f.Store.GetCyclesAsync(f.RunId), c => Assert.Equal(CycleStatus.Completed, c.Status));
    }

    [Fact]
    public async Task An_unfinished_cycle_the_loop_cannot_rebuild_is_abandoned_and_an_initial_cycle_runs()
    {
        var clock = new ManualTime(Utc(6, 17, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        await f.Store.BeginCycleAsync(new CycleRecord(f.RunId, "manual-1", "pre-open-crypto", Utc(6, 16, 0), Utc(6, 16, 0), null, CycleStatus.Running, null));

        Assert.Equal("2026-03-06/initial", (await (await f.NewLoop()).StartAsync()).Key);
        var cycles = await f.Store.GetCyclesAsync(f.RunId);
        Assert.Equal(CycleStatus.Abandoned, cycles.Single(c => c.CycleId == "manual-1").Status);
        Assert.Equal(CycleStatus.Completed, cycles.Single(c => c.CycleId == "2026-03-06/initial").Status);
    }

    [Fact]
    public async Task Equity_is_recorded_once_at_the_first_tick_after_each_nyse_close()
    {
        var clock = new ManualTime(Utc(6, 20, 50));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();
        await loop.StartAsync(); // 20:50: market-close (20:00–20:15) has ended, so an initial cycle

        foreach (var t in new[] { Utc(6, 20, 59), Utc(6, 21, 0), Utc(6, 21, 1), Utc(9, 19, 0), Utc(9, 20, 0), Utc(9, 20, 30) })
        {
            clock.Now = t;
            await loop.TickAsync();
        }

        // Friday's market-close (20:00 UTC) started before the start-up cycle, so only Monday's runs.
        Assert.Equal(["2026-03-06/initial", "2026-03-09/market-close"], await f.CycleIds());

        // Friday's close (21:00 UTC) at the 21:00 tick; Monday's close (16:00 EDT = 20:00 UTC) at the 20:00 tick.
        Assert.Equal([Utc(6, 21, 0), Utc(9, 20, 0)], (await f.Store.GetEquityCurveAsync(f.RunId)).Select(s => s.At));
        Assert.All(await f.Store.GetEquityCurveAsync(f.RunId), s => Assert.Equal(100_000m, s.Equity));
    }

    [Fact]
    public async Task A_kill_switch_newly_set_to_flatten_runs_a_cycle_at_the_next_tick_once()
    {
        var clock = new ManualTime(Utc(6, 16, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop(new ScheduledLoopSettings { KillSwitchPath = f.KillPath });
        await loop.StartAsync(); // 16:00: initial

        async Task<string?> TickAt(int hour, int minute)
        {
            clock.Now = Utc(6, hour, minute);
            return (await loop.TickAsync())?.Key;
        }

        await KillSwitch.EngageAsync(f.KillPath, flatten: false, "stop only");
        Assert.Null(await TickAt(16, 1)); // stopping entries needs no cycle
        await KillSwitch.EngageAsync(f.KillPath, flatten: true, "flatten");
        Assert.Equal("2026-03-06/initial-2", await TickAt(16, 2));
        Assert.Null(await TickAt(16, 3)); // still set: already obeyed
        KillSwitch.Release(f.KillPath);
        Assert.Null(await TickAt(16, 4));
        await KillSwitch.EngageAsync(f.KillPath, flatten: true, "again");
        Assert.Equal("2026-03-06/initial-3", await TickAt(16, 5));
    }

    [Fact]
    public async Task A_flatten_set_before_start_is_obeyed_by_the_start_up_cycle_and_not_repeated()
    {
        var clock = new ManualTime(Utc(6, 16, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        await KillSwitch.EngageAsync(f.KillPath, flatten: true, "flatten");
        var loop = await f.NewLoop(new ScheduledLoopSettings { KillSwitchPath = f.KillPath });
        Assert.Equal("2026-03-06/initial", (await loop.StartAsync()).Key);
        clock.Now = Utc(6, 16, 1);
        Assert.Null(await loop.TickAsync());
    }

    [Fact]
    public async Task Run_ticks_every_interval_on_the_time_provider_and_stops_at_until()
    {
        var clock = new SteppingTime(Utc(6, 14, 25));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(6, 15, 35) });

        Assert.Equal(LoopStop.Until, await loop.RunAsync());

        // 14:25 initial; ticks at 14:26 … 15:35 (70 one-minute waits): market-open at 14:30, second-hour at 15:30.
        Assert.Equal(Utc(6, 15, 35), clock.GetUtcNow());
        Assert.Equal(70, loop.Ticks);
        Assert.Equal(["2026-03-06/initial", "2026-03-06/market-open", "2026-03-06/second-hour"], await f.CycleIds());
        Assert.Equal(
            [Utc(6, 14, 25), Utc(6, 14, 30), Utc(6, 15, 30)],
            (await f.Store.GetCyclesAsync(f.RunId)).Select(c => c.StartedAt));
    }

    [Fact]
    public async Task The_last_wait_is_cut_short_to_stop_exactly_at_until()
    {
        var clock = new SteppingTime(Utc(6, 14, 25));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop(new ScheduledLoopSettings { Interval = TimeSpan.FromMinutes(4), Until = Utc(6, 14, 35) });

        Assert.Equal(LoopStop.Until, await loop.RunAsync());
        Assert.Equal(Utc(6, 14, 35), clock.GetUtcNow()); // ticks at 14:29, 14:33, 14:35
        Assert.Equal(3, loop.Ticks);
    }

    [Fact]
    public async Task Until_already_passed_runs_nothing()
    {
        var clock = new ManualTime(Utc(6, 14, 25));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(6, 14, 0) });

        Assert.Equal(LoopStop.Until, await loop.RunAsync());
        Assert.Empty(await f.CycleIds());
    }

    [Fact]
    public async Task Cancellation_during_the_wait_stops_the_loop_after_the_start_up_cycle()
    {
        // ManualTime keeps the system's timers: the one-minute wait really waits, and the cancellation ends it.
        var clock = new ManualTime(Utc(6, 14, 25));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();
        using var cancel = new CancellationTokenSource();
        loop.CycleCompleted = (_, _) => cancel.CancelAfter(TimeSpan.FromMilliseconds(50));

        Assert.Equal(LoopStop.Cancelled, await loop.RunAsync(cancel.Token));
        Assert.Equal(1, loop.Cycles);
        Assert.Equal(0, loop.Ticks);
        Assert.Equal(["2026-03-06/initial"], await f.CycleIds());
    }

    [Fact]
    public async Task A_tick_before_start_and_bad_settings_are_refused()
    {
        var clock = new ManualTime(Utc(6, 14, 25));
        using var f = await LoopFixture.CreateAsync(clock);
        var loop = await f.NewLoop();
        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.TickAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => f.NewLoop(new ScheduledLoopSettings { Interval = TimeSpan.Zero }));
    }

    [Fact]
    public void Initial_windows_analyse_the_whole_universe_and_number_later_occurrences()
    {
        var w = new CycleWindow(CycleWindowKind.Initial, new DateOnly(2026, 3, 6), Utc(6, 14, 0), Utc(6, 14, 30));
        Assert.Equal("initial", w.Name);
        Assert.False(w.CryptoOnly);
        Assert.False(w.CloseOnly);
        Assert.Equal("2026-03-06/initial", w.Key);
        Assert.Equal("2026-03-06/initial-3", (w with { Occurrence = 3 }).Key);
        Assert.DoesNotContain(new TradingSchedule().WindowsOn(new DateOnly(2026, 3, 6)), x => x.Kind == CycleWindowKind.Initial);
    }
}
