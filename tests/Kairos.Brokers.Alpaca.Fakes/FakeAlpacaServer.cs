using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.Brokers.Alpaca.Fakes;

/// <summary>
/// An in-process Alpaca (trading and market data on one loopback port) for tests and end-to-end runs: an account,
/// positions and orders in memory in Alpaca's wire shapes (numbers as strings), client-order-id dedup with Alpaca's 422,
/// insufficient buying power with its 403, scripted faults (<see cref="AddFault"/>), canned payloads
/// (<see cref="SetCanned"/>), bars with paging and latest quotes. Every request is recorded. Point both
/// <c>APCA_API_BASE_URL</c> and <c>APCA_API_DATA_URL</c> at <see cref="BaseUrl"/>.
/// </summary>
public sealed class FakeAlpacaServer : IAsyncDisposable
{
    private readonly Lock _sync = new();
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<FakeOrder> _orders = [];
    private readonly Dictionary<string, FakePosition> _positions = new(StringComparer.Ordinal);
    private readonly List<FakeFault> _faults = [];
    private readonly Dictionary<(string Method, string Path), (int Status, string Body)> _canned = [];
    private readonly Dictionary<string, List<FakeBar>> _bars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (decimal Bid, decimal Ask, DateTimeOffset T)> _quotes = new(StringComparer.Ordinal);
    private int _nextOrder = 1;

    private FakeAlpacaServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Root URL of the server (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public FakeAccount Account { get; } = new();

    /// <summary>The server's clock for order timestamps; every state change advances it by one millisecond.</summary>
    public DateTimeOffset Now { get; set; } = new(2024, 5, 20, 14, 0, 0, TimeSpan.Zero);

    /// <summary>The 403 message for an order the account cannot fund.</summary>
    public string InsufficientFundsMessage { get; set; } = "insufficient buying power";

    /// <summary>How long a hanging request waits before giving up (the client should time out first).</summary>
    public TimeSpan HangFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bars per page for the bars endpoints.</summary>
    public int BarsPageSize { get; set; } = 1000;

    /// <summary>Whether the clock endpoint says the market is open.</summary>
    public bool MarketOpen { get; set; } = true;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_sync)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakeOrder> Orders
    {
        get
        {
            lock (_sync)
            {
                return [.. _orders];
            }
        }
    }

    public IReadOnlyList<FakePosition> Positions
    {
        get
        {
            lock (_sync)
            {
                return [.. _positions.Values];
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1 with an ephemeral port.</summary>
    public static async Task<FakeAlpacaServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeAlpacaServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Scripts a fault for the next matching requests (faults are consumed in the order added).</summary>
    public void AddFault(FakeFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_sync)
        {
            _faults.Add(fault);
        }
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (exact, without query) with a fixed payload.</summary>
    public void SetCanned(string method, string path, int status, string body)
    {
        lock (_sync)
        {
            _canned[(method.ToUpperInvariant(), path)] = (status, body);
        }
    }

    /// <summary>Bars for a data symbol (<c>AAPL</c>, <c>BTC/USD</c>).</summary>
    public void SetBars(string symbol, IEnumerable<FakeBar> bars)
    {
        lock (_sync)
        {
            _bars[symbol] = [.. bars.OrderBy(b => b.T)];
        }
    }

    public void SetQuote(string symbol, decimal bid, decimal ask, DateTimeOffset at)
    {
        lock (_sync)
        {
            _quotes[symbol] = (bid, ask, at);
        }
    }

    /// <summary>Sets a position (symbol in the position form, <c>BTCUSD</c>); quantity 0 removes it.</summary>
    public void SetPosition(string symbol, string assetClass, decimal qty, decimal avgEntryPrice, decimal currentPrice)
    {
        lock (_sync)
        {
            if (qty == 0)
            {
                _positions.Remove(symbol);
                return;
            }

            _positions[symbol] = new FakePosition { Symbol = symbol, AssetClass = assetClass, Qty = qty, AvgEntryPrice = avgEntryPrice, CurrentPrice = currentPrice };
        }
    }

    /// <summary>Fills <paramref name="quantity"/> more of an open order at <paramref name="price"/> (partially or up to the whole).</summary>
    public void Fill(string orderId, decimal quantity, decimal price)
    {
        lock (_sync)
        {
            var o = _orders.Single(x => x.Id == orderId);
            if (!o.IsOpen || quantity <= 0 || o.FilledQty + quantity > o.Qty)
            {
                throw new InvalidOperationException($"order {orderId} cannot fill {quantity} more (status {o.Status}, filled {o.FilledQty} of {o.Qty})");
            }

            var total = o.FilledQty + quantity;
            o.FilledAvgPrice = (((o.FilledAvgPrice ?? 0m) * o.FilledQty) + (price * quantity)) / total;
            o.FilledQty = total;
            var now = Tick();
            o.UpdatedAt = now;
            if (total == o.Qty)
            {
                o.Status = "filled";
                o.FilledAt = now;
            }
            else
            {
                o.Status = "partially_filled";
            }

            var signed = o.Side == "buy" ? quantity : -quantity;
            Account.Cash -= signed * price;
            var key = o.Symbol.Replace("/", string.Empty, StringComparison.Ordinal);
            if (_positions.TryGetValue(key, out var p))
            {
                var after = p.Qty + signed;
                if (after == 0)
                {
                    _positions.Remove(key);
                }
                else
                {
                    if (Math.Sign(after) == Math.Sign(signed) && Math.Sign(p.Qty) == Math.Sign(signed))
                    {
                        p.AvgEntryPrice = ((p.AvgEntryPrice * p.Qty) + (price * signed)) / after;
                    }

                    p.Qty = after;
                    p.CurrentPrice = price;
                }
            }
            else
            {
                _positions[key] = new FakePosition { Symbol = key, AssetClass = o.AssetClass, Qty = signed, AvgEntryPrice = price, CurrentPrice = price };
            }
        }
    }

    /// <summary>Cancels an open order (as the venue would, e.g. an IOC remainder or an expiry).</summary>
    public void Cancel(string orderId)
    {
        lock (_sync)
        {
            var o = _orders.Single(x => x.Id == orderId);
            o.Status = "canceled";
            o.CanceledAt = o.UpdatedAt = Tick();
        }
    }

    public FakeOrder OrderByClientId(string clientOrderId)
    {
        lock (_sync)
        {
            return _orders.Single(o => o.ClientOrderId == clientOrderId);
        }
    }

    private DateTimeOffset Tick()
    {
        var now = Now;
        Now = now.AddMilliseconds(1);
        return now;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ctx.RequestAborted);
        }

        var method = request.Method.ToUpperInvariant();
        var path = request.Path.Value ?? "/";
        FakeFault? fault;
        (int Status, string Body)? canned;
        lock (_sync)
        {
            _requests.Add(new RecordedRequest(method, path, request.QueryString.Value ?? string.Empty, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            fault = _faults.FirstOrDefault(f => f.Count > 0 && f.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is not null)
            {
                var index = _faults.IndexOf(fault);
                _faults[index] = fault with { Count = fault.Count - 1 };
            }

            canned = _canned.TryGetValue((method, path), out var c) ? c : null;
        }

        switch (fault?.Kind)
        {
            case FakeFaultKind.RateLimited:
                if (fault.RetryAfterSeconds is { } retryAfter)
                {
                    ctx.Response.Headers["Retry-After"] = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                if (fault.RateLimitReset is { } reset)
                {
                    ctx.Response.Headers["X-Ratelimit-Limit"] = "200";
                    ctx.Response.Headers["X-Ratelimit-Remaining"] = "0";
                    ctx.Response.Headers["X-Ratelimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
                }

                await WriteAsync(ctx, 429, Error(42910000, "rate limit exceeded"));
                return;
            case FakeFaultKind.ServerError:
                await WriteAsync(ctx, 500, Error(50010000, "internal server error"));
                return;
            case FakeFaultKind.Unauthorized:
                await WriteAsync(ctx, 401, Error(40110000, "request is not authorized"));
                return;
            case FakeFaultKind.Hang:
                await HangAsync(ctx);
                return;
            default:
                break;
        }

        var (status, payload) = canned ?? Route(method, path, request.Query, body);
        switch (fault?.Kind)
        {
            case FakeFaultKind.AcceptThenHang:
                await HangAsync(ctx);
                return;
            case FakeFaultKind.AcceptThenServerError:
                await WriteAsync(ctx, 502, Error(50210000, "bad gateway"));
                return;
            default:
                await WriteAsync(ctx, status, payload);
                return;
        }
    }

    private async Task HangAsync(HttpContext ctx)
    {
        try
        {
            await Task.Delay(HangFor, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        ctx.Abort();
    }

    private static async Task WriteAsync(HttpContext ctx, int status, string? payload)
    {
        ctx.Response.StatusCode = status;
        if (payload is null)
        {
            return;
        }

        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(payload, ctx.RequestAborted);
    }

    private (int Status, string? Body) Route(string method, string path, IQueryCollection query, string body)
    {
        lock (_sync)
        {
            return (method, path) switch
            {
                ("GET", "/v2/account") => (200, AccountJson()),
                ("GET", "/v2/positions") => (200, new JsonArray([.. _positions.Values.OrderBy(p => p.Symbol, StringComparer.Ordinal).Select(PositionJson)]).ToJsonString()),
                ("GET", "/v2/clock") => (200, ClockJson()),
                ("POST", "/v2/orders") => Submit(body),
                ("GET", "/v2/orders") => (200, ListOrders(query)),
                ("DELETE", "/v2/orders") => (207, CancelAll()),
                ("GET", "/v2/orders:by_client_order_id") => _orders.FirstOrDefault(o => o.ClientOrderId == query["client_order_id"].ToString()) is { } byClient
                    ? (200, OrderJson(byClient).ToJsonString())
                    : (404, Error(40410000, "order not found")),
                ("GET", "/v2/stocks/bars") => (200, Bars(query)),
                ("GET", "/v2/stocks/quotes/latest") => (200, Quotes(query)),
                _ when path.StartsWith("/v1beta3/crypto/", StringComparison.Ordinal) && path.EndsWith("/latest/quotes", StringComparison.Ordinal) => (200, Quotes(query)),
                _ when path.StartsWith("/v1beta3/crypto/", StringComparison.Ordinal) && path.EndsWith("/bars", StringComparison.Ordinal) => (200, Bars(query)),
                _ when path.StartsWith("/v2/positions/", StringComparison.Ordinal) => PositionRoute(method, path["/v2/positions/".Length..], query),
                _ when path.StartsWith("/v2/orders/", StringComparison.Ordinal) => OrderRoute(method, path["/v2/orders/".Length..], body),
                _ => (404, Error(40410000, "endpoint not found")),
            };
        }
    }

    private (int, string?) Submit(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var r = doc.RootElement;
        var clientId = r.GetProperty("client_order_id").GetString()!;
        if (_orders.Any(o => o.ClientOrderId == clientId))
        {
            return (422, Error(40010001, "client_order_id must be unique"));
        }

        var symbol = r.GetProperty("symbol").GetString()!;
        var crypto = symbol.Contains('/', StringComparison.Ordinal);
        var qty = decimal.Parse(r.GetProperty("qty").GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal? limit = r.TryGetProperty("limit_price", out var lp) ? decimal.Parse(lp.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        var side = r.GetProperty("side").GetString()!;
        var price = limit ?? (_quotes.TryGetValue(symbol, out var q) ? q.Ask : 0m);
        var available = crypto ? Account.NonMarginableBuyingPower : Account.BuyingPower;
        if (side == "buy" && qty * price > available)
        {
            return (403, Error(40310000, InsufficientFundsMessage));
        }

        var now = Tick();
        var order = new FakeOrder
        {
            Id = NewOrderId(),
            ClientOrderId = clientId,
            Symbol = symbol,
            AssetClass = crypto ? "crypto" : "us_equity",
            Side = side,
            Type = r.GetProperty("type").GetString()!,
            TimeInForce = r.GetProperty("time_in_force").GetString()!,
            Qty = qty,
            LimitPrice = limit,
            CreatedAt = now,
            SubmittedAt = now,
            UpdatedAt = now,
        };
        _orders.Add(order);
        return (200, OrderJson(order).ToJsonString());
    }

    private string ListOrders(IQueryCollection query)
    {
        var status = query["status"].ToString() is { Length: > 0 } s ? s : "open";
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 50;
        IEnumerable<FakeOrder> orders = _orders.Where(o => status == "all" || (status == "open") == o.IsOpen);
        if (query["after"].ToString() is { Length: > 0 } after)
        {
            var t = DateTimeOffset.Parse(after, CultureInfo.InvariantCulture);
            orders = orders.Where(o => o.SubmittedAt > t);
        }

        orders = query["direction"] == "asc" ? orders.OrderBy(o => o.SubmittedAt) : orders.OrderByDescending(o => o.SubmittedAt);
        return new JsonArray([.. orders.Take(limit).Select(OrderJson)]).ToJsonString();
    }

    private string CancelAll()
    {
        var result = new JsonArray();
        foreach (var o in _orders.Where(o => o.IsOpen).ToList())
        {
            o.Status = "canceled";
            o.CanceledAt = o.UpdatedAt = Tick();
            result.Add(new JsonObject { ["id"] = o.Id, ["status"] = 200, ["body"] = null });
        }

        return result.ToJsonString();
    }

    private (int, string?) OrderRoute(string method, string id, string body)
    {
        var order = _orders.FirstOrDefault(o => o.Id == id);
        if (order is null)
        {
            return (404, Error(40410000, "order not found"));
        }

        switch (method)
        {
            case "GET":
                return (200, OrderJson(order).ToJsonString());
            case "DELETE":
                if (!order.IsOpen)
                {
                    return (422, Error(42210000, $"order is not cancelable (status {order.Status})"));
                }

                order.Status = "canceled";
                order.CanceledAt = order.UpdatedAt = Tick();
                return (204, null);
            case "PATCH":
                if (!order.IsOpen)
                {
                    return (422, Error(42210000, "order is not replaceable"));
                }

                using (var doc = JsonDocument.Parse(body))
                {
                    var r = doc.RootElement;
                    var now = Tick();
                    var replacement = new FakeOrder
                    {
                        Id = NewOrderId(),
                        ClientOrderId = r.TryGetProperty("client_order_id", out var c) ? c.GetString()! : $"{order.ClientOrderId}-r",
                        Symbol = order.Symbol,
                        AssetClass = order.AssetClass,
                        Side = order.Side,
                        Type = order.Type,
                        TimeInForce = r.TryGetProperty("time_in_force", out var t) ? t.GetString()! : order.TimeInForce,
                        Qty = r.TryGetProperty("qty", out var q) ? decimal.Parse(q.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : order.Qty,
                        LimitPrice = r.TryGetProperty("limit_price", out var p) ? decimal.Parse(p.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture) : order.LimitPrice,
                        CreatedAt = now,
                        SubmittedAt = now,
                        UpdatedAt = now,
                        Replaces = order.Id,
                    };
                    order.Status = "replaced";
                    order.ReplacedAt = order.UpdatedAt = now;
                    order.ReplacedBy = replacement.Id;
                    _orders.Add(replacement);
                    return (200, OrderJson(replacement).ToJsonString());
                }

            default:
                return (405, Error(40510000, "method not allowed"));
        }
    }

    private (int, string?) PositionRoute(string method, string symbol, IQueryCollection query)
    {
        if (symbol.Contains('/', StringComparison.Ordinal) || !_positions.TryGetValue(symbol, out var position))
        {
            // Alpaca answers the slash form of a crypto position with 404 too.
            return (404, Error(40410000, "position does not exist"));
        }

        if (method == "GET")
        {
            return (200, PositionJson(position).ToJsonString());
        }

        var qty = query["qty"].ToString() is { Length: > 0 } q ? decimal.Parse(q, NumberStyles.Float, CultureInfo.InvariantCulture) : Math.Abs(position.Qty);
        var crypto = position.AssetClass == "crypto";
        var now = Tick();
        var order = new FakeOrder
        {
            Id = NewOrderId(),
            ClientOrderId = $"close-{_nextOrder}",
            Symbol = crypto ? $"{symbol[..^3]}/{symbol[^3..]}" : symbol,
            AssetClass = position.AssetClass,
            Side = position.Qty > 0 ? "sell" : "buy",
            Type = "market",
            TimeInForce = crypto ? "gtc" : "day",
            Qty = qty,
            CreatedAt = now,
            SubmittedAt = now,
            UpdatedAt = now,
            Status = "accepted",
        };
        _orders.Add(order);
        return (200, OrderJson(order).ToJsonString());
    }

    private string Bars(IQueryCollection query)
    {
        var symbol = query["symbols"].ToString();
        var start = DateOnly.ParseExact(query["start"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var end = DateOnly.ParseExact(query["end"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = int.TryParse(query["page_token"], CultureInfo.InvariantCulture, out var token) ? token : 0;
        var all = _bars.TryGetValue(symbol, out var list)
            ? list.Where(b => DateOnly.FromDateTime(b.T.UtcDateTime) >= start && DateOnly.FromDateTime(b.T.UtcDateTime) <= end).ToList()
            : [];
        var page = all.Skip(from).Take(BarsPageSize).ToList();
        var next = from + page.Count < all.Count ? (from + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        var bars = new JsonObject();
        if (page.Count > 0)
        {
            bars[symbol] = new JsonArray([.. page.Select(b => (JsonNode)new JsonObject
            {
                ["t"] = b.T.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["o"] = b.O,
                ["h"] = b.H,
                ["l"] = b.L,
                ["c"] = b.C,
                ["v"] = b.V,
                ["n"] = b.N,
                ["vw"] = b.Vw,
            })]);
        }

        return new JsonObject { ["bars"] = bars, ["next_page_token"] = next }.ToJsonString();
    }

    private string Quotes(IQueryCollection query)
    {
        var symbol = query["symbols"].ToString();
        var quotes = new JsonObject();
        if (_quotes.TryGetValue(symbol, out var q))
        {
            quotes[symbol] = new JsonObject
            {
                ["t"] = Time(q.T),
                ["bp"] = q.Bid,
                ["bs"] = 1,
                ["ap"] = q.Ask,
                ["as"] = 1,
            };
        }

        return new JsonObject { ["quotes"] = quotes }.ToJsonString();
    }

    private string AccountJson() => new JsonObject
    {
        ["id"] = "e6fe16f3-64a4-4921-8928-cadf02f92f98",
        ["account_number"] = "PA3FAKE0001",
        ["status"] = "ACTIVE",
        ["crypto_status"] = "ACTIVE",
        ["currency"] = "USD",
        ["cash"] = Num(Account.Cash),
        ["buying_power"] = Num(Account.BuyingPower),
        ["regt_buying_power"] = Num(Account.BuyingPower),
        ["daytrading_buying_power"] = "0",
        ["non_marginable_buying_power"] = Num(Account.NonMarginableBuyingPower),
        ["equity"] = Num(Account.Equity),
        ["last_equity"] = Num(Account.LastEquity),
        ["portfolio_value"] = Num(Account.Equity),
        ["long_market_value"] = Num(Account.LongMarketValue),
        ["short_market_value"] = Num(Account.ShortMarketValue),
        ["multiplier"] = Num(Account.Multiplier),
        ["pattern_day_trader"] = false,
        ["trading_blocked"] = false,
        ["shorting_enabled"] = true,
        ["created_at"] = "2024-01-02T15:00:00.123456Z",
    }.ToJsonString();

    private string ClockJson()
    {
        var now = Now.ToOffset(TimeSpan.FromHours(-4));
        return new JsonObject
        {
            ["timestamp"] = Time(now),
            ["is_open"] = MarketOpen,
            ["next_open"] = Time(now.AddDays(1)),
            ["next_close"] = Time(now.AddHours(2)),
        }.ToJsonString();
    }

    private static JsonObject PositionJson(FakePosition p) => new()
    {
        ["asset_id"] = $"asset-{p.Symbol}",
        ["symbol"] = p.Symbol,
        ["exchange"] = p.AssetClass == "crypto" ? "CRYPTO" : "NASDAQ",
        ["asset_class"] = p.AssetClass,
        ["qty"] = Num(p.Qty),
        ["qty_available"] = Num(p.Qty),
        ["side"] = p.Qty >= 0 ? "long" : "short",
        ["avg_entry_price"] = Num(p.AvgEntryPrice),
        ["cost_basis"] = Num(p.Qty * p.AvgEntryPrice),
        ["market_value"] = Num(p.Qty * p.CurrentPrice),
        ["unrealized_pl"] = Num((p.CurrentPrice - p.AvgEntryPrice) * p.Qty),
        ["current_price"] = Num(p.CurrentPrice),
        ["lastday_price"] = Num(p.CurrentPrice),
        ["change_today"] = "0",
    };

    private static JsonObject OrderJson(FakeOrder o) => new()
    {
        ["id"] = o.Id,
        ["client_order_id"] = o.ClientOrderId,
        ["created_at"] = Time(o.CreatedAt),
        ["updated_at"] = Time(o.UpdatedAt),
        ["submitted_at"] = Time(o.SubmittedAt),
        ["filled_at"] = o.FilledAt is { } f ? Time(f) : null,
        ["expired_at"] = null,
        ["canceled_at"] = o.CanceledAt is { } c ? Time(c) : null,
        ["failed_at"] = null,
        ["replaced_at"] = o.ReplacedAt is { } r ? Time(r) : null,
        ["replaced_by"] = o.ReplacedBy,
        ["replaces"] = o.Replaces,
        ["asset_id"] = $"asset-{o.Symbol}",
        ["symbol"] = o.Symbol,
        ["asset_class"] = o.AssetClass,
        ["notional"] = null,
        ["qty"] = Num(o.Qty),
        ["filled_qty"] = Num(o.FilledQty),
        ["filled_avg_price"] = o.FilledAvgPrice is { } a ? Num(a) : null,
        ["order_class"] = "simple",
        ["order_type"] = o.Type,
        ["type"] = o.Type,
        ["side"] = o.Side,
        ["time_in_force"] = o.TimeInForce,
        ["limit_price"] = o.LimitPrice is { } l ? Num(l) : null,
        ["stop_price"] = null,
        ["status"] = o.Status,
        ["extended_hours"] = false,
        ["legs"] = null,
    };

    private string NewOrderId() => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{_nextOrder++:D12}");

    private static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    private static string Error(int code, string message) => new JsonObject { ["code"] = code, ["message"] = message }.ToJsonString();
}
