using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace Kairos.Cli.Commands;

/// <summary><c>kairos account</c>: the Alpaca account's money (equity, cash, buying power, market values).</summary>
internal static class AccountCommand
{
    /// <param name="time">The clock of the Alpaca client (rate limit, retries, the snapshot's as-of time).</param>
    /// <param name="environment">The APCA_* and PAPER variables.</param>
    public static Command Create(TimeProvider time, IReadOnlyDictionary<string, string> environment) =>
        AlpacaSession.ShowCommand(
            "account",
            "Show the Alpaca account: equity, cash, buying power and market values (paper unless PAPER=0 and --live).",
            "Print one JSON object instead of text (the mode line goes to stderr).",
            time,
            environment,
            ShowAsync);

    private static async Task<int> ShowAsync(AlpacaSession session, bool json, TextWriter stdout, CancellationToken cancellationToken)
    {
        var account = await AlpacaSession.CallAsync(() => session.Broker.GetAccountAsync(cancellationToken));
        if (json)
        {
            var doc = session.Mode();
            doc["account"] = new JsonObject
            {
                ["equity"] = account.Equity,
                ["last_equity"] = account.LastEquity,
                ["day_pnl"] = account.Equity - account.LastEquity,
                ["cash"] = account.Cash,
                ["buying_power"] = account.BuyingPower,
                ["non_marginable_buying_power"] = account.NonMarginableBuyingPower,
                ["long_market_value"] = account.LongMarketValue,
                ["short_market_value"] = account.ShortMarketValue,
                ["gross_exposure"] = account.GrossExposure,
                ["multiplier"] = account.Multiplier,
                ["as_of"] = AlpacaSession.Instant(account.AsOf),
            };
            await stdout.WriteAsync(AlpacaSession.Render(doc));
            return ExitCodes.Success;
        }

        var text = new StringBuilder();
        foreach (var (label, value) in (ReadOnlySpan<(string, string)>)
        [
            ("equity", AlpacaSession.Money(account.Equity)),
            ("last equity", AlpacaSession.Money(account.LastEquity)),
            ("day P&L", AlpacaSession.Money(account.Equity - account.LastEquity)),
            ("cash", AlpacaSession.Money(account.Cash)),
            ("buying power", AlpacaSession.Money(account.BuyingPower)),
            ("non-marginable buying power", AlpacaSession.Money(account.NonMarginableBuyingPower)),
            ("long market value", AlpacaSession.Money(account.LongMarketValue)),
            ("short market value", AlpacaSession.Money(account.ShortMarketValue)),
            ("gross exposure", AlpacaSession.Money(account.GrossExposure)),
            ("multiplier", AlpacaSession.Exact(account.Multiplier)),
            ("as of", AlpacaSession.Instant(account.AsOf)),
        ])
        {
            text.Append(label.PadRight(28)).Append(value.PadLeft(20)).Append('\n');
        }

        await stdout.WriteAsync(text.ToString());
        return ExitCodes.Success;
    }
}
