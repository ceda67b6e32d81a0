using System.Threading.Channels;
using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public sealed class BatchedWriterTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 14, 30, 0, TimeSpan.Zero);

    private readonly ManualTimers _time = new(T0);
    private readonly List<int[]> _batches = [];

    [Fact]
    public async Task Hands_a_batch_to_the_sink_as_soon_as_it_is_full()
    {
        await using var writer = Writer(new BatchedWriterOptions { Capacity = 100, BatchSize = 4, FlushInterval = TimeSpan.FromHours(1) });

        for (var i = 0; i < 10; i++)
        {
            await writer.WriteAsync(i);
        }

        await Eventually.TrueAsync(() => writer.Batches == 2, "two full batches");
        // The clock never moves, so the last two items can only leave on completion.
        await Task.Delay(50);
        Assert.Equal(8, writer.Flushed);
        await writer.CompleteAsync();

        Assert.Equal([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]], Batches());
    }

    [Fact]
    public async Task Flushes_a_partial_batch_when_its_oldest_item_is_one_interval_old()
    {
        await using var writer = Writer(new BatchedWriterOptions { BatchSize = 100, FlushInterval = TimeSpan.FromSeconds(1) });

        await writer.WriteAsync(1);
        await writer.WriteAsync(2);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        await writer.WriteAsync(3);
        _time.Advance(TimeSpan.FromMilliseconds(399));
        await Task.Delay(50);
        Assert.Equal(0, writer.Flushed);

        // 1 s after the first item: all three go, though the third is only 0.4 s old.
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => writer.Flushed == 3, "the interval flush");

        // The next batch's interval starts at its own first item (written at 1.5 s), not at the previous flush (1.0 s).
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await writer.WriteAsync(4);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        Assert.Equal(3, writer.Flushed);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => writer.Flushed == 4, "the second interval flush");

        Assert.Equal([[1, 2, 3], [4]], Batches());
    }

    [Fact]
    public async Task Dispose_delivers_every_one_of_10000_items_in_order()
    {
        var writer = Writer(new BatchedWriterOptions { Capacity = 64, BatchSize = 100, FlushInterval = TimeSpan.FromHours(1) });

        for (var i = 0; i < 10_000; i++)
        {
            await writer.WriteAsync(i);
        }

        await writer.DisposeAsync();

        Assert.Equal(Enumerable.Range(0, 10_000), _batches.SelectMany(b => b));
        Assert.Equal(100, writer.Batches);
        Assert.Equal(10_000, writer.Written);
        Assert.Equal(10_000, writer.Flushed);
    }

    [Fact]
    public async Task Concurrent_producers_lose_nothing_and_keep_their_own_order()
    {
        var writer = Writer(new BatchedWriterOptions { Capacity = 16, BatchSize = 7, FlushInterval = TimeSpan.FromHours(1) });

        // Producer p writes p*10000 + k for k = 0..2499.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(async () =>
        {
            for (var k = 0; k < 2500; k++)
            {
                await writer.WriteAsync((p * 10_000) + k);
            }
        })));
        await writer.CompleteAsync();

        var all = _batches.SelectMany(b => b).ToList();
        Assert.Equal(10_000, all.Count);
        for (var p = 0; p < 4; p++)
        {
            Assert.Equal(Enumerable.Range(p * 10_000, 2500), all.Where(x => x / 10_000 == p));
        }

        Assert.All(_batches.SkipLast(1), b => Assert.Equal(7, b.Length));
    }

    [Fact]
    public async Task A_full_queue_makes_the_writer_wait_until_the_sink_frees_room()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new List<int>();
        var writer = new BatchedWriter<int>(
            async (batch, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
                received.AddRange(batch);
            },
            new BatchedWriterOptions { Capacity = 2, BatchSize = 1, FlushInterval = TimeSpan.FromHours(1) },
            _time);

        await writer.WriteAsync(0);
        await entered.Task;
        // Item 0 is in the (blocked) sink; the queue takes two more and is then full.
        Assert.True(writer.WriteAsync(1).AsTask().IsCompletedSuccessfully);
        Assert.True(writer.WriteAsync(2).AsTask().IsCompletedSuccessfully);
        var third = writer.WriteAsync(3).AsTask();
        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, writer.Queued);
        Assert.Empty(received);

        release.SetResult();
        await third;
        await writer.CompleteAsync();

        Assert.Equal([0, 1, 2, 3], received);
    }

    [Fact]
    public async Task Flush_returns_after_the_items_written_before_it_reached_the_sink()
    {
        await using var writer = Writer(new BatchedWriterOptions { BatchSize = 100, FlushInterval = TimeSpan.FromHours(1) });

        for (var i = 0; i < 5; i++)
        {
            await writer.WriteAsync(i);
        }

        await writer.FlushAsync();

        Assert.Equal(5, writer.Flushed);
        Assert.Equal([[0, 1, 2, 3, 4]], Batches());
    }

    [Fact]
    public async Task A_failing_sink_stops_the_writer_and_surfaces_its_exception()
    {
        var writer = new BatchedWriter<int>(
            (_, _) => throw new IOException("disk full"),
            new BatchedWriterOptions { BatchSize = 100, FlushInterval = TimeSpan.FromHours(1) },
            _time);

        await writer.WriteAsync(1);

        Assert.Equal("disk full", (await Assert.ThrowsAsync<IOException>(() => writer.FlushAsync())).Message);
        var refused = await Assert.ThrowsAsync<ChannelClosedException>(async () => await writer.WriteAsync(2));
        Assert.IsType<IOException>(refused.InnerException);
        await Assert.ThrowsAsync<IOException>(() => writer.CompleteAsync());
        Assert.Equal(1, writer.Written);
        Assert.Equal(0, writer.Flushed);
    }

    [Fact]
    public async Task Cancelling_completion_abandons_the_queue_and_cancels_the_sink()
    {
        var sinkCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = new BatchedWriter<int>(
            async (_, ct) =>
            {
                await using var registration = ct.Register(sinkCancelled.SetResult);
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            },
            new BatchedWriterOptions { BatchSize = 1, FlushInterval = TimeSpan.FromHours(1) },
            _time);
        await writer.WriteAsync(1);
        await writer.WriteAsync(2);

        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.CompleteAsync(giveUp.Token));

        await sinkCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, writer.Flushed);
    }

    [Theory]
    [InlineData(0, 1, 1000)]
    [InlineData(1, 0, 1000)]
    [InlineData(1, 1, 0)]
    public void Rejects_options_out_of_range(int capacity, int batchSize, int intervalMs)
    {
        var options = new BatchedWriterOptions { Capacity = capacity, BatchSize = batchSize, FlushInterval = TimeSpan.FromMilliseconds(intervalMs) };

        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchedWriter<int>((_, _) => Task.CompletedTask, options, _time));
    }

    private BatchedWriter<int> Writer(BatchedWriterOptions options) =>
        new(
            (batch, _) =>
            {
                lock (_batches)
                {
                    _batches.Add([.. batch]);
                }

                return Task.CompletedTask;
            },
            options,
            _time);

    private int[][] Batches()
    {
        lock (_batches)
        {
            return [.. _batches];
        }
    }
}
