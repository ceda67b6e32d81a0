using System.CommandLine;
using System.Text.Json.Nodes;
using Kairos.Cli.Output;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos positions</c>: the Alpaca account's open positions, symbols in Kairos' form (<c>BTCUSD</c>).</summary>
internal static class PositionsCommand
{
    /// <param name="time">The clock of the Alpaca client (rate limit, retries).</param>
    /// <param name="environment">The APCA_* and PAPER variables.</param>
    public static Command Create(TimeProvider time, IReadOnlyDictionary<string, string> environment) =>
        AlpacaSession.ShowCommand(
            "positions",
            "List the Alpaca account's open positions: side, quantity, average entry, price, market value and unrealised P&L.",
            "Print one JSON object instead of a table (the mode line goes to stderr).",
            time,
            environment,
            ShowAsync);

    private static async Task<int> ShowAsync(AlpacaSession session, bool json, TextWriter stdout, CancellationToken cancellationToken)
    {
        var positions = (await AlpacaSession.CallAsync(() => session.Broker.GetPositionsAsync(cancellationToken)))
            .OrderBy(p => p.Instrument.Symbol, StringComparer.Ordinal)
            .ToList();
        if (json)
        {
            var doc = session.Mode();
            doc["positions"] = new JsonArray([.. positions.Select(p => (JsonNode)new JsonObject
            {
                ["symbol"] = p.Instrument.Symbol,
                ["asset_class"] = p.Instrument.IsCrypto ? "crypto" : "equity",
                ["side"] = p.IsLong ? "long" : "short",
                ["quantity"] = p.Quantity,
                ["average_entry_price"] = p.AverageEntryPrice,
                ["market_price"] = p.MarketPrice,
                ["market_value"] = p.MarketValue,
                ["unrealized_pnl"] = p.UnrealizedPnl,
            })]);
            await stdout.WriteAsync(AlpacaSession.Render(doc));
            return ExitCodes.Success;
        }

        if (positions.Count == 0)
        {
            await stdout.WriteLineAsync("No open positions.");
            return ExitCodes.Success;
        }

        var table = new ConsoleTable("symbol", "side", "qty", "avg entry", "price", "market value", "unrealised P&L");
        foreach (var p in positions)
        {
            table.Add(
                p.Instrument.Symbol,
                p.IsLong ? "long" : "short",
                AlpacaSession.Exact(Math.Abs(p.Quantity)),
                AlpacaSession.Exact(p.AverageEntryPrice),
                AlpacaSession.Exact(p.MarketPrice),
                AlpacaSession.Money(p.MarketValue),
                AlpacaSession.Money(p.UnrealizedPnl));
        }

        await stdout.WriteAsync(table.ToString());
        await stdout.WriteLineAsync(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{positions.Count} position(s), market value {AlpacaSession.Money(positions.Sum(p => p.MarketValue))}, unrealised P&L {AlpacaSession.Money(positions.Sum(p => p.UnrealizedPnl))}"));
        return ExitCodes.Success;
    }
}
