using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kairos.Core;
using Kairos.Core.Trading;
using Kairos.Trading.Brokers;

namespace Kairos.Brokers.Alpaca;

/// <summary>
/// <see cref="IBroker"/> over Alpaca's Trading API v2 (see docs/alpaca.md). Rejections are values: an order Alpaca (or
/// the asset-class rules checked here before sending) refuses comes back <see cref="OrderStatus.Rejected"/> with the
/// reason; transport failures throw <see cref="AlpacaException"/>. Submission is idempotent on the client order id: after
/// a timeout or server error the order is looked up by that id before anything is resent.
/// </summary>
public sealed class AlpacaBroker : IBroker, IDisposable
{
    private const int MaxClientOrderIdLength = 128;
    private const int MaxListLimit = 500;

    // Submission times are Alpaca's clock, "now" is ours: the overlap absorbs clock skew between the two.
    private static readonly TimeSpan ScanOverlap = TimeSpan.FromMinutes(5);

    private readonly AlpacaClient _client;
    private readonly bool _ownsClient;
    private readonly AlpacaMarketData _marketData;
    private readonly SemaphoreSlim _fillsGate = new(1, 1);

    // Fill tracking (see GetFillsAsync): every fill this instance numbered, the quantity and notional reported per order
    // (restored from the run's stored fills, then added to), the closed orders whose last fill is numbered, the orders an
    // earlier run already processed, the highest sequence handed out, and where the next scan of closed orders may start
    // (by submission time).
    private readonly List<Fill> _fills = [];
    private readonly Dictionary<string, (decimal Quantity, decimal Notional)> _reported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closedReported = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processedEarlier = new(StringComparer.Ordinal);
    private bool _restored;
    private long _highestSequence;
    private DateTimeOffset? _scanFrom;
    private int _needsReconciliation;

    /// <summary>A broker on a client the caller owns (and may share with an <see cref="AlpacaMarketData"/>).</summary>
    public AlpacaBroker(AlpacaClient client)
        : this(client, ownsClient: false)
    {
    }

    /// <summary>A broker with its own client.</summary>
    public AlpacaBroker(AlpacaOptions options, TimeProvider time, Random jitter, TextWriter? log = null, HttpMessageHandler? handler = null)
        : this(new AlpacaClient(options, handler, time, jitter, log), ownsClient: true)
    {
    }

    private AlpacaBroker(AlpacaClient client, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _ownsClient = ownsClient;
        _marketData = new AlpacaMarketData(client);
    }

    public string Name => _client.Options.Paper ? "alpaca-paper" : "alpaca-live";

    /// <summary>
    /// True after a call failed for a transport reason (the connection may have dropped and orders may have moved
    /// meanwhile); <see cref="ReconcileAsync"/> clears it. The trading loop reconciles when it sees it set.
    /// </summary>
    public bool NeedsReconciliation => Volatile.Read(ref _needsReconciliation) != 0;

    public void Dispose()
    {
        _fillsGate.Dispose();
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    public Task<AccountSnapshot> GetAccountAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v2/account", root => AlpacaMapping.Account(root, _client.Time.GetUtcNow()), cancellationToken);

    public Task<IReadOnlyList<Position>> GetPositionsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Position>>("/v2/positions", root => [.. root.EnumerateArray().Select(AlpacaMapping.Position)], cancellationToken);

    /// <summary>Orders that can still fill; Alpaca's working states (pending_new, accepted, held, …) map to New.</summary>
    public async Task<IReadOnlyList<Order>> GetOpenOrdersAsync(CancellationToken cancellationToken = default) =>
        [.. (await ListOrdersAsync(AlpacaOrderQueryStatus.Open, MaxListLimit, cancellationToken)).Where(o => o.Status.IsOpen())];

    public async Task<Order?> GetOrderByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        try
        {
            return await GetAsync($"/v2/orders:by_client_order_id?client_order_id={Uri.EscapeDataString(clientOrderId)}", AlpacaMapping.Order, cancellationToken);
        }
        catch (AlpacaException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Hands the adapter the fills a resumed run already processed (its stored fills). Required before the first
    /// <see cref="GetFillsAsync"/> with a mark above zero: partial fills of an order are reported as they happen, so only
    /// the run knows how much of an order it has booked, and the rest of that order must not be reported twice.
    /// </summary>
    public void RestoreReportedFills(IEnumerable<Fill> processed)
    {
        ArgumentNullException.ThrowIfNull(processed);
        _fillsGate.Wait();
        try
        {
            if (_scanFrom is not null)
            {
                throw new InvalidOperationException("Restore the processed fills before the first scan for fills.");
            }

            foreach (var fill in processed)
            {
                var (quantity, notional) = _reported.GetValueOrDefault(fill.OrderId);
                _reported[fill.OrderId] = (quantity + fill.Quantity, notional + (fill.Quantity * fill.Price));
            }

            _restored = true;
        }
        finally
        {
            _fillsGate.Release();
        }
    }

    /// <summary>
    /// Fills as Alpaca's orders report them. The Trading API documented in alpaca-api.md has no per-execution history,
    /// only each order's cumulative <c>filled_qty</c> and <c>filled_avg_price</c>, so a fill is the growth of an order's
    /// cumulative fill since what was reported of it: a working order that filled more since the last scan
    /// (<c>partially_filled</c>) gives a fill at once, and an order that stopped working (filled, or cancelled, expired or
    /// replaced after a partial fill) gives its remainder. The price of a later part is derived exactly from the two
    /// cumulative notionals (rounded to 8 decimals); an order reported in one piece carries Alpaca's average as is.
    /// </summary>
    /// <remarks>
    /// <para><see cref="Fill.Sequence"/> of an order reported in one piece when it closed is the close time in microseconds
    /// since 1970 × 16 plus 4 bits of a hash of the order id (ties within one microsecond), so a restarted broker numbers
    /// the same fills the same way and the stored high-water mark says which of those a run processed. Of an order with
    /// booked parts, what was booked says what is left, whatever the mark. A fill of a working order, the remainder of a
    /// partly booked one, and a close that becomes visible after a later fill was handed out take (at least) the next
    /// sequence above everything handed out. Asking again with a lower mark returns this instance's fills above it
    /// again.</para>
    /// <para>A resumed run (a mark above zero) must first hand over what it booked, <see cref="RestoreReportedFills"/>;
    /// otherwise this throws rather than risk reporting a partial fill twice.</para>
    /// <para>Fees are 0: Alpaca charges no equity commission and takes crypto fees in the asset, which the order payload does
    /// not carry.</para>
    /// </remarks>
    public async Task<IReadOnlyList<Fill>> GetFillsAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        await _fillsGate.WaitAsync(cancellationToken);
        try
        {
            var now = _client.Time.GetUtcNow();
            var firstScan = _scanFrom is null;
            if (firstScan && afterSequence > 0 && !_restored)
            {
                throw new InvalidOperationException("A resumed run must hand its processed fills to the Alpaca adapter (RestoreReportedFills) before asking for new ones.");
            }

            var from = _scanFrom ?? (afterSequence > 0 ? TimeOfSequence(afterSequence) : now) - _client.Options.FillLookback;

            // Open orders bound the next scan: an order can only close after it was submitted.
            var open = await ListOrdersAsync(AlpacaOrderQueryStatus.Open, MaxListLimit, cancellationToken);
            var closed = await ClosedOrdersSinceAsync(from, cancellationToken);

            foreach (var (order, closedAt) in closed.OrderBy(c => c.ClosedAt).ThenBy(c => c.Order.Id, StringComparer.Ordinal))
            {
                if (order.FilledQuantity <= 0 || order.AverageFillPrice is null || _closedReported.Contains(order.Id) || _processedEarlier.Contains(order.Id))
                {
                    continue;
                }

                var sequence = SequenceOf(closedAt, order.Id);
                if (_reported.ContainsKey(order.Id))
                {
                    // Part of it was booked (this instance reported it, or the run restored it): what is booked says what
                    // is left, and the remainder comes after everything handed out.
                    _closedReported.Add(order.Id);
                    ReportGrowth(order, closedAt, Math.Max(sequence, Math.Max(afterSequence, _highestSequence) + 1));
                    continue;
                }

                if (sequence <= afterSequence)
                {
                    if (firstScan || sequence > _highestSequence)
                    {
                        // Processed by an earlier run: the bot's mark is past it.
                        _processedEarlier.Add(order.Id);
                        continue;
                    }

                    // Became visible late, below what this instance already handed out.
                    sequence = Math.Max(afterSequence, _highestSequence) + 1;
                }

                _closedReported.Add(order.Id);
                ReportGrowth(order, closedAt, sequence);
            }

            foreach (var order in open.Where(o => o.FilledQuantity > 0 && o.AverageFillPrice is not null).OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id, StringComparer.Ordinal))
            {
                ReportGrowth(order, order.UpdatedAt, Math.Max(SequenceOf(order.UpdatedAt, order.Id), Math.Max(afterSequence, _highestSequence) + 1));
            }

            var oldestOpen = open.Count == 0 ? now : open.Min(o => o.SubmittedAt);
            _scanFrom = (oldestOpen < now ? oldestOpen : now) - ScanOverlap;
            return [.. _fills.Where(f => f.Sequence > afterSequence).OrderBy(f => f.Sequence)];
        }
        finally
        {
            _fillsGate.Release();
        }
    }

    /// <summary>Numbers a fill for what <paramref name="order"/> filled beyond what was reported of it (nothing when no more).</summary>
    private void ReportGrowth(Order order, DateTimeOffset at, long sequence)
    {
        var (reported, notional) = _reported.GetValueOrDefault(order.Id);
        var growth = order.FilledQuantity - reported;
        if (growth <= 0)
        {
            return;
        }

        var average = order.AverageFillPrice!.Value;
        var price = average;
        if (reported > 0)
        {
            // The part's own price: (cumulative notional − notional reported) / quantity; Alpaca's rounded average can
            // make that implausible for a tiny part of a large order, and then the average stands in.
            var part = Math.Round(((average * order.FilledQuantity) - notional) / growth, 8);
            price = part > 0 ? part : average;
        }

        _reported[order.Id] = (order.FilledQuantity, notional + (price * growth));
        _fills.Add(new Fill(sequence, order.Id, order.ClientOrderId, order.Instrument, order.Side, growth, price, 0m, at));
        _highestSequence = Math.Max(_highestSequence, sequence);
    }

    public async Task<Order> SubmitOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (LocalRejection(request) is { } reason)
        {
            return Refused(request, $"local-{request.ClientOrderId}", reason);
        }

        var body = OrderBody(request);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await _client.SendAsync(HttpMethod.Post, AlpacaApi.Trading, "/v2/orders", body, retry: false, cancellationToken);
                return AlpacaMapping.Order(response.Root);
            }
            catch (AlpacaException ex) when (ex.Kind == AlpacaFailureKind.Rejected)
            {
                if (IsDuplicateClientOrderId(ex))
                {
                    return await GetOrderByClientIdAsync(request.ClientOrderId, cancellationToken)
                        ?? throw new AlpacaException(AlpacaFailureKind.Retryable, ex.StatusCode, ex.AlpacaCode, $"Alpaca reports client order id {request.ClientOrderId} as used but cannot find its order");
                }

                var text = ex.Message.Contains("insufficient", StringComparison.OrdinalIgnoreCase)
                    ? await InsufficientFundsReasonAsync(request, ex.Message, cancellationToken)
                    : ex.Message;
                return Refused(request, $"rejected-{request.ClientOrderId}", text);
            }
            catch (AlpacaException ex) when (ex.Kind == AlpacaFailureKind.Retryable)
            {
                // A 429 that outlived the client's own retries was never acted on, and retrying it here would only
                // multiply the waits.
                if (ex.StatusCode == (int)HttpStatusCode.TooManyRequests)
                {
                    throw;
                }

                // A timeout or server error may come after Alpaca accepted the order: look before resending.
                if (await GetOrderByClientIdAsync(request.ClientOrderId, cancellationToken) is { } placed)
                {
                    return placed;
                }

                if (attempt > _client.Options.MaxRetries)
                {
                    MarkDisconnected();
                    throw;
                }

                await _client.DelayAsync(_client.Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>Cancels an open order and returns its state after the request; a closed order comes back unchanged.</summary>
    public async Task<Order> CancelOrderAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var path = $"/v2/orders/{Uri.EscapeDataString(orderId)}";
        try
        {
            using var response = await Send(HttpMethod.Delete, path, null, retry: true, cancellationToken);
        }
        catch (AlpacaException ex) when (ex.StatusCode == (int)HttpStatusCode.UnprocessableEntity)
        {
            // 422: no longer cancelable (already filled, cancelled or expired): report it as it is.
        }

        return await GetAsync(path, AlpacaMapping.Order, cancellationToken);
    }

    public Task<MarketClock> GetClockAsync(CancellationToken cancellationToken = default) =>
        GetAsync("/v2/clock", AlpacaMapping.Clock, cancellationToken);

    public Task<Quote?> GetQuoteAsync(Instrument instrument, CancellationToken cancellationToken = default) =>
        _marketData.GetLatestQuoteAsync(instrument, cancellationToken);

    /// <summary>
    /// Replaces an open order's quantity, limit price or time in force; Alpaca answers with the new order (the old one
    /// becomes <c>replaced</c>). Not retried after a timeout: the caller re-reads the order instead, since a second
    /// replace of a replaced order fails.
    /// </summary>
    public async Task<Order> ReplaceOrderAsync(
        string orderId,
        decimal? quantity = null,
        decimal? limitPrice = null,
        TimeInForce? timeInForce = null,
        string? newClientOrderId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var body = Json(w =>
        {
            if (quantity is { } q)
            {
                w.WriteString("qty", AlpacaJson.Format(q));
            }

            if (limitPrice is { } p)
            {
                w.WriteString("limit_price", AlpacaJson.Format(p));
            }

            if (timeInForce is { } t)
            {
                w.WriteString("time_in_force", AlpacaMapping.TimeInForceText(t));
            }

            if (newClientOrderId is not null)
            {
                w.WriteString("client_order_id", newClientOrderId);
            }
        });
        using var response = await Send(HttpMethod.Patch, $"/v2/orders/{Uri.EscapeDataString(orderId)}", body, retry: false, cancellationToken);
        return AlpacaMapping.Order(response.Root);
    }

    /// <summary>Asks Alpaca to cancel every open order; returns the ids whose cancel it accepted (2xx in its multi-status).</summary>
    public async Task<IReadOnlyList<string>> CancelAllOrdersAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Send(HttpMethod.Delete, "/v2/orders", null, retry: true, cancellationToken);
        if (response.Body is null)
        {
            return [];
        }

        return [.. response.Root.EnumerateArray()
            .Where(e => e.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.GetInt32() is >= 200 and < 300)
            .Select(e => AlpacaJson.RequiredString(e, "id"))];
    }

    /// <summary>
    /// Closes a position with Alpaca's closing market order (all of it, or <paramref name="quantity"/>); null when there
    /// is no position. Uses the position symbol form (<c>BTCUSD</c>).
    /// </summary>
    public async Task<Order?> ClosePositionAsync(Instrument instrument, decimal? quantity = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var path = $"/v2/positions/{Uri.EscapeDataString(AlpacaSymbols.ToPositionSymbol(instrument))}";
        if (quantity is { } q)
        {
            path += $"?qty={AlpacaJson.Format(q)}";
        }

        try
        {
            using var response = await Send(HttpMethod.Delete, path, null, retry: false, cancellationToken);
            return AlpacaMapping.Order(response.Root);
        }
        catch (AlpacaException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<IReadOnlyList<AlpacaCalendarDay>> GetCalendarAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<AlpacaCalendarDay>>(
            string.Create(CultureInfo.InvariantCulture, $"/v2/calendar?start={from:yyyy-MM-dd}&end={to:yyyy-MM-dd}"),
            root => [.. root.EnumerateArray().Select(AlpacaMapping.CalendarDay)],
            cancellationToken);

    /// <summary>The asset, or null when Alpaca does not know it. Uses the slash form for crypto (<c>BTC/USD</c>).</summary>
    public async Task<AlpacaAsset?> GetAssetAsync(Instrument instrument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        try
        {
            return await GetAsync($"/v2/assets/{AlpacaSymbols.ToOrderSymbol(instrument)}", AlpacaMapping.Asset, cancellationToken);
        }
        catch (AlpacaException ex) when (ex.StatusCode == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Orders by status, newest first, at most <paramref name="limit"/> (1..500).</summary>
    public Task<IReadOnlyList<Order>> ListOrdersAsync(AlpacaOrderQueryStatus status, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxListLimit);
        var text = status switch
        {
            AlpacaOrderQueryStatus.Open => "open",
            AlpacaOrderQueryStatus.Closed => "closed",
            _ => "all",
        };
        return GetAsync<IReadOnlyList<Order>>(
            string.Create(CultureInfo.InvariantCulture, $"/v2/orders?status={text}&limit={limit}&direction=desc&nested=false"),
            root => [.. root.EnumerateArray().Select(AlpacaMapping.Order)],
            cancellationToken);
    }

    /// <summary>
    /// What the broker says about each order the bot believed open or intended (by client order id), the open orders it
    /// did not know, and the positions. Call at start-up and whenever <see cref="NeedsReconciliation"/> is set.
    /// </summary>
    public async Task<ReconciliationReport> ReconcileAsync(IEnumerable<string> knownClientOrderIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knownClientOrderIds);
        var known = knownClientOrderIds.Distinct(StringComparer.Ordinal).ToList();
        var orders = new List<ReconciledOrder>(known.Count);
        foreach (var id in known)
        {
            var order = await GetOrderByClientIdAsync(id, cancellationToken);
            orders.Add(new ReconciledOrder(id, StateOf(order), order));
        }

        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        var open = await GetOpenOrdersAsync(cancellationToken);
        var positions = await GetPositionsAsync(cancellationToken);
        Volatile.Write(ref _needsReconciliation, 0);
        return new ReconciliationReport(_client.Time.GetUtcNow(), orders, [.. open.Where(o => !knownSet.Contains(o.ClientOrderId))], positions);
    }

    internal static long SequenceOf(DateTimeOffset closedAt, string orderId)
    {
        var micros = (closedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        var hash = 2166136261u;
        foreach (var c in orderId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (micros * 16) + (hash & 15);
    }

    private static DateTimeOffset TimeOfSequence(long sequence) => DateTimeOffset.UnixEpoch.AddTicks(sequence / 16 * 10);

    private static ReconciledOrderState StateOf(Order? order) => order switch
    {
        null => ReconciledOrderState.Unknown,
        { Status: OrderStatus.Filled } => ReconciledOrderState.Filled,
        { Status: OrderStatus.Rejected } => ReconciledOrderState.Rejected,
        { Status: var s } when s.IsOpen() => ReconciledOrderState.Open,
        { FilledQuantity: > 0 } => ReconciledOrderState.ClosedPartiallyFilled,
        _ => ReconciledOrderState.ClosedUnfilled,
    };

    // Alpaca's asset-class rules, checked before sending so a refusal costs no request (alpaca-api.md §5).
    private static string? LocalRejection(OrderRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.ClientOrderId) || r.ClientOrderId.Length > MaxClientOrderIdLength)
        {
            return $"client order id must be 1..{MaxClientOrderIdLength} characters";
        }

        if (r.Quantity <= 0)
        {
            return Text($"quantity must be positive, got {r.Quantity}");
        }

        if (r.Type == OrderType.Limit && r.LimitPrice is not > 0)
        {
            return "a limit order needs a positive limit price";
        }

        if (r.Type == OrderType.Market && r.LimitPrice is not null)
        {
            return "a market order takes no limit price";
        }

        if (r.Instrument.IsCrypto && r.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Ioc))
        {
            return Text($"crypto orders must be gtc or ioc; Alpaca does not accept {AlpacaMapping.TimeInForceText(r.TimeInForce)} for {r.Instrument.Symbol}");
        }

        if (!r.Instrument.IsCrypto && r.Quantity != decimal.Truncate(r.Quantity) && r.TimeInForce != TimeInForce.Day)
        {
            return Text($"fractional equity orders must be day orders; got {AlpacaMapping.TimeInForceText(r.TimeInForce)} for {r.Quantity} {r.Instrument.Symbol}");
        }

        return null;
    }

    private static string OrderBody(OrderRequest r) => Json(w =>
    {
        w.WriteString("symbol", AlpacaSymbols.ToOrderSymbol(r.Instrument));
        w.WriteString("qty", AlpacaJson.Format(r.Quantity));
        w.WriteString("side", r.Side == OrderSide.Buy ? "buy" : "sell");
        w.WriteString("type", r.Type == OrderType.Limit ? "limit" : "market");
        w.WriteString("time_in_force", AlpacaMapping.TimeInForceText(r.TimeInForce));
        if (r.LimitPrice is { } limit)
        {
            w.WriteString("limit_price", AlpacaJson.Format(limit));
        }

        w.WriteString("client_order_id", r.ClientOrderId);
    });

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool IsDuplicateClientOrderId(AlpacaException ex) =>
        ex.StatusCode == (int)HttpStatusCode.UnprocessableEntity
        && ex.Message.Contains("client_order_id", StringComparison.OrdinalIgnoreCase)
        && ex.Message.Contains("unique", StringComparison.OrdinalIgnoreCase);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private Order Refused(OrderRequest r, string id, string reason)
    {
        var now = _client.Time.GetUtcNow();
        return new Order
        {
            Id = id,
            ClientOrderId = r.ClientOrderId,
            Instrument = r.Instrument,
            Side = r.Side,
            Type = r.Type,
            TimeInForce = r.TimeInForce,
            Quantity = r.Quantity,
            LimitPrice = r.LimitPrice,
            Status = OrderStatus.Rejected,
            SubmittedAt = now,
            UpdatedAt = now,
            RejectReason = reason,
        };
    }

    /// <summary>
    /// The bot's insufficient-funds retry reads "available N" from the reason (spec §6.3): keep Alpaca's text when it
    /// already says it, otherwise add the account's buying power (non-marginable for crypto, which cannot use margin).
    /// </summary>
    private async Task<string> InsufficientFundsReasonAsync(OrderRequest r, string alpacaMessage, CancellationToken cancellationToken)
    {
        if (alpacaMessage.Contains("available", StringComparison.OrdinalIgnoreCase) && alpacaMessage.Any(char.IsAsciiDigit))
        {
            return alpacaMessage;
        }

        var account = await GetAccountAsync(cancellationToken);
        var available = r.Instrument.IsCrypto ? account.NonMarginableBuyingPower : account.BuyingPower;
        var requested = r.LimitPrice is { } price ? Text($"requested {r.Quantity * price:F2}, ") : string.Empty;
        return Text($"{alpacaMessage}: {requested}available {available:F2}");
    }

    private async Task<List<(Order Order, DateTimeOffset ClosedAt)>> ClosedOrdersSinceAsync(DateTimeOffset from, CancellationToken cancellationToken)
    {
        var result = new List<(Order, DateTimeOffset)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var after = from;
        while (true)
        {
            using var response = await Send(
                HttpMethod.Get,
                $"/v2/orders?status=closed&limit={MaxListLimit}&direction=asc&nested=false&after={Uri.EscapeDataString(AlpacaJson.FormatTime(after))}",
                null,
                retry: true,
                cancellationToken);
            var added = 0;
            var count = 0;
            foreach (var e in response.Root.EnumerateArray())
            {
                count++;
                var order = AlpacaMapping.Order(e);
                if (order.SubmittedAt > after)
                {
                    after = order.SubmittedAt;
                }

                if (seen.Add(order.Id))
                {
                    added++;
                    if (AlpacaMapping.ClosedAt(e) is { } closedAt)
                    {
                        result.Add((order, closedAt));
                    }
                }
            }

            // A short page is the last; a full page continues just before its newest submission time (ties repeat,
            // the id set drops them), and a page that adds nothing new means no progress is possible.
            if (count < MaxListLimit || added == 0)
            {
                return result;
            }

            after -= TimeSpan.FromTicks(10);
        }
    }

    private async Task<T> GetAsync<T>(string path, Func<JsonElement, T> map, CancellationToken cancellationToken)
    {
        using var response = await Send(HttpMethod.Get, path, null, retry: true, cancellationToken);
        return map(response.Root);
    }

    private async Task<AlpacaResponse> Send(HttpMethod method, string path, string? body, bool retry, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(method, AlpacaApi.Trading, path, body, retry, cancellationToken);
        }
        catch (AlpacaException ex) when (ex.Kind == AlpacaFailureKind.Retryable)
        {
            MarkDisconnected();
            throw;
        }
    }

    private void MarkDisconnected() => Volatile.Write(ref _needsReconciliation, 1);
}
