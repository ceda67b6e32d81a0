using System.CommandLine;
using System.Text.Json.Nodes;
using Kairos.Brokers.Alpaca;
using Kairos.Cli.Output;
using Kairos.Core.Trading;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos orders</c>: the Alpaca account's orders by status, newest first.</summary>
internal static class OrdersCommand
{
    /// <summary>Alpaca's largest page of orders.</summary>
    public const int MaxLimit = 500;

    /// <param name="time">The clock of the Alpaca client (rate limit, retries).</param>
    /// <param name="environment">The APCA_* and PAPER variables.</param>
    public static Command Create(TimeProvider time, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(environment);
        var alpaca = AlpacaSession.CreateOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table (the mode line goes to stderr)." };
        var status = new Option<string>("--status")
        {
            Description = "Which orders: open (working), closed (filled, cancelled, expired, rejected) or all.",
            DefaultValueFactory = _ => "open",
        };
        status.AcceptOnlyFromAmong("open", "closed", "all");
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many orders, newest first (1..{MaxLimit}).",
            DefaultValueFactory = _ => 50,
        };
        var command = new Command("orders", "List the Alpaca account's orders, newest first: submitted, symbol, side, type, quantity, filled, limit, status, client order id.")
        {
            alpaca.Live, alpaca.Credentials, status, limit, json,
        };
        command.SetAction((parse, ct) => RunAsync(parse, alpaca, status, limit, json, time, environment, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parse,
        (Option<bool> Live, Option<FileInfo?> Credentials) alpaca,
        Option<string> statusOption,
        Option<int> limitOption,
        Option<bool> jsonOption,
        TimeProvider time,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken)
    {
        var limit = parse.GetValue(limitOption);
        if (limit is < 1 or > MaxLimit)
        {
            throw new UsageException($"--limit must be within 1..{MaxLimit} (Alpaca's largest page of orders), got {limit}.");
        }

        var status = parse.GetValue(statusOption) switch
        {
            "closed" => AlpacaOrderQueryStatus.Closed,
            "all" => AlpacaOrderQueryStatus.All,
            _ => AlpacaOrderQueryStatus.Open,
        };
        var stdout = parse.InvocationConfiguration.Output;
        var json = parse.GetValue(jsonOption);
        using var session = await AlpacaSession.OpenAsync(parse, alpaca, environment, time, json ? parse.InvocationConfiguration.Error : stdout);
        var orders = await AlpacaSession.CallAsync(() => session.Broker.ListOrdersAsync(status, limit, cancellationToken));
        if (json)
        {
            var doc = session.Mode();
            doc["status"] = parse.GetValue(statusOption);
            doc["orders"] = new JsonArray([.. orders.Select(o => (JsonNode)new JsonObject
            {
                ["id"] = o.Id,
                ["client_order_id"] = o.ClientOrderId,
                ["submitted_at"] = AlpacaSession.Instant(o.SubmittedAt),
                ["symbol"] = o.Instrument.Symbol,
                ["side"] = Side(o.Side),
                ["type"] = Type(o.Type),
                ["time_in_force"] = o.TimeInForce.ToString().ToLowerInvariant(),
                ["quantity"] = o.Quantity,
                ["filled_quantity"] = o.FilledQuantity,
                ["limit_price"] = o.LimitPrice,
                ["average_fill_price"] = o.AverageFillPrice,
                ["status"] = Status(o.Status),
                ["reason"] = o.RejectReason,
            })]);
            await stdout.WriteAsync(AlpacaSession.Render(doc));
            return ExitCodes.Success;
        }

        if (orders.Count == 0)
        {
            await stdout.WriteLineAsync($"No {parse.GetValue(statusOption)} orders.");
            return ExitCodes.Success;
        }

        var table = new ConsoleTable("submitted", "symbol", "side", "type", "qty", "filled", "limit", "status", "client order id");
        foreach (var o in orders)
        {
            table.Add(
                AlpacaSession.Instant(o.SubmittedAt),
                o.Instrument.Symbol,
                Side(o.Side),
                Type(o.Type),
                AlpacaSession.Exact(o.Quantity),
                AlpacaSession.Exact(o.FilledQuantity),
                o.LimitPrice is { } price ? AlpacaSession.Exact(price) : "-",
                Status(o.Status),
                o.ClientOrderId);
        }

        await stdout.WriteAsync(table.ToString());
        return ExitCodes.Success;
    }

    private static string Side(OrderSide side) => side == OrderSide.Buy ? "buy" : "sell";

    private static string Type(OrderType type) => type == OrderType.Limit ? "limit" : "market";

    private static string Status(OrderStatus status) => status switch
    {
        OrderStatus.New => "new",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Filled => "filled",
        OrderStatus.Canceled => "canceled",
        OrderStatus.Expired => "expired",
        _ => "rejected",
    };
}
