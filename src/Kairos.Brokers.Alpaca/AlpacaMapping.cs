using System.Globalization;
using System.Text.Json;
using Kairos.Core;
using Kairos.Core.Trading;

namespace Kairos.Brokers.Alpaca;

/// <summary>Alpaca Trading API payloads → Kairos types. Nothing shaped like Alpaca leaves this project.</summary>
internal static class AlpacaMapping
{
    public static AccountSnapshot Account(JsonElement a, DateTimeOffset asOf) => new()
    {
        Cash = AlpacaJson.DecimalOr(a, "cash", 0m),
        Equity = AlpacaJson.Decimal(a, "equity") ?? AlpacaJson.DecimalOr(a, "portfolio_value", 0m),
        LastEquity = AlpacaJson.DecimalOr(a, "last_equity", 0m),
        BuyingPower = AlpacaJson.DecimalOr(a, "buying_power", 0m),
        NonMarginableBuyingPower = AlpacaJson.DecimalOr(a, "non_marginable_buying_power", 0m),
        Multiplier = AlpacaJson.DecimalOr(a, "multiplier", 1m),
        LongMarketValue = AlpacaJson.DecimalOr(a, "long_market_value", 0m),
        ShortMarketValue = AlpacaJson.DecimalOr(a, "short_market_value", 0m),
        AsOf = asOf,
    };

    public static Position Position(JsonElement p)
    {
        var instrument = AlpacaSymbols.FromAlpaca(AlpacaJson.RequiredString(p, "symbol"), AlpacaJson.String(p, "asset_class"));
        var qty = AlpacaJson.DecimalOr(p, "qty", 0m);

        // Alpaca signs qty for shorts already; the side makes sure when a payload does not.
        if (string.Equals(AlpacaJson.String(p, "side"), "short", StringComparison.OrdinalIgnoreCase) && qty > 0)
        {
            qty = -qty;
        }

        var entry = AlpacaJson.DecimalOr(p, "avg_entry_price", 0m);
        return new Position(instrument, qty, entry, AlpacaJson.Decimal(p, "current_price") ?? entry);
    }

    public static Order Order(JsonElement o)
    {
        var filled = AlpacaJson.DecimalOr(o, "filled_qty", 0m);
        var tif = TimeInForceOf(AlpacaJson.String(o, "time_in_force"));
        var status = StatusOf(AlpacaJson.String(o, "status"), filled, tif);
        var submitted = AlpacaJson.Time(o, "submitted_at") ?? AlpacaJson.Time(o, "created_at") ?? DateTimeOffset.UnixEpoch;
        string? reason = AlpacaJson.String(o, "status") == "replaced" && AlpacaJson.String(o, "replaced_by") is { } by ? $"replaced by {by}" : null;
        return new Order
        {
            Id = AlpacaJson.RequiredString(o, "id"),
            ClientOrderId = AlpacaJson.String(o, "client_order_id") ?? string.Empty,
            Instrument = AlpacaSymbols.FromAlpaca(AlpacaJson.RequiredString(o, "symbol"), AlpacaJson.String(o, "asset_class")),
            Side = string.Equals(AlpacaJson.String(o, "side"), "sell", StringComparison.OrdinalIgnoreCase) ? OrderSide.Sell : OrderSide.Buy,
            Type = TypeOf(AlpacaJson.String(o, "type") ?? AlpacaJson.String(o, "order_type")),
            TimeInForce = tif,

            // A notional order has no qty until it fills; its size is then what filled.
            Quantity = AlpacaJson.Decimal(o, "qty") ?? filled,
            LimitPrice = AlpacaJson.Decimal(o, "limit_price"),
            Status = status,
            FilledQuantity = filled,
            AverageFillPrice = AlpacaJson.Decimal(o, "filled_avg_price"),
            SubmittedAt = submitted,
            UpdatedAt = AlpacaJson.Time(o, "updated_at") ?? submitted,
            RejectReason = reason,
        };
    }

    /// <summary>When the order stopped working (null while it still can fill).</summary>
    public static DateTimeOffset? ClosedAt(JsonElement o) => AlpacaJson.String(o, "status") switch
    {
        "filled" => AlpacaJson.Time(o, "filled_at") ?? AlpacaJson.Time(o, "updated_at"),
        "canceled" => AlpacaJson.Time(o, "canceled_at") ?? AlpacaJson.Time(o, "updated_at"),
        "expired" => AlpacaJson.Time(o, "expired_at") ?? AlpacaJson.Time(o, "updated_at"),
        "replaced" => AlpacaJson.Time(o, "replaced_at") ?? AlpacaJson.Time(o, "updated_at"),
        "rejected" => AlpacaJson.Time(o, "failed_at") ?? AlpacaJson.Time(o, "updated_at"),
        "done_for_day" when TimeInForceOf(AlpacaJson.String(o, "time_in_force")) == TimeInForce.Day => AlpacaJson.Time(o, "updated_at"),
        _ => null,
    };

    public static MarketClock Clock(JsonElement c) => new(
        AlpacaJson.Time(c, "timestamp") ?? throw Missing("timestamp"),
        AlpacaJson.Bool(c, "is_open"),
        AlpacaJson.Time(c, "next_open") ?? throw Missing("next_open"),
        AlpacaJson.Time(c, "next_close") ?? throw Missing("next_close"));

    public static AlpacaCalendarDay CalendarDay(JsonElement d)
    {
        var date = DateOnly.ParseExact(AlpacaJson.RequiredString(d, "date"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        DateTimeOffset At(string field, string fallback) => UsEastern.FromEastern(date, WallClock(AlpacaJson.String(d, field) ?? fallback));
        return new AlpacaCalendarDay(date, At("open", "09:30"), At("close", "16:00"), At("session_open", "0400"), At("session_close", "2000"));
    }

    public static AlpacaAsset Asset(JsonElement a) => new(
        AlpacaSymbols.FromAlpaca(AlpacaJson.RequiredString(a, "symbol"), AlpacaJson.String(a, "class")),
        AlpacaJson.String(a, "id") ?? string.Empty,
        AlpacaJson.String(a, "name") ?? string.Empty,
        AlpacaJson.String(a, "exchange") ?? string.Empty,
        AlpacaJson.String(a, "status") ?? string.Empty,
        AlpacaJson.Bool(a, "tradable"),
        AlpacaJson.Bool(a, "fractionable"),
        AlpacaJson.Bool(a, "shortable"),
        AlpacaJson.Bool(a, "marginable"),
        AlpacaJson.Bool(a, "easy_to_borrow"),
        AlpacaJson.Decimal(a, "min_order_size"),
        AlpacaJson.Decimal(a, "min_trade_increment"),
        AlpacaJson.Decimal(a, "price_increment"));

    public static string TimeInForceText(TimeInForce tif) => tif switch
    {
        TimeInForce.Day => "day",
        TimeInForce.Gtc => "gtc",
        TimeInForce.Ioc => "ioc",
        _ => throw new ArgumentOutOfRangeException(nameof(tif), tif, null),
    };

    // Kairos knows market and limit only: orders placed by hand keep their limit (stop_limit) or act at market (stop, trailing).
    private static OrderType TypeOf(string? type) => type is "limit" or "stop_limit" ? OrderType.Limit : OrderType.Market;

    // opg/cls live one session like day; fok is the all-or-nothing twin of ioc.
    private static TimeInForce TimeInForceOf(string? tif) => tif switch
    {
        "gtc" => TimeInForce.Gtc,
        "ioc" or "fok" => TimeInForce.Ioc,
        _ => TimeInForce.Day,
    };

    private static OrderStatus StatusOf(string? status, decimal filled, TimeInForce tif) => status switch
    {
        "filled" => OrderStatus.Filled,
        "partially_filled" => OrderStatus.PartiallyFilled,
        "canceled" or "replaced" => OrderStatus.Canceled,
        "expired" => OrderStatus.Expired,
        "done_for_day" when tif == TimeInForce.Day => OrderStatus.Expired,
        "rejected" => OrderStatus.Rejected,

        // new, accepted, pending_*, held, calculated, stopped, suspended, accepted_for_bidding, done_for_day (gtc): still working.
        _ => filled > 0 ? OrderStatus.PartiallyFilled : OrderStatus.New,
    };

    // Alpaca writes calendar times as "09:30" or "0930".
    private static TimeOnly WallClock(string text)
    {
        var digits = text.Replace(":", string.Empty, StringComparison.Ordinal);
        return TimeOnly.ParseExact(digits, "HHmm", CultureInfo.InvariantCulture);
    }

    private static AlpacaException Missing(string field) => new(AlpacaFailureKind.Rejected, null, null, $"Alpaca payload lacks the field '{field}'");
}
