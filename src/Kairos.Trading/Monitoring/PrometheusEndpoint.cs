using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// A minimal HTTP/1.1 responder on 127.0.0.1 that serves <c>GET /metrics</c> in the Prometheus text format from the
/// cumulative measurements of one <see cref="Meter"/>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Loopback only: any address other than 127.0.0.1 is refused, so the numbers of a trading account are never
/// published beyond the machine (a scraper elsewhere goes through an SSH tunnel or a local agent).</item>
/// <item>One connection at a time, <c>Connection: close</c>, a request head of at most 8 KiB read within 5 s: the
/// endpoint serves a scraper, not a crowd, and a stuck client cannot hold it longer than that.</item>
/// <item>Responses: 200 for GET/HEAD <c>/metrics</c> (a query string is ignored), 404 for another path, 405 for another
/// method, 400 for a malformed or oversized head.</item>
/// <item>Values are cumulative from <see cref="Start(Meter, int)"/>: counters and histogram sums only grow.</item>
/// </list>
/// </remarks>
public sealed class PrometheusEndpoint : IAsyncDisposable
{
    private const int MaxHeadBytes = 8192;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly MeterAggregator _aggregator;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _stopped;

    private PrometheusEndpoint(TcpListener listener, MeterAggregator aggregator)
    {
        _listener = listener;
        _aggregator = aggregator;
        LocalEndPoint = (IPEndPoint)listener.LocalEndpoint;
        var stop = _stop.Token;
        _acceptLoop = Task.Run(() => AcceptAsync(stop));
    }

    /// <summary>The bound address and port (the actual port when started on port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    public Uri MetricsUri => new($"http://127.0.0.1:{LocalEndPoint.Port}/metrics");

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 picks a free port) and starts serving.</summary>
    public static PrometheusEndpoint Start(Meter meter, int port) => Start(meter, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>Starts serving on <paramref name="endPoint"/>, which must be on 127.0.0.1.</summary>
    /// <exception cref="ArgumentException">The address is not 127.0.0.1.</exception>
    public static PrometheusEndpoint Start(Meter meter, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(endPoint);
        if (!endPoint.Address.Equals(IPAddress.Loopback))
        {
            throw new ArgumentException($"The metrics endpoint binds only to 127.0.0.1, not {endPoint.Address}.", nameof(endPoint));
        }

        var aggregator = new MeterAggregator(meter);
        var listener = new TcpListener(endPoint);
        try
        {
            listener.Start();
        }
        catch
        {
            aggregator.Dispose();
            throw;
        }

        return new PrometheusEndpoint(listener, aggregator);
    }

    /// <summary>The exposition text a scrape would get now.</summary>
    public string Render() => PrometheusText.Render(_aggregator.Snapshot(reset: false));

    /// <summary>Stops accepting, lets the connection in progress finish or time out, and releases the port.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            await _acceptLoop;
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        finally
        {
            _aggregator.Dispose();
            _stop.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (stop.IsCancellationRequested)
            {
                return;
            }

            using (client)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                deadline.CancelAfter(RequestTimeout);
                try
                {
                    await ServeAsync(client.GetStream(), deadline.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
                {
                    // A client that vanished or stalled costs only its own connection.
                }
            }
        }
    }

    private async Task ServeAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(stream, cancellationToken);
        var (status, reason, body, extra) = Respond(head);
        var payload = Encoding.UTF8.GetBytes(body);
        var isHead = head is not null && head.StartsWith("HEAD ", StringComparison.Ordinal);
        var response = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status).Append(' ').Append(reason).Append("\r\n")
            .Append("Content-Type: ").Append(status == 200 ? PrometheusText.ContentType : "text/plain; charset=utf-8").Append("\r\n")
            .Append("Content-Length: ").Append(payload.Length).Append("\r\n")
            .Append(extra)
            .Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response.ToString()), cancellationToken);
        if (!isHead)
        {
            await stream.WriteAsync(payload, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }

    private (int Status, string Reason, string Body, string Extra) Respond(string? head)
    {
        var requestLine = head?.Split("\r\n", 2)[0].Split(' ');
        if (requestLine is not { Length: 3 } || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return (400, "Bad Request", "Bad request.\n", string.Empty);
        }

        var (method, target) = (requestLine[0], requestLine[1]);
        if (method is not ("GET" or "HEAD"))
        {
            return (405, "Method Not Allowed", "Only GET and HEAD.\n", "Allow: GET, HEAD\r\n");
        }

        var path = target.Split('?', 2)[0];
        return path == "/metrics"
            ? (200, "OK", Render(), string.Empty)
            : (404, "Not Found", "Not found: metrics are at /metrics.\n", string.Empty);
    }

    /// <summary>The request head up to its blank line (ASCII), or null when it is malformed or over the size limit.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end);
            }
        }

        return null;
    }
}
