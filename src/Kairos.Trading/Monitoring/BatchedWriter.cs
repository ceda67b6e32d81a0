using System.Threading.Channels;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Hands items to a sink in batches from one background consumer, so producers never wait on the sink's I/O.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A batch goes to the sink when it holds <see cref="BatchedWriterOptions.BatchSize"/> items, when its oldest item
/// was written <see cref="BatchedWriterOptions.FlushInterval"/> ago (measured on the <see cref="TimeProvider"/>), on
/// <see cref="FlushAsync"/> and on <see cref="CompleteAsync"/>/<see cref="DisposeAsync"/>. Items reach the sink in the
/// order they were accepted; the sink is never called concurrently and may keep the list it is given.</item>
/// <item>Back-pressure: the queue is bounded (<see cref="BatchedWriterOptions.Capacity"/>) and a full queue makes
/// <see cref="WriteAsync"/> wait until the consumer frees room. Nothing is ever dropped: a slow sink slows the producers
/// instead of losing lines.</item>
/// <item>A clean stop (<see cref="CompleteAsync"/> without cancellation) delivers every accepted item before it returns.
/// Cancelling that wait abandons what is still queued (the sink's token is cancelled).</item>
/// <item>A sink exception is fatal: the consumer stops, later writes throw <see cref="ChannelClosedException"/> carrying
/// it, and <see cref="FlushAsync"/>/<see cref="CompleteAsync"/> rethrow it. The batch that failed is lost.</item>
/// </list>
/// </remarks>
public sealed class BatchedWriter<T> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _sink;
    private readonly BatchedWriterOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Entry> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _consumer;
    private long _written;
    private long _flushed;
    private long _batches;

    public BatchedWriter(Func<IReadOnlyList<T>, CancellationToken, Task> sink, BatchedWriterOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _sink = sink;
        _options = options;
        _time = time;
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        var abort = _abort.Token;
        _consumer = Task.Run(() => ConsumeAsync(abort));
    }

    /// <summary>Items accepted by <see cref="WriteAsync"/>, including a write still waiting for room (a cancelled or refused write is not counted).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Items the sink has returned from successfully.</summary>
    public long Flushed => Interlocked.Read(ref _flushed);

    /// <summary>Successful sink calls.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Entries waiting in the queue (not yet taken into a batch).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Queues one item; waits while the queue is full.</summary>
    /// <exception cref="ChannelClosedException">The writer was completed, or its sink failed.</exception>
    public async ValueTask WriteAsync(T item, CancellationToken cancellationToken = default)
    {
        // Counted before the write so Flushed never runs ahead of Written.
        Interlocked.Increment(ref _written);
        try
        {
            await _queue.Writer.WriteAsync(new Entry(item, _time.GetTimestamp(), null), cancellationToken);
        }
        catch
        {
            Interlocked.Decrement(ref _written);
            throw;
        }
    }

    /// <summary>Returns once every item accepted before this call has been handed to the sink.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync(new Entry(default!, 0, done), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops accepting items and returns once the sink has received every accepted item.</summary>
    /// <param name="cancellationToken">Cancelling gives up on the items still queued (an unclean stop).</param>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _consumer.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_consumer.IsCompleted)
        {
            await _abort.CancelAsync();
            throw;
        }
    }

    /// <summary>A clean stop (<see cref="CompleteAsync"/>); rethrows a sink failure rather than hide lost items.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await CompleteAsync(CancellationToken.None);
        }
        finally
        {
            _abort.Dispose();
        }
    }

    private async Task ConsumeAsync(CancellationToken abort)
    {
        var reader = _queue.Reader;
        var batch = NewBatch();
        long oldest = 0;
        TaskCompletionSource? flushing = null;
        try
        {
            while (true)
            {
                while (reader.TryRead(out var entry))
                {
                    if (entry.FlushRequest is { } request)
                    {
                        flushing = request;
                        batch = await SendAsync(batch, abort);
                        flushing = null;
                        request.TrySetResult();
                        continue;
                    }

                    if (batch.Count == 0)
                    {
                        oldest = entry.WrittenAt;
                    }

                    batch.Add(entry.Item);
                    if (batch.Count >= _options.BatchSize)
                    {
                        batch = await SendAsync(batch, abort);
                    }
                }

                if (batch.Count == 0)
                {
                    if (!await reader.WaitToReadAsync(abort))
                    {
                        return;
                    }

                    continue;
                }

                // A partial batch: wait for more items, the completion of the queue, or the oldest item's deadline.
                var remaining = _options.FlushInterval - _time.GetElapsedTime(oldest);
                if (remaining > TimeSpan.Zero && await MoreItemsBeforeAsync(reader, remaining, abort))
                {
                    continue;
                }

                batch = await SendAsync(batch, abort);
            }
        }
        catch (Exception failure)
        {
            // Closed before any waiter hears of the failure, so nobody can write after learning of it.
            _queue.Writer.TryComplete(failure);
            flushing?.TrySetException(failure);
            while (reader.TryRead(out var stranded))
            {
                stranded.FlushRequest?.TrySetException(failure);
            }

            throw;
        }
    }

    /// <summary>True when items arrived before the deadline; false at the deadline or when the queue has completed.</summary>
    private async Task<bool> MoreItemsBeforeAsync(ChannelReader<Entry> reader, TimeSpan remaining, CancellationToken abort)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var items = reader.WaitToReadAsync(stop.Token).AsTask();
        var deadline = Task.Delay(remaining, _time, stop.Token);
        var first = await Task.WhenAny(items, deadline);
        await stop.CancelAsync();
        abort.ThrowIfCancellationRequested();
        return first == items && await items;
    }

    private async Task<List<T>> SendAsync(List<T> batch, CancellationToken abort)
    {
        if (batch.Count == 0)
        {
            return batch;
        }

        await _sink(batch, abort);
        Interlocked.Add(ref _flushed, batch.Count);
        Interlocked.Increment(ref _batches);
        return NewBatch();
    }

    private List<T> NewBatch() => new(Math.Min(_options.BatchSize, 1024));

    /// <summary>An item, or (with <paramref name="FlushRequest"/>) a marker completed once everything before it is sent.</summary>
    private readonly record struct Entry(T Item, long WrittenAt, TaskCompletionSource? FlushRequest);
}
