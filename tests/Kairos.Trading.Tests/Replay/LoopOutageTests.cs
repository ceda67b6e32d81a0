using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;
using Kairos.Trading.Replay;
using Kairos.Trading.State;

namespace Kairos.Trading.Tests.Replay;

/// <summary>
/// The wall-clock loop through a broker outage (docs/run.md): a step that fails with a retryable broker error is retried
/// at the next tick — the bot reloaded, the interrupted cycle finished — and the loop gives up only after
/// <see cref="ScheduledLoopSettings.MaxConsecutiveFailures"/> failed steps in a row. Friday 2026-03-06 is EST:
/// market-open 14:30 UTC, second-hour 15:30 UTC.
/// </summary>
public sealed class LoopOutageTests
{
    private static DateTimeOffset Utc(int hour, int minute) => new(2026, 3, 6, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_five_minute_outage_at_market_open_is_ridden_out_and_the_interrupted_cycle_is_finished()
    {
        var clock = new SteppingTime(Utc(14, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var broker = new OutageBroker(f.Broker, clock, Utc(14, 30), Utc(14, 35));
        var log = new StringWriter();
        var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(16, 0) }, broker, log);

        Assert.Equal(LoopStop.Until, await loop.RunAsync());

        Assert.Equal(["2026-03-06/initial", "2026-03-06/market-open", "2026-03-06/second-hour"], await f.CycleIds());
        Assert.All(await f.Store.GetCyclesAsync(f.RunId), c => Assert.Equal(CycleStatus.Completed, c.Status));
        Assert.Equal(3, loop.Cycles);

        // Ticks at 14:30 … 14:34 fail (the first one inside the market-open cycle); 14:35 reloads and finishes it.
        Assert.Equal(5, loop.FailedSteps);
        var lines = log.ToString().Split('\n');
        Assert.Equal(5, lines.Count(l => l.Contains("broker unavailable (connection reset by peer): step failed", StringComparison.Ordinal)));
        Assert.Contains("2026-03-06 14:30:00Z broker unavailable (connection reset by peer): step failed (1 in a row); the next tick reloads the bot's state and resumes", lines);
        Assert.Contains(lines, l => l.StartsWith("finishing 2026-03-06/market-open, interrupted at 2026-03-06 14:30Z by the failed step", StringComparison.Ordinal));
        var cycle = (await f.Store.GetCyclesAsync(f.RunId)).Single(c => c.CycleId == "2026-03-06/market-open");
        Assert.Equal(Utc(14, 35), cycle.FinishedAt);
    }

    [Fact]
    public async Task A_window_overtaken_during_the_outage_is_not_caught_up()
    {
        var clock = new SteppingTime(Utc(14, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var log = new StringWriter();
        var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(16, 0), MaxConsecutiveFailures = 100 }, new OutageBroker(f.Broker, clock, Utc(14, 30), Utc(15, 35)), log);

        Assert.Equal(LoopStop.Until, await loop.RunAsync());

        Assert.Equal(65, loop.FailedSteps);
        Assert.Equal(["2026-03-06/initial", "2026-03-06/second-hour"], await f.CycleIds());
        Assert.Contains("not finishing 2026-03-06/market-open, interrupted at 2026-03-06 14:30Z by the failed step: 2026-03-06/second-hour has started since", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outage_longer_than_the_allowance_ends_the_loop_with_the_broker_error()
    {
        var clock = new SteppingTime(Utc(14, 0));
        using var f = await LoopFixture.CreateAsync(clock);
        var broker = new OutageBroker(f.Broker, clock, Utc(14, 30), Utc(23, 0));
        var log = new StringWriter();
        var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(16, 0), MaxConsecutiveFailures = 3 }, broker, log);

        var e = await Assert.ThrowsAsync<BrokerException>(() => loop.RunAsync());
        Assert.True(e.IsRetryable);
        Assert.Equal(3, loop.FailedSteps);
        Assert.Equal(Utc(14, 32), clock.GetUtcNow());
        Assert.Contains("broker unavailable (connection reset by peer): 3 failed steps in a row, giving up; run the same command to resume", log.ToString(), StringComparison.Ordinal);

        // The window the outage interrupted is left for the next start, which runs it once the broker answers.
        Assert.Equal(["2026-03-06/initial"], await f.CycleIds());
        var restarted = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(14, 45) });
        Assert.Equal(LoopStop.Until, await restarted.RunAsync());
        Assert.Equal(["2026-03-06/initial", "2026-03-06/market-open"], await f.CycleIds());
        Assert.All(await f.Store.GetCyclesAsync(f.RunId), c => Assert.Equal(CycleStatus.Completed, c.Status));
    }

    [Fact]
    public async Task A_failed_start_up_step_is_retried_and_an_error_that_is_not_retryable_ends_the_loop_at_once()
    {
        var clock = new SteppingTime(Utc(14, 0));
        using (var f = await LoopFixture.CreateAsync(clock))
        {
            var broker = new OutageBroker(f.Broker, clock, Utc(14, 0), Utc(14, 2)) { Armed = false };
            var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(14, 10) }, broker);
            broker.Armed = true;
            Assert.Equal(LoopStop.Until, await loop.RunAsync());
            Assert.Equal(2, loop.FailedSteps);
            Assert.Equal(["2026-03-06/initial"], await f.CycleIds());
            Assert.Equal(Utc(14, 2), (await f.Store.GetCyclesAsync(f.RunId)).Single().FinishedAt);
        }

        using (var f = await LoopFixture.CreateAsync(clock = new SteppingTime(Utc(14, 0))))
        {
            var broker = new OutageBroker(f.Broker, clock, Utc(14, 30), Utc(14, 35)) { Retryable = false };
            var loop = await f.NewLoop(new ScheduledLoopSettings { Until = Utc(16, 0) }, broker);
            var e = await Assert.ThrowsAsync<BrokerException>(() => loop.RunAsync());
            Assert.False(e.IsRetryable);
            Assert.Equal(0, loop.FailedSteps);
            Assert.Equal(Utc(14, 30), clock.GetUtcNow());
        }
    }

    /// <summary>A broker whose every call fails between two instants of the clock (a lost connection).</summary>
    private sealed class OutageBroker(IBroker inner, TimeProvider clock, DateTimeOffset from, DateTimeOffset to) : IBroker
    {
        public bool Retryable { get; init; } = true;

        /// <summary>False: the outage is not on yet whatever the clock says.</summary>
        public bool Armed { get; set; } = true;

        public string Name => inner.Name;

        public Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default) => Call(() => inner.GetAccountAsync(cancellationToken));

        public Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default) => Call(() => inner.GetPositionsAsync(cancellationToken));

        public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) => Call(() => inner.GetOpenOrdersAsync(cancellationToken));

        public Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default) => Call(() => inner.GetOrderByClientIdAsync(clientOrderId, cancellationToken));

        public Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default) => Call(() => inner.GetFillsAsync(afterSequence, cancellationToken));

        public Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default) => Call(() => inner.SubmitOrderAsync(request, cancellationToken));

        public Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default) => Call(() => inner.CancelOrderAsync(orderId, cancellationToken));

        public Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default) => Call(() => inner.GetClockAsync(cancellationToken));

        public Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default) => Call(() => inner.GetQuoteAsync(instrument, cancellationToken));

        private Task<T> Call<T>(Func<Task<T>> call)
        {
            var now = clock.GetUtcNow();
            return Armed && now >= from && now < to
                ? Task.FromException<T>(new BrokerException("connection reset by peer") { IsRetryable = Retryable })
                : call();
        }
    }
}
